#include <catch2/catch.hpp>

#include "core/cube.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "core/io/dates.hpp"

namespace {

int32_t day_of(const char* iso) { return *zila::parse_date(iso, {}); }

// Three rows in two districts: Jan incident (2 events, 3 killed), Jan operation, Mar other.
zila::EventTable small_table() {
  zila::EventTable t;
  t.day = {day_of("2024-01-05"), day_of("2024-01-31"), day_of("2024-03-02")};
  t.category = {zila::Category::incident, zila::Category::operation, zila::Category::other};
  t.count = {2, 1, 1};
  t.fatalities = {3, std::numeric_limits<float>::quiet_NaN(), 1};
  return t;
}

}  // namespace

TEST_CASE("Periods start on the first day of their bin and carry readable labels", "[cube]") {
  int32_t d = day_of("2025-03-05");  // a Wednesday
  CHECK(zila::period_start(zila::Bin::week, d) == day_of("2025-03-03"));
  CHECK(zila::period_label(zila::Bin::week, day_of("2025-03-03")) == "2025-W10");
  CHECK(zila::period_start(zila::Bin::month, d) == day_of("2025-03-01"));
  CHECK(zila::period_start(zila::Bin::quarter, d) == day_of("2025-01-01"));
  CHECK(zila::period_label(zila::Bin::quarter, day_of("2025-01-01")) == "2025-Q1");
  CHECK(zila::period_start(zila::Bin::year, d) == day_of("2025-01-01"));
  CHECK(zila::next_period_start(zila::Bin::month, day_of("2024-12-01")) == day_of("2025-01-01"));
  CHECK(zila::next_period_start(zila::Bin::quarter, day_of("2024-10-01")) == day_of("2025-01-01"));
  CHECK(zila::period_label(zila::Bin::week, day_of("2024-12-30")) == "2025-W01");  // ISO week-year
}

TEST_CASE("The cube counts events per district, period and category with explicit zeros", "[cube]") {
  zila::Cube cube = zila::build_cube(small_table(), {0, 1, 0}, 2, zila::Bin::month);
  REQUIRE(cube.period_count() == 3);  // Jan, Feb (empty), Mar
  CHECK(zila::period_label(cube.bin, cube.period_starts[1]) == "2024-02");
  CHECK(cube.at(zila::Metric::events, 0, 0) == 2);
  CHECK(cube.at(zila::Metric::incidents, 0, 0) == 2);
  CHECK(cube.at(zila::Metric::fatalities, 0, 0) == 3);
  CHECK(cube.at(zila::Metric::operations, 0, 1) == 1);
  CHECK(cube.at(zila::Metric::fatalities, 0, 1) == 0);  // unknown fatalities add nothing
  CHECK(cube.at(zila::Metric::events, 1, 0) == 0);
  CHECK(cube.at(zila::Metric::others, 2, 0) == 1);
}

TEST_CASE("Unjoined rows are not counted and an empty join gives an empty cube", "[cube]") {
  zila::Cube cube = zila::build_cube(small_table(), {-1, 1, -1}, 2, zila::Bin::day);
  CHECK(cube.period_count() == 1);
  CHECK(cube.at(zila::Metric::events, 0, 1) == 1);
  CHECK(zila::build_cube(small_table(), {-1, -1, -1}, 2, zila::Bin::month).period_count() == 0);
}

TEST_CASE("Windows sum per period, cumulatively or over the last N periods", "[cube]") {
  zila::Cube cube = zila::build_cube(small_table(), {0, 1, 0}, 2, zila::Bin::month);
  using zila::WindowMode;
  CHECK(zila::window_values(cube, zila::Metric::events, {WindowMode::per_period, 0}, 2) == std::vector<double>{1, 0});
  CHECK(zila::window_values(cube, zila::Metric::events, {WindowMode::cumulative, 0}, 2) == std::vector<double>{3, 1});
  CHECK(zila::window_values(cube, zila::Metric::events, {WindowMode::rolling, 2}, 2) == std::vector<double>{1, 0});
  CHECK(zila::window_values(cube, zila::Metric::events, {WindowMode::rolling, 3}, 2) == std::vector<double>{3, 1});
}

TEST_CASE("Period counts are known before the cube is built", "[cube]") {
  using zila::Bin;
  CHECK(zila::periods_between(Bin::day, day_of("2024-01-01"), day_of("2024-12-31")) == 366);
  CHECK(zila::periods_between(Bin::week, day_of("2024-01-01"), day_of("2024-12-30")) == 53);
  CHECK(zila::periods_between(Bin::month, day_of("2023-11-01"), day_of("2024-02-01")) == 4);
  CHECK(zila::periods_between(Bin::quarter, day_of("2023-10-01"), day_of("2024-04-01")) == 3);
  CHECK(zila::periods_between(Bin::year, day_of("1900-01-01"), day_of("2027-01-01")) == 128);
  // The counts match what build_cube lays out.
  for (Bin bin : {Bin::day, Bin::week, Bin::month, Bin::quarter, Bin::year}) {
    zila::Cube cube = zila::build_cube(small_table(), {0, 1, 0}, 2, bin);
    CHECK(zila::periods_between(bin, cube.period_starts.front(), cube.period_starts.back()) == cube.period_count());
  }
}

// Regression (issue 9): dates in years 0 and 9999 with --bin day asked for 10.6 GB and died in bad_alloc.
TEST_CASE("Operations minus incidents is computed from the two counts, not stored", "[cube]") {
  const zila::Cube cube = zila::build_cube(small_table(), {0, 1, 0}, 2, zila::Bin::month);
  CHECK(cube.values.size() == zila::kStoredMetricCount);
  const std::vector<double> all = cube.metric_values(zila::Metric::operations_minus_incidents);
  REQUIRE(all.size() == cube.period_count() * cube.district_count);
  for (size_t p = 0; p < cube.period_count(); ++p) {
    const std::vector<double> row = cube.period_values(zila::Metric::operations_minus_incidents, p);
    for (size_t d = 0; d < cube.district_count; ++d) {
      const double expected = cube.at(zila::Metric::operations, p, d) - cube.at(zila::Metric::incidents, p, d);
      CHECK(cube.at(zila::Metric::operations_minus_incidents, p, d) == expected);
      CHECK(row[d] == expected);
      CHECK(all[p * cube.district_count + d] == expected);
    }
  }
  CHECK(cube.at(zila::Metric::operations_minus_incidents, 0, 0) == -2);  // Jan, district 0: 0 operations - 2 incidents
  CHECK(cube.at(zila::Metric::operations_minus_incidents, 0, 1) == 1);
}

TEST_CASE("An oversized cube is a clear error with its size, before any allocation", "[cube]") {
  zila::EventTable t = small_table();
  t.day[0] = *zila::parse_date("0000-01-01", {});
  t.day[2] = *zila::parse_date("9999-12-31", {});
  CHECK_THROWS_WITH(zila::build_cube(t, {0, 1, 0}, 160, zila::Bin::day),
                    Catch::Contains("the time cube would take 21.8 GiB") && Catch::Contains("3652425 days from 0000-01-01 to 9999-12-31") &&
                        Catch::Contains("160 districts x 5 measures") && Catch::Contains("over the 2 GiB limit"));
  zila::Cube by_year = zila::build_cube(t, {0, 1, 0}, 160, zila::Bin::year);  // 10,000 years: 64 MB
  CHECK(by_year.period_count() == 10000);
}

namespace {

// The definition build_cube must reproduce: every counted row added in file order, metric by metric.
std::array<std::vector<double>, zila::kStoredMetricCount> sums_in_file_order(const zila::EventTable& t, const zila::DistrictColumn& district,
                                                                            const zila::Cube& cube) {
  std::array<std::vector<double>, zila::kStoredMetricCount> sums;
  for (auto& v : sums) v.assign(cube.period_count() * cube.district_count, 0.0);
  for (size_t i = 0; i < t.size(); ++i) {
    if (district[i] < 0 || !zila::bin_fits_precision(cube.bin, t.date_precision(i))) continue;
    const int32_t start = zila::period_start(cube.bin, t.day[i]);
    const auto period = static_cast<size_t>(std::lower_bound(cube.period_starts.begin(), cube.period_starts.end(), start) - cube.period_starts.begin());
    const size_t cell = period * cube.district_count + static_cast<size_t>(district[i]);
    sums[static_cast<size_t>(zila::Metric::events)][cell] += t.count[i];
    sums[1 + static_cast<size_t>(t.category[i])][cell] += t.count[i];
    if (!std::isnan(t.fatalities[i])) sums[static_cast<size_t>(zila::Metric::fatalities)][cell] += t.fatalities[i];
  }
  return sums;
}

}  // namespace

TEST_CASE("A cube of many rows added up on all cores equals the file-order sums, bit for bit", "[cube]") {
  // 300k rows over 15 years and 40 districts (blocks on several cores), some unjoined, some dated only
  // to the month; then with counts and fatalities whose sums a double rounds (added up again in file order).
  for (const bool rounding : {false, true}) {
    zila::EventTable t;
    zila::DistrictColumn district;
    std::mt19937_64 random(rounding ? 11 : 5);
    std::uniform_int_distribution<int32_t> day(14610, 20088), district_of(-1, 39), category(0, 2), percent(0, 99);
    for (size_t i = 0; i < 300000; ++i) {
      t.day.push_back(day(random));
      t.precision.push_back(percent(random) < 5 ? zila::DatePrecision::month : zila::DatePrecision::day);
      t.category.push_back(static_cast<zila::Category>(category(random)));
      const int p = percent(random);
      t.count.push_back(p < 90 ? 1u : rounding && p == 99 ? 40000001u : static_cast<uint32_t>(p));
      t.fatalities.push_back(p < 10 ? std::numeric_limits<float>::quiet_NaN() : rounding && p > 95 ? 0.1f * static_cast<float>(p) : static_cast<float>(p % 6));
      district.push_back(district_of(random));
    }
    for (const zila::Bin bin : {zila::Bin::day, zila::Bin::month}) {
      INFO("rounding " << rounding << ", bin " << zila::bin_name(bin));
      const zila::Cube cube = zila::build_cube(t, district, 40, bin);
      const auto expected = sums_in_file_order(t, district, cube);
      for (size_t m = 0; m < zila::kStoredMetricCount; ++m) {
        INFO("metric " << m);
        REQUIRE(cube.values[m].size() == expected[m].size());
        CHECK(std::memcmp(cube.values[m].data(), expected[m].data(), expected[m].size() * sizeof(double)) == 0);
      }
    }
  }
}
