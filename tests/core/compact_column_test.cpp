#include <catch2/catch.hpp>

#include <tbb/parallel_for.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "core/compact_column.hpp"
#include "core/cube.hpp"
#include "core/events.hpp"

namespace {

template <typename Column>
bool holds(const Column& column, const std::vector<typename Column::Wide>& expected) {
  if (column.size() != expected.size()) return false;
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto got = column[i];
    if (std::memcmp(&got, &expected[i], sizeof got) != 0) return false;  // bit for bit: NaN, -0.0
  }
  return true;
}

}  // namespace

TEST_CASE("A compact column keeps a million values that fit narrow, then widens once for one that does not",
          "[compact_column]") {
  zila::PlaceColumn places;
  std::vector<uint32_t> expected;
  for (uint32_t i = 0; i < 1000000; ++i) {
    const uint32_t place = i % 7 == 0 ? zila::kNoPlace : i % 65535;  // every 16-bit id, and "no place"
    places.push_back(place);
    expected.push_back(place);
  }
  CHECK(places.form() == zila::PlaceColumn::Form::narrow);
  CHECK(places.capacity_bytes() < expected.size() * sizeof(uint32_t));
  CHECK(holds(places, expected));
  places.push_back(65535);  // the 65536th place: no 16-bit id left for it
  expected.push_back(65535);
  CHECK_FALSE(places.compact());
  CHECK(holds(places, expected));
  places.push_back(3);  // a small one after widening stays as given
  expected.push_back(3);
  CHECK(holds(places, expected));
}

TEST_CASE("Values pushed in their narrow form are held as the same values pushed wide, in every form", "[compact_column]") {
  // Uniform (NaN, then the same point again), narrow (a second value), wide (a value of eight decimals):
  // push_back_narrow(v) must leave the column as push_back(wide(v)) leaves it.
  zila::CoordinateColumn given_narrow, given_wide;
  std::vector<double> expected;
  auto push_units = [&](int32_t units) {
    given_narrow.push_back_narrow(units);
    given_wide.push_back(zila::ScaledDegrees::wide(units));
    expected.push_back(zila::ScaledDegrees::wide(units));
    CHECK(given_narrow.form() == given_wide.form());
  };
  for (int i = 0; i < 3; ++i) push_units(zila::ScaledDegrees::kMissing);
  CHECK(given_narrow.form() == zila::CoordinateColumn::Form::uniform);
  push_units(716500000);
  CHECK(given_narrow.form() == zila::CoordinateColumn::Form::narrow);
  for (int32_t units : {-1, 1800000000, -1800000000, zila::ScaledDegrees::kMissing}) push_units(units);
  given_narrow.push_back(71.12345678), given_wide.push_back(71.12345678), expected.push_back(71.12345678);
  CHECK(given_narrow.form() == zila::CoordinateColumn::Form::wide);
  for (int32_t units : {716500000, zila::ScaledDegrees::kMissing}) push_units(units);
  CHECK(holds(given_narrow, expected));
  CHECK(holds(given_wide, expected));
}

TEST_CASE("Setting a row to a value that does not fit widens the column, keeping the other rows", "[compact_column]") {
  zila::DayColumn days{-25567, 0, 20088, 32766};  // 1900-01-01, 1970-01-01, 2024-12-31, the last day that fits
  CHECK(days.compact());
  days[1] = 19000;
  CHECK(days.compact());
  days[2] = 47482;  // 2100-01-01: beyond 16 bits
  CHECK_FALSE(days.compact());
  CHECK(holds(days, {-25567, 19000, 47482, 32766}));
  days.clear();
  CHECK(days.compact());  // an emptied column starts narrow again
  days.push_back(-62091);  // 1800-01-01 on its own
  CHECK(holds(days, {-62091}));
}

TEST_CASE("Appending a wide column to a compact one, and a compact one to a wide one, keeps every value",
          "[compact_column]") {
  zila::CountColumn small{1, 2, 254}, big{7, 70000, 0};
  CHECK(small.compact());
  CHECK_FALSE(big.compact());
  zila::CountColumn both = small;
  both.append(big);
  CHECK_FALSE(both.compact());
  CHECK(holds(both, {1, 2, 254, 7, 70000, 0}));
  big.append(small);
  CHECK(holds(big, {7, 70000, 0, 1, 2, 254}));
  zila::CountColumn compact_only = small;
  compact_only.append(small);
  CHECK(compact_only.compact());
  CHECK(compact_only == zila::CountColumn{1, 2, 254, 1, 2, 254});
  CHECK(holds(zila::CountColumn{255}, {255}));  // the narrow type's largest stands for "none": not a count
  CHECK_FALSE(zila::CountColumn{255}.compact());
  CHECK(zila::CountColumn{std::numeric_limits<uint32_t>::max()}.compact());
}

TEST_CASE("Fatalities and coordinates that a narrow form would change are kept as read", "[compact_column]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  zila::FatalityColumn fatalities{0, 254, nan, 3};
  CHECK(fatalities.compact());
  CHECK(holds(fatalities, {0, 254, nan, 3}));
  for (float late : {2.5f, -0.0f, 255.0f, 1e9f}) {
    zila::FatalityColumn column = fatalities;
    column.push_back(late);
    CHECK_FALSE(column.compact());
    CHECK(holds(column, {0, 254, nan, 3, late}));
  }
  zila::CoordinateColumn lon{71.1234567, -0.5, std::nan("")};
  CHECK(lon.compact());
  lon.push_back(71.12345678);  // eight decimals
  CHECK_FALSE(lon.compact());
  CHECK(holds(lon, {71.1234567, -0.5, std::nan(""), 71.12345678}));
}

TEST_CASE("Coordinates are rounded to 1e-7 degrees as std::nearbyint rounds them, ties and extremes included",
          "[compact_column]") {
  // The narrow form as it was first written, with the library's rounding.
  auto reference = [](double value) -> std::optional<int32_t> {
    if (std::isnan(value)) return zila::ScaledDegrees::kMissing;
    const double units = std::nearbyint(value * zila::ScaledDegrees::kScale);
    if (!(std::abs(units) < 2147483647.0)) return std::nullopt;
    const auto v = static_cast<int32_t>(units);
    const double back = zila::ScaledDegrees::wide(v);
    if (back != value || std::signbit(value) != std::signbit(back)) return std::nullopt;
    return v;
  };
  std::vector<double> values{0.0, -0.0, 0.5e-7, 1.5e-7, 2.5e-7, -2.5e-7, 214.7483647, -214.7483647, 214.7483648,
                             -214.7483649, 1e300, -1e300, 0x1p51 / 1e7, -0x1p51 / 1e7, 0x1.8p52 / 1e7,
                             std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::denorm_min(), 71.1234567, 71.12345678, -33.9999999};
  uint64_t state = 42;
  for (int i = 0; i < 200000; ++i) {  // degrees with up to eight decimals, and bit patterns of every size
    state = state * 6364136223846793005u + 1442695040888963407u;
    const auto whole = static_cast<int64_t>(state >> 33) % 3600000000 - 1800000000;
    values.push_back(static_cast<double>(whole) / (i % 2 ? 1e7 : 1e8));
    double any = 0;
    std::memcpy(&any, &state, sizeof any);
    values.push_back(any);
  }
  for (double value : values) {
    INFO(value);
    CHECK(zila::ScaledDegrees::narrow(value) == reference(value));
  }
}

TEST_CASE("A compact column reads in order through its iterators", "[compact_column]") {
  const zila::PlaceColumn places{4, zila::kNoPlace, 9};
  std::vector<uint32_t> read;
  for (uint32_t place : places) read.push_back(place);
  CHECK(read == std::vector<uint32_t>{4, zila::kNoPlace, 9});
  CHECK(std::vector<uint32_t>(places.begin(), places.end()) == read);
}

TEST_CASE("A column of one repeated value takes no bytes a row until a different value arrives", "[compact_column]") {
  using Form = zila::CountColumn::Form;
  zila::CountColumn counts;
  for (int i = 0; i < 1000000; ++i) counts.push_back(1);
  CHECK(counts.form() == Form::uniform);
  CHECK(counts.capacity_bytes() == 0);
  CHECK(counts.size() == 1000000);
  CHECK(counts[999999] == 1);
  counts.push_back(4);  // the first count that is not 1: one byte a row from now on
  CHECK(counts.form() == Form::narrow);
  CHECK(counts.size() == 1000001);
  CHECK(counts[0] == 1);
  CHECK(counts[999999] == 1);
  CHECK(counts[1000000] == 4);

  zila::PrecisionColumn precision{zila::DatePrecision::month, zila::DatePrecision::month};
  CHECK(precision.form() == zila::PrecisionColumn::Form::uniform);
  precision[1] = zila::DatePrecision::month;  // the same value: still uniform
  CHECK(precision.form() == zila::PrecisionColumn::Form::uniform);
  precision[0] = zila::DatePrecision::day;
  CHECK(precision == zila::PrecisionColumn{zila::DatePrecision::day, zila::DatePrecision::month});
  CHECK(precision.form() == zila::PrecisionColumn::Form::narrow);

  zila::CountColumn ones{1, 1}, twos{2, 2};
  zila::CountColumn appended = ones;
  appended.append(ones);
  CHECK(appended.form() == Form::uniform);
  appended.append(twos);
  CHECK(appended == zila::CountColumn{1, 1, 1, 1, 2, 2});
  zila::CountColumn from_empty;
  from_empty.append(twos);
  CHECK(from_empty.form() == Form::uniform);
  CHECK(from_empty == twos);
  zila::CountColumn uniform_then_wide = ones;
  uniform_then_wide.push_back(70000);
  CHECK(uniform_then_wide.form() == Form::wide);
  CHECK(uniform_then_wide == zila::CountColumn{1, 1, 70000});
}

TEST_CASE("A district column holds 16-bit districts up to the 32767th and -1, and widens for the 32768th",
          "[compact_column]") {
  using Form = zila::DistrictColumn::Form;
  zila::DistrictColumn districts{-1, 0, 125, 32766, -1};  // unmatched, the first, PAK ADM2's last, the 32767th
  CHECK(districts.form() == Form::narrow);
  CHECK(holds(districts, {-1, 0, 125, 32766, -1}));
  CHECK(zila::DistrictColumn::has_narrow_form(32766));
  CHECK_FALSE(zila::DistrictColumn::has_narrow_form(32767));  // the 32768th district (a 100k-district table)
  districts.push_back(32767);
  districts[1] = 99999;
  CHECK(districts.form() == Form::wide);
  CHECK(holds(districts, {-1, 99999, 125, 32766, -1, 32767}));
}

TEST_CASE("A filled column holds its rows in the form asked for, and rows set from several threads keep it",
          "[compact_column]") {
  using Form = zila::DistrictColumn::Form;
  CHECK(zila::DistrictColumn::filled(3, -1, Form::uniform).form() == Form::uniform);
  CHECK(zila::DistrictColumn::filled(3, -1, Form::uniform) == zila::DistrictColumn{-1, -1, -1});
  CHECK(zila::DistrictColumn::filled(2, 40000, Form::narrow).form() == Form::wide);  // no narrow form: wide
  CHECK(holds(zila::DistrictColumn::filled(2, 40000, Form::narrow), {40000, 40000}));
  for (const Form form : {Form::narrow, Form::wide}) {
    const size_t n = 1 << 20;
    zila::DistrictColumn column = zila::DistrictColumn::filled(n, -1, form);
    CHECK(column.form() == form);
    tbb::parallel_for(size_t{0}, n, [&](size_t i) {
      if (i % 3) column.set(i, static_cast<int32_t>(i % 32767));
    });
    CHECK(column.form() == form);
    size_t wrong = 0;
    for (size_t i = 0; i < n; ++i) wrong += column[i] != (i % 3 ? static_cast<int32_t>(i % 32767) : -1);
    CHECK(wrong == 0);
  }
}
