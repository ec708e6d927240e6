// The fast CSV reader against GDAL's: field by field, on the fixtures, the real drone-strike file and
// files written to exercise quoting, line ends, encodings and chunk cuts.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/io/dates.hpp"
#include "core/io/event_loader.hpp"
#include "core/io/fast_csv.hpp"
#include "core/io/row_field_parsers.hpp"
#include "core/text.hpp"

namespace {

namespace fs = std::filesystem;

// Naming the layer sends the file through GDAL; without it a plain .csv takes the fast reader.
zila::EventTable load(const std::string& path, bool through_gdal) {
  zila::EventOptions options;
  options.path = path;
  if (through_gdal) options.layer = fs::path(path).stem().string();
  return zila::load_events(options);
}

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {  // NaN == NaN
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

template <typename Column>  // a CompactColumn: compact or wide, compared by value
bool same_bits(const Column& a, const Column& b) {  // NaN == NaN
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto x = a[i], y = b[i];
    if (std::memcmp(&x, &y, sizeof x) != 0) return false;
  }
  return true;
}

void check_same_tables(const std::string& path) {
  INFO(path);
  zila::EventTable fast = load(path, false), gdal = load(path, true);
  CHECK(fast.rows_read == gdal.rows_read);
  REQUIRE(fast.size() == gdal.size());
  CHECK(fast.day == gdal.day);
  CHECK(fast.precision == gdal.precision);
  CHECK(fast.category == gdal.category);
  CHECK(fast.count == gdal.count);
  CHECK(same_bits(fast.fatalities, gdal.fatalities));
  CHECK(fast.place == gdal.place);
  CHECK(fast.place_names == gdal.place_names);
  CHECK(same_bits(fast.lon, gdal.lon));
  CHECK(same_bits(fast.lat, gdal.lat));
  REQUIRE(fast.rejected.size() == gdal.rejected.size());
  for (size_t i = 0; i < fast.rejected.size(); ++i) {
    CHECK(fast.rejected[i].row == gdal.rejected[i].row);
    CHECK(fast.rejected[i].reason == gdal.rejected[i].reason);
  }
  CHECK(fast.warnings == gdal.warnings);
  CHECK(fast.columns.date == gdal.columns.date);
  CHECK(fast.columns.place == gdal.columns.place);
  CHECK(fast.columns.lon == gdal.columns.lon);
}

std::string write_file(const std::string& name, const std::string& bytes) {
  // One folder per process: ctest runs test cases (and other checkouts their suites) side by side.
  fs::path dir = fs::temp_directory_path() / ("zila_fast_csv_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

std::vector<std::string> fields_of(std::string_view data) {
  zila::CsvRecordReader reader(data);
  std::vector<std::string_view> fields;
  size_t pos = 0;
  if (!reader.next(pos, fields)) return {"<none>"};
  return {fields.begin(), fields.end()};
}

}  // namespace

TEST_CASE("CSV records split as GDAL splits them", "[fast_csv]") {
  CHECK(fields_of("a,b,c\n") == std::vector<std::string>{"a", "b", "c"});
  CHECK(fields_of("a,,c,\r\n") == std::vector<std::string>{"a", "", "c", ""});
  CHECK(fields_of("\"x,y\",\"say \"\"hi\"\"\",\"\"") == std::vector<std::string>{"x,y", "say \"hi\"", ""});
  CHECK(fields_of("\"one\r\ntwo\rthree\n\rfour\n\nfive\",z") == std::vector<std::string>{"one\ntwo\nthree\nfour\n\nfive", "z"});
  CHECK(fields_of("\n\r\n  ,x") == std::vector<std::string>{"  ", "x"});
  // Several rewritten quoted fields in one record: each keeps its own text (found by fuzz_csv_rows:
  // growing the per-field buffers used to move the earlier fields' strings under their views).
  CHECK(fields_of("\"a\"\"b\",\"c\"\"d\",\"e\"\"f\"\n") == std::vector<std::string>{"a\"b", "c\"d", "e\"f"});
}

TEST_CASE("CSV syntax GDAL reads its own way is refused, not guessed", "[fast_csv]") {
  for (std::string_view bad : {std::string_view("ab\"c,d\n"), std::string_view("\"ab\"c,d\n"),
                                std::string_view("\"open,d\n"), std::string_view("a\0b,c\n", 6)}) {
    zila::CsvRecordReader reader(bad);
    std::vector<std::string_view> fields;
    size_t pos = 0;
    CHECK_FALSE(reader.next(pos, fields));
    CHECK(reader.unsupported());
  }
}

TEST_CASE("A plain record split in one pass has the fields, end and ASCII flag the general split gives", "[fast_csv]") {
  // Random records around the 64 bytes the one-pass split takes: plain ones, and ones it must leave to
  // next() (quotes, NULs, no line break within 64 bytes, a byte-order mark, the data's last 64 bytes).
  std::mt19937_64 random(11);
  const std::string_view alphabet[] = {"a", "Z", "7", " ", " ", ",", ",", ",", "\r", "\n", "\r\n", "\n\r", "\t",
                                       "\"", "\"q\"", std::string_view("\0", 1), "\xC3\xA9", "\xE9", "\x7F", "\xEF\xBB\xBF"};
  constexpr size_t kCommon[] = {8, 9, 10, 11, 12, 16, 17, 18}, kRare[] = {13, 14, 15, 19};
  size_t plain_records = 0, other_records = 0;
  for (int round = 0; round < 200; ++round) {
    std::string data;
    while (data.size() < 4000) {
      const size_t length = std::uniform_int_distribution<size_t>(0, 120)(random);
      for (size_t i = 0; i < length; ++i) {
        // Mostly plain text and commas, some line breaks and non-ASCII, rarely what next() refuses or
        // reads as quoted (after which the rest of the data is next()'s).
        const size_t pick = std::uniform_int_distribution<size_t>(0, 9999)(random);
        data += pick < 9000 ? alphabet[pick % 8] : pick < 9990 ? alphabet[kCommon[pick % 8]] : alphabet[kRare[pick % 4]];
      }
      data += '\n';
    }
    zila::CsvRecordReader plain_reader(data), reader(data);
    zila::PlainCsvRecord plain;
    std::vector<std::string_view> fields;
    size_t pos = 0;
    for (;;) {
      size_t plain_pos = pos;
      const bool split = plain_reader.next_plain(plain_pos, plain);
      if (!split) CHECK(plain_pos == pos);
      if (!reader.next(pos, fields)) {
        CHECK_FALSE(split);
        break;
      }
      if (!split) {
        ++other_records;
        continue;
      }
      ++plain_records;
      CHECK(plain_pos == pos);
      CHECK(plain.ascii() == reader.ascii());
      REQUIRE(plain.size() == fields.size());
      for (size_t i = 0; i < fields.size(); ++i) CHECK(plain.field(i) == fields[i]);
    }
  }
  CHECK(plain_records > 2000);
  CHECK(other_records > 100);
}

TEST_CASE("Records around 64 bytes and across chunk ends give GDAL's EventTable", "[fast_csv]") {
  // Rows of 60-70 bytes (the one-pass split takes those ending within 64), with trailing spaces,
  // non-ASCII bytes either side of the 64th, short and long rows; over 2.5 MiB, so chunks end among them.
  std::string text = "date,district,category,killed,lon,lat\n";
  std::mt19937_64 random(5);
  for (size_t i = 0; text.size() < (size_t{5} << 19); ++i) {
    std::string row = "2019-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + ",District " + std::to_string(i % 37);
    const size_t padding = std::uniform_int_distribution<size_t>(0, 20)(random);
    row += std::string(padding, i % 3 ? ' ' : 'x');
    if (i % 7 == 0) row += "\xC3\xA9";  // UTF-8
    if (i % 11 == 0) row += "\xE9";      // Windows-1252
    row += ",incident,";
    row += std::to_string(i % 5) + ",7" + std::to_string(i % 10) + ".5,3" + std::to_string(i % 7) + ".25";
    if (i % 13 == 0) row = row.substr(0, row.find(",incident"));  // short: no category, fatalities or coordinates
    if (i % 17 == 0) row += ",extra, cells";                        // long: more cells than the header
    if (i % 19 == 0) row += "   ";                                  // trailing spaces on the last cell
    text += row + (i % 23 == 0 ? "\r\n" : "\n");
  }
  check_same_tables(write_file("around_64.csv", text));
}

TEST_CASE("Re-synchronising after a cut skips to the next line start", "[fast_csv]") {
  std::string_view data = "ab,c\r\n\r\nde,f\n";
  CHECK(zila::csv_resync(data, 0) == 0);
  CHECK(zila::csv_resync(data, 2) == 8);
  CHECK(zila::csv_resync(data, 5) == 8);  // just after the \r: the pair and the empty line are skipped
  CHECK(zila::csv_resync(data, 8) == 8);   // byte 7 ends the empty line: a record starts at 8
  CHECK(zila::csv_resync(data, 9) == 13);
}

TEST_CASE("The fast CSV reader gives GDAL's EventTable on the fixtures and the real drone file", "[fast_csv]") {
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv");
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/events_cr_day_first.csv");
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/events_gtd.csv");  // a date in parts, known to the month or year
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/layouts/acled.csv");  // a precision column
  check_same_tables(std::string(ZILA_SHARED_DIR) + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv");
}

TEST_CASE("The fast CSV reader gives GDAL's EventTable for line ends, quotes, BOM and encodings", "[fast_csv]") {
  const std::string header = "date,district,category,events,killed,lon,lat,note\n";
  const std::string rows =
      "2024-01-05,Peshawar,incident,2,3,71.5,34.0,plain\n"
      "2024-01-06,\"Dera Ismail Khan\",operation,1,,70.9,31.8,\"two\nlines, a comma and \"\"quotes\"\"\"\n"
      "\n"
      "05/01/2024,Quetta,Battles,1 000,x,67.0,30.2,\n"
      "2024-02-30,Lahore,riots,1,0,,,short\n"
      "2024-03-01,Karachi\n"
      "   ,  ,,,,,,\n"
      "Total,,,5,,,,\n"
      "2024-03-02,Multan,\xE9v\xE9nement,1,1.5,71.47,30.2,\"caf\xE9\"\n"
      "2024-03-03,,incident,1,0,34.0,71.5,swapped\n"
      "2024-03-04,Sukkur,incident,1,0,68.86,27.7,extra,cells,here\n"
      // Non-ASCII bytes in fields longer than sixteen bytes, before and after the sixteenth.
      "2024-03-05,Dera Ismail Khan Tehsil \xC3\xA9,incident,1,0,70.9,31.8,ok\n"
      "2024-03-06,D\xE9ra Ismail Khan Tehsil,incident,1,0,70.9,31.8,ok\n"
      "2024-03-07,Dera Ismail Khan Tehsil \xE9,incident,1,0,70.9,31.8,ok\n"
      // Non-ASCII dates longer than 15 bytes (issue 9's use-after-free), valid and not.
      "15 f\xC3\xA9vrier 2024,Swat,incident,1,0,72.4,35.2,\n"
      "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4-\xD9\xA0\xD9\xA1-\xD9\xA1\xD9\xA5,Swat,incident,1,0,72.4,35.2,\n"
      "15\xC2\xA0" "February\xC2\xA0" "2024,Swat,incident,1,0,72.4,35.2,\n"
      "\xFF\xFE\x80 2024 \xC3\x28 random bytes,Swat,incident,1,0,72.4,35.2,\n";
  check_same_tables(write_file("lf.csv", header + rows));
  std::string crlf, cr;
  for (char c : header + rows) {
    if (c == '\n') crlf += "\r\n", cr += '\r';
    else crlf += c, cr += c;
  }
  check_same_tables(write_file("crlf.csv", crlf));
  check_same_tables(write_file("cr.csv", cr));
  check_same_tables(write_file("bom.csv", "\xEF\xBB\xBF" + crlf + "2024-04-01,Swat,incident,1,0,72.4,35.2,no final line end"));
  // A mid-field quote is not handled by the fast reader: the whole file goes through GDAL instead.
  check_same_tables(write_file("fallback.csv", header + rows + "2024-04-02,Swat,incident,1,0,72.4,35.2,5\" rain\n"));
}

TEST_CASE("Chunks cut inside quoted line breaks are read again from the right place", "[fast_csv]") {
  // Over several 1 MiB chunks of rows whose notes hold line breaks, so cuts land inside quotes; every
  // 1000th row has a bad date, so that rejected rows fall in every chunk.
  std::string text = "date,district,lon,lat,note\n";
  std::string note(180, 'x');
  std::vector<uint64_t> accepted_rows;
  for (size_t i = 0; text.size() < (size_t{9} << 20); ++i) {
    note[i % note.size()] = '\n';
    const bool bad = i % 1000 == 999;
    if (!bad) accepted_rows.push_back(i + 1);
    text += (bad ? "2020-13-01" : "2020-01-" + std::to_string(1 + i % 28)) + ",District " + std::to_string(i % 97) +
            ",70." + std::to_string(i % 1000) + ",30.5,\"" + note + "\"\n";
  }
  const std::string path = write_file("chunks.csv", text);
  check_same_tables(path);

  // source_row() is derived from the rejected rows: it must give back each accepted row's number.
  zila::EventTable fast = load(path, false);
  REQUIRE(fast.size() == accepted_rows.size());
  std::vector<uint64_t> rows;
  for (size_t i = 0; i < fast.size(); ++i) rows.push_back(fast.source_row(i));
  CHECK(rows == accepted_rows);
}

TEST_CASE("A quoted field longer than a chunk is read whole, chunks it swallows included", "[fast_csv]") {
  std::string text = "date,district,lon,lat,note\n";
  auto add_rows = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) text += "2021-02-0" + std::to_string(1 + i % 9) + ",District " + std::to_string(i % 31) + ",71.5,34.0,x\n";
  };
  add_rows(1000);
  std::string note;
  while (note.size() < (size_t{5} << 19)) note += std::string(99, 'n') + "\n";  // 2.5 MiB, a line break every 100 bytes
  text += "2021-03-01,Swat,72.4,35.2,\"" + note + "\"\n";
  add_rows(1000);
  check_same_tables(write_file("long_field.csv", text));
}

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

TEST_CASE("Thousands of place names keep their first-seen order and indexes", "[fast_csv]") {
  std::string csv = "date,district\n";
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("Place " + std::to_string(i * 7919 % 4999) + (i % 3 ? "" : " District"));
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& name : names) csv += "2020-05-05," + name + "\n";
  }
  zila::EventTable table = load(write_file("places.csv", csv), false);
  REQUIRE(table.size() == 2 * names.size());
  std::vector<std::string> distinct;
  for (const std::string& name : names) {
    if (std::find(distinct.begin(), distinct.end(), name) == distinct.end()) distinct.push_back(name);
  }
  CHECK(table.place_names == distinct);
  size_t wrong = 0;
  for (size_t i = 0; i < table.size(); ++i) wrong += table.place_names[table.place[i]] != names[i % names.size()];
  CHECK(wrong == 0);
}

TEST_CASE("More than 65535 places and days beyond 16 bits are read exactly, by both readers", "[fast_csv]") {
  // Narrow columns until the end: the last place is the 70000th distinct one, the last day in 1850
  // (16-bit days start in 1880).
  std::string csv = "date,district\n";
  const size_t places = 70000;
  for (size_t i = 0; i < places; ++i) csv += "2020-05-05,Place " + std::to_string(i) + "\n";
  csv += "1850-03-01,Place 1\n";
  const std::string path = write_file("wide_places_days.csv", csv);
  const int32_t may_2020 = *zila::parse_date("2020-05-05", {}), march_1850 = *zila::parse_date("1850-03-01", {});
  for (const bool through_gdal : {false, true}) {
    INFO("through GDAL: " << through_gdal);
    zila::EventOptions options;
    options.path = path;
    options.first_year = 1800;
    if (through_gdal) options.layer = fs::path(path).stem().string();
    const zila::EventTable t = zila::load_events(options);
    REQUIRE(t.size() == places + 1);
    CHECK_FALSE(t.place.compact());
    CHECK_FALSE(t.day.compact());
    REQUIRE(t.place_names.size() == places);
    size_t wrong = 0;
    for (size_t i = 0; i < places; ++i) wrong += t.place_names[t.place[i]] != "Place " + std::to_string(i) || t.day[i] != may_2020;
    CHECK(wrong == 0);
    CHECK(t.place[places] == 1);
    CHECK(t.day[places] == march_1850);
  }
}

TEST_CASE("The file's layout finds GDAL's records, NUL bytes and a quote that never closes", "[fast_csv]") {
  using namespace std::string_literals;
  auto layout_of = [](const std::string& name, const std::string& bytes) {
    return zila::scan_csv_layout(zila::ReadOnlyFile(write_file(name, bytes)));
  };
  zila::CsvLayout plain = layout_of("layout_plain.csv", "a,b\r\n\r\n1,\"x\r\ny\"\n\r2,z\n\n3,\"\"\"\"");
  CHECK(plain.rows == 3);
  CHECK(plain.nul_rows.empty());
  CHECK_FALSE(plain.unclosed_quote);

  // GDAL cuts a line at a NUL: a line that is only a NUL is empty, a quote after a NUL does not count
  // (as `ogrinfo` shows: row 1 is lines 3 to 5, row 2 lines 6 and 7).
  zila::CsvLayout nul = layout_of("layout_nul.csv", "a,b\n\0 x\n1,\"q\0\"\n2\n3,\"r\0\n\"\n4,s"s);
  CHECK(nul.rows == 2);
  REQUIRE(nul.nul_rows.size() == 1);
  CHECK(nul.nul_rows[0].row == 1);
  CHECK(nul.nul_rows[0].line == 3);
  REQUIRE(nul.unclosed_quote);
  CHECK(nul.unclosed_quote->opened.row == 2);
  CHECK(nul.unclosed_quote->opened.line == 6);
  CHECK(nul.unclosed_quote->lines_swallowed == 1);
  CHECK(nul.unclosed_quote->rows_swallowed == 1);

  zila::CsvLayout unclosed = layout_of("layout_unclosed.csv", "a,b\n1,x\n2,5\" rain\n3,y\n\n4,z\n");
  REQUIRE(unclosed.unclosed_quote);
  CHECK(unclosed.rows == 2);
  CHECK(unclosed.unclosed_quote->opened.row == 2);
  CHECK(unclosed.unclosed_quote->opened.line == 3);
  CHECK(unclosed.unclosed_quote->lines_swallowed == 3);
  CHECK(unclosed.unclosed_quote->rows_swallowed == 2);
}

TEST_CASE("Files with NUL bytes or a quote that never closes give the same table on both paths", "[fast_csv]") {
  using namespace std::string_literals;
  const std::string header = "date,district,lon,lat,note\n";
  check_same_tables(write_file("nul.csv", header + "2024-01-01,Swat,72.4,35.2,a\n2024-01-02,Dir,72.4,35.2,b\0c\n"s +
                                              "2024-01-03,Swat,72.4,35.2,d\n"));
  check_same_tables(write_file("unclosed.csv", header + "2024-01-01,Swat,72.4,35.2,a\n2024-01-02,Dir,72.4,35.2,\"b\n" +
                                                   "2024-01-03,Swat,72.4,35.2,d\n2024-01-04,Swat,72.4,35.2,e\n"));
}
