// The row reader's field parsers (core/io/row_field_parsers.hpp) and the columns they fill: numbers,
// ISO dates, coordinates and fatalities read straight to the columns' forms, each against the general
// parser or GDAL's reading of the same text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/io/dates.hpp"
#include "core/io/row_field_parsers.hpp"
#include "core/text.hpp"
#include "csv_test_files.hpp"

using namespace zila::test;

TEST_CASE("Plain decimals are read bit for bit as from_chars reads them", "[fast_csv]") {
  // Up to 17 significant digits, so that both the exact short path and from_chars are taken.
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
  std::vector<std::string> lons{"0", "-0", "-0.0", "180", "-180.000000", "0.1", "71.99999999999999", "0.000000000000001"},
      lats{"0.5", "-0", "90", "-89.9999999999999999", "1.000000000000001", "33.123456789012345", "12", "-0.25"};
  char text[64];
  for (int i = 0; i < 20000; ++i) {
    const int digits = 1 + i % 17;
    lons.emplace_back(text, std::snprintf(text, sizeof text, "%.*f", digits, lon(random)));
    lats.emplace_back(text, std::snprintf(text, sizeof text, "%.*f", 17 - digits, lat(random)));
  }
  std::string csv = "date,district,lon,lat\n";
  for (size_t i = 0; i < lons.size(); ++i) csv += "2020-05-05,Swat," + lons[i] + "," + lats[i] + "\n";
  zila::EventTable table = load(write_file("decimals.csv", csv), false);
  REQUIRE(table.size() == lons.size());
  auto bits = [](const std::string& s) {
    double value = 0;
    std::from_chars(s.data(), s.data() + s.size(), value);
    uint64_t out;
    std::memcpy(&out, &value, sizeof out);
    return out;
  };
  size_t differing = 0;
  for (size_t i = 0; i < lons.size(); ++i) {
    uint64_t x, y;
    const double lon_i = table.lon[i], lat_i = table.lat[i];
    std::memcpy(&x, &lon_i, sizeof x);
    std::memcpy(&y, &lat_i, sizeof y);
    if (x != bits(lons[i]) || y != bits(lats[i])) ++differing;
  }
  CHECK(differing == 0);
}

TEST_CASE("Decimals read eight at a time give parse_number's value, and a stray byte among them is caught", "[fast_csv]") {
  // Texts whose last eight bytes hold the decimals and something else; each must read as parse_number
  // (the whole path) reads it: a value, or nothing (then the row has no coordinates).
  const std::vector<std::string> lons{"71.1234x6", "71.12 456", "71.123456:", "71.1234/6", "1.12345678", "12.1234567",
                                      "123.1", "12345678.5", "-0.00000001", "71.1234\x7F" "6", "71.\xC3\xA9" "1234", "7.0000000",
                                      "1234567.12345678", "71.123456789", "71.12345\xFF", "179.99999999", "71.1234:6",
                                      "71.1234@6", "71.1234`6", "71.1234\xB0" "6"};
  std::string csv = "date,district,lon,lat\n";
  for (const std::string& lon : lons) csv += "2020-05-05,Swat," + lon + ",30\n";
  zila::EventOptions options;
  options.path = write_file("eight_decimals.csv", csv);
  options.columns.lon = "lon", options.columns.lat = "lat";  // named: so many bad values would fail detection
  zila::EventTable table = zila::load_events(options);
  REQUIRE(table.size() == lons.size());
  size_t unreadable = 0;
  for (size_t i = 0; i < lons.size(); ++i) {
    INFO(lons[i]);
    const std::optional<double> expected = zila::parse_number(lons[i]);
    const double lon = table.lon[i];
    if (!expected || std::abs(*expected) > 180) {
      ++unreadable;
      CHECK(std::isnan(lon));
    } else {
      CHECK(std::memcmp(&lon, &*expected, sizeof lon) == 0);
    }
  }
  CHECK(unreadable >= 8);
}

TEST_CASE("ISO dates read by the row reader's shortcut are the days the general date parser gives", "[fast_csv]") {
  // Every day of 1899-12-26 .. 2100-01-03 (the shortcut covers 1900-2099; the ends take parse_date),
  // and texts that look ISO but are no dates, or not in the shortcut's form.
  std::vector<std::string> texts;
  for (int32_t day = -25573; day <= 47484; ++day) texts.push_back(zila::format_iso_date(day));
  for (const char* odd : {"2023-02-29", "2024-02-29", "2100-02-29", "2000-02-29", "1900-02-29", "2024-02-30", "2024-04-31",
                          "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-1-05", "2024/01/05", "2024-01-5 ",
                          "+024-01-05", "2024-0a-05", "2024-01-0:", "20240-1-05", "2024-01-05T00", "0999-01-01",
                          // each byte the shortcut reads a word at a time: a neighbour of a digit or a dash in it
                          "2024-01-/5", "2024-01-5/", "/024-01-05", "2024-/1-05", "2024:01-05", "2024-01:05", "2024-01--5",
                          "2O24-01-05", "2024-01-05\x7f", "2024-01-\x7f" "5"}) {
    texts.emplace_back(odd);
  }
  std::string csv = "date,district\n";
  for (const std::string& text : texts) csv += text + ",Swat\n";
  zila::EventOptions options;
  options.path = write_file("iso_dates.csv", csv);
  options.first_year = 1, options.last_year = 9999;
  zila::EventTable table = zila::load_events(options);
  size_t row = 0, rejected = 0, differing = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::optional<int32_t> expected = zila::parse_date(texts[i], zila::DateOptions{});
    if (!expected) {
      ++rejected;
      continue;
    }
    differing += row >= table.size() || table.day[row] != *expected;
    ++row;
  }
  CHECK(table.size() == row);
  CHECK(table.rejected.size() == rejected);
  CHECK(rejected >= 10);
  CHECK(differing == 0);
}

TEST_CASE("Coordinates of up to seven decimals are held in four bytes, longer ones as the parsed double", "[fast_csv]") {
  // Seven decimals or fewer: every value is a whole number of 1e-7 degrees, stored as such.
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> lon(60, 78), lat(23, 37);
  std::vector<std::string> lons, lats;
  char text[64];
  for (int i = 0; i < 5000; ++i) {
    const int digits = i % 8;
    lons.emplace_back(text, std::snprintf(text, sizeof text, "%.*f", digits, lon(random)));
    lats.emplace_back(text, std::snprintf(text, sizeof text, "%.*f", 7 - digits, lat(random)));
  }
  auto check = [&](const std::string& name, bool compact) {
    std::string csv = "date,district,lon,lat\n";
    for (size_t i = 0; i < lons.size(); ++i) csv += "2020-05-05,Swat," + lons[i] + "," + lats[i] + "\n";
    csv += "2020-05-06,Swat,,\n";  // no point: NaN either way
    const zila::EventTable table = load(write_file(name, csv), false);
    REQUIRE(table.size() == lons.size() + 1);
    CHECK(table.lon.compact() == compact);
    CHECK(table.lat.compact());  // each column decides for itself
    for (size_t i = 0; i < lons.size(); ++i) {
      double x = 0, y = 0;
      std::from_chars(lons[i].data(), lons[i].data() + lons[i].size(), x);
      std::from_chars(lats[i].data(), lats[i].data() + lats[i].size(), y);
      const double got_x = table.lon[i], got_y = table.lat[i];
      if (std::memcmp(&x, &got_x, sizeof x) != 0 || std::memcmp(&y, &got_y, sizeof y) != 0) FAIL_CHECK(lons[i] << "," << lats[i]);
    }
    CHECK(std::isnan(table.lon[lons.size()]));
    check_same_tables(write_file(name, csv));
  };
  check("seven_decimals.csv", true);
  // One value with eight decimals, late in the file: the whole column turns to doubles, values unchanged.
  lons[4000] = "71.12345678";
  check("eight_decimals.csv", false);
}

namespace {

// Random and awkward decimal texts: signs, leading zeros, up to five whole digits and ten decimals,
// exponents, a dot with no digits, stray bytes.
std::vector<std::string> awkward_decimals() {
  std::vector<std::string> texts{"0",     "-0",     "-0.0",     "-0.0000000", "0.0000000", "180",        "-180.0000000", "180.0000001",
                                 "90",    "90.0000001", "-90.0000001", "999.9999999", "1000", "007.5", "0071.1234567", "71.",
                                 ".5",    "-.5",    "+71.25",   "71.25e0",    "7.125E1",   "1e2",        "71.12345678",  "71.1234560",
                                 "71,25", " 71.25", "71.25 ",   "--71",       "-",         "",           "0x10",         "71.1234567890",
                                 "254",   "255",    "0254",     "00",         "1.5",       "12.5",       "254.0",        "3.0000000"};
  std::mt19937_64 random(16);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<uint64_t>(n)); };
  for (int i = 0; i < 200000; ++i) {
    std::string text = pick(3) == 0 ? "-" : "";
    const int whole = pick(6), decimals = pick(11);
    for (int d = 0; d < whole; ++d) {
      const bool edge = d == 0 && pick(2) == 0;  // a leading 0 or 9: leading zeros, values near the limits
      text += static_cast<char>('0' + (edge ? pick(2) * 9 : pick(10)));
    }
    if (decimals > 0 || pick(8) == 0) text += '.';
    for (int d = 0; d < decimals; ++d) text += static_cast<char>('0' + pick(10));
    if (pick(50) == 0) text += "e" + std::to_string(pick(5) - 2);
    if (!text.empty() && pick(100) == 0) text[static_cast<size_t>(pick(static_cast<int>(text.size())))] = "x:/"[pick(3)];
    texts.push_back(text);
  }
  return texts;
}

}  // namespace

TEST_CASE("Coordinates and fatalities read straight to the columns' units are what number() and the columns give", "[fast_csv]") {
  // Wherever a shortcut reads a text, the general path (number(), then the column's narrowing of the
  // double) reads it to the same units, and range checks in units decide as in degrees.
  namespace rf = zila::row_fields;
  size_t scaled = 0, small = 0;
  for (const std::string& text : awkward_decimals()) {
    INFO(text);
    if (const std::optional<int64_t> units = rf::scaled_degrees(text)) {
      ++scaled;
      const std::optional<double> value = rf::number(text);
      REQUIRE(value);
      for (const int64_t degrees : {90, 180}) {
        if ((std::abs(*units) > degrees * rf::kUnitsPerDegree) != (std::abs(*value) > static_cast<double>(degrees))) FAIL_CHECK(degrees);
      }
      if (std::abs(*units) <= 180 * rf::kUnitsPerDegree && zila::ScaledDegrees::narrow(*value) != static_cast<int32_t>(*units)) {
        FAIL_CHECK("units " << *units);
      }
    }
    if (const std::optional<uint8_t> byte = rf::small_fatalities(text)) {
      ++small;
      const std::optional<double> value = rf::number(text);
      if (!value || zila::SmallFatalities::narrow(static_cast<float>(*value)) != *byte) FAIL_CHECK("byte " << int{*byte});
    }
  }
  CHECK(scaled > 50000);  // the shortcuts are taken, not only refused
  CHECK(small > 2000);
  for (const char* refused : {"-0", "-0.0000000", "71.12345678", "1000", "1e2", "+71.25", "71.", ".5", " 71.25", ""}) {
    CHECK_FALSE(rf::scaled_degrees(refused));
  }
  for (const char* refused : {"-0", "255", "1000", "1.0", " 7", "", "+1"}) CHECK_FALSE(rf::small_fatalities(refused));
}

TEST_CASE("Rows of awkward coordinates and fatalities are read as the general path reads them", "[fast_csv]") {
  // The row reader's rules on doubles from number(): a latitude beyond 90 with a longitude within 90 is
  // swapped back, then a point out of range (or half unreadable) is none; fatalities from 0 to
  // FLT_MAX, else unknown. The table must hold exactly these values, shortcut or not.
  const std::vector<std::string> texts = awkward_decimals();
  std::string csv = "date,district,fatalities,lon,lat\n";
  std::vector<std::array<std::string, 3>> rows;
  for (size_t i = 0; i + 2 < texts.size() && rows.size() < 60000; i += 3) {
    if (texts[i].find_first_of(", ") != std::string::npos || texts[i + 1].find_first_of(", ") != std::string::npos ||
        texts[i + 2].find_first_of(", ") != std::string::npos) {
      continue;
    }
    rows.push_back({texts[i], texts[i + 1], texts[i + 2]});
    csv += "2020-05-05,Swat," + texts[i] + "," + texts[i + 1] + "," + texts[i + 2] + "\n";
  }
  zila::EventOptions options;
  options.path = write_file("awkward_decimals.csv", csv);
  options.columns.fatalities = "fatalities", options.columns.lon = "lon", options.columns.lat = "lat";
  const zila::EventTable table = zila::load_events(options);
  REQUIRE(table.size() == rows.size());
  size_t differing = 0, points = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    float fatalities = std::numeric_limits<float>::quiet_NaN();
    if (const std::optional<double> f = zila::row_fields::number(rows[i][0]); f && *f >= 0 && *f <= std::numeric_limits<float>::max()) {
      fatalities = static_cast<float>(*f);
    }
    double lon = std::numeric_limits<double>::quiet_NaN(), lat = lon;
    std::optional<double> x = zila::row_fields::number(rows[i][1]), y = zila::row_fields::number(rows[i][2]);
    if (x && y) {
      if (std::abs(*y) > 90 && std::abs(*x) <= 90) std::swap(x, y);
      if (std::abs(*x) <= 180 && std::abs(*y) <= 90) lon = *x, lat = *y, ++points;
    }
    const float got_fatalities = table.fatalities[i];
    const double got_lon = table.lon[i], got_lat = table.lat[i];
    if (std::memcmp(&fatalities, &got_fatalities, sizeof fatalities) != 0 || std::memcmp(&lon, &got_lon, sizeof lon) != 0 ||
        std::memcmp(&lat, &got_lat, sizeof lat) != 0) {
      if (++differing < 10) FAIL_CHECK(rows[i][0] << "," << rows[i][1] << "," << rows[i][2]);
    }
  }
  CHECK(differing == 0);
  CHECK(points > 5000);
}

TEST_CASE("Counts and fatalities are held in one byte while whole and small, the read values otherwise", "[fast_csv]") {
  // 60k rows (several chunks read in parallel); one late row that does not fit turns its column wide.
  auto check = [](const std::string& name, const std::string& late_count, const std::string& late_fatalities,
                  bool count_compact, bool fatalities_compact) {
    std::string csv = "date,district,events,killed\n";
    const int rows = 60000;
    for (int i = 0; i < rows; ++i) {
      const bool late = i == rows - 7;
      csv += "2020-05-05,Swat," + (late ? late_count : std::to_string(i % 200 + 1)) + "," +
             (late ? late_fatalities : i % 11 == 0 ? std::string() : std::to_string(i % 254)) + "\n";
    }
    const std::string path = write_file(name, csv);
    zila::EventOptions options;
    options.path = path;
    options.columns.count = "events";
    const zila::EventTable table = zila::load_events(options);
    REQUIRE(table.size() == static_cast<size_t>(rows));
    CHECK(table.count.compact() == count_compact);
    CHECK(table.fatalities.compact() == fatalities_compact);
    for (int i = 0; i < rows; ++i) {
      const bool late = i == rows - 7;
      const uint32_t count = late ? static_cast<uint32_t>(std::stoul(late_count)) : static_cast<uint32_t>(i % 200 + 1);
      if (table.count[static_cast<size_t>(i)] != count) FAIL_CHECK("count row " << i);
      const float f = table.fatalities[static_cast<size_t>(i)];
      if (late) {
        const float want = std::stof(late_fatalities);
        if (std::memcmp(&f, &want, sizeof f) != 0) FAIL_CHECK("fatalities row " << i << ": " << f);
      } else if (i % 11 == 0 ? !std::isnan(f) : f != static_cast<float>(i % 254)) {
        FAIL_CHECK("fatalities row " << i << ": " << f);
      }
    }
  };
  check("small_counts.csv", "3", "4", true, true);
  check("big_count.csv", "255", "4", false, true);
  check("fractional_fatalities.csv", "3", "2.5", true, false);
  check("many_fatalities.csv", "70000", "255", false, false);
  check("negative_zero_fatalities.csv", "3", "-0", true, false);
}

