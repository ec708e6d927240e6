#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/stats/change_rates.hpp"
#include "core/stats/stats_report.hpp"
#include "lattice.hpp"

using namespace zila;

namespace {

// 4 districts x 4 periods of events, per period: {a, b, c, d}.
Cube small_cube() {
  Cube cube;
  cube.bin = Bin::year;
  cube.district_count = 4;
  cube.period_starts = {0, 365, 730, 1095};
  for (auto& values : cube.values) values.assign(16, 0.0);
  cube.values[static_cast<size_t>(Metric::events)] = {
      1, 0, 10, 4,  //
      2, 3, 12, 4,  //
      0, 6, 20, 4,  //
      4, 9, 5,  4,  //
  };
  return cube;
}

}  // namespace

TEST_CASE("Change between periods: absolute, percent and the low-baseline guard", "[hotspot]") {
  ChangeMap map = change_between(std::vector<double>{0, 2, 1, 10, 4}, std::vector<double>{0, 5, 6, 5, 4});
  CHECK(map.classes == std::vector<ChangeClass>{ChangeClass::limited, ChangeClass::limited, ChangeClass::increase,
                                                ChangeClass::decrease, ChangeClass::unchanged});
  CHECK(map.absolute[2] == 5);
  CHECK(map.percent[1] == Approx(150));
  CHECK(map.percent[3] == Approx(-50));
  CHECK(std::isnan(map.percent[0]));  // no percent change from zero
  CHECK(change_class_name(map.classes[0]) == std::string("limited_change"));
}

TEST_CASE("Change against the previous period or the mean of the previous N", "[hotspot]") {
  Cube cube = small_cube();
  ChangeMap previous = change_map(cube, Metric::events, 3);
  CHECK(previous.before == std::vector<double>{0, 6, 20, 4});
  CHECK(previous.absolute == std::vector<double>{4, 3, -15, 0});

  ChangeOptions mean_of_three{.baseline = ChangeBaseline::mean_of_previous, .previous_periods = 3};
  ChangeMap mean = change_map(cube, Metric::events, 3, mean_of_three);
  CHECK(mean.before[1] == Approx(3.0));   // (0 + 3 + 6) / 3
  CHECK(mean.before[2] == Approx(14.0));  // (10 + 12 + 20) / 3
  ChangeMap early = change_map(cube, Metric::events, 1, mean_of_three);
  CHECK(early.before[2] == Approx(10.0));  // only one earlier period exists
  CHECK_THROWS(change_map(cube, Metric::events, 0));
}

TEST_CASE("Rates per 1,000 km2 and per 100,000 people", "[hotspot]") {
  std::vector<double> counts{5, 2, 0};
  CHECK(rate_per_area(counts, std::vector<double>{2500, 1000, 0})[0] == Approx(2.0));
  CHECK(std::isnan(rate_per_area(counts, std::vector<double>{2500, 1000, 0})[2]));
  CHECK(rate_per_population(counts, std::vector<double>{500000, 2000000, 10})[0] == Approx(1.0));
  CHECK(rate_per_population(counts, std::vector<double>{500000, 2000000, 10})[1] == Approx(0.1));
  // A [period][district] array: each period's row divided by the same bases.
  const std::vector<double> two_periods{5, 2, 1, 10, 4, 0};
  const std::vector<double> per_area = rate_per_area(two_periods, std::vector<double>{2500, 1000, 0});
  REQUIRE(per_area.size() == 6);
  CHECK(per_area[3] == Approx(4.0));
  CHECK(per_area[4] == Approx(4.0));
  CHECK(std::isnan(per_area[5]));
  CHECK(std::isnan(rate_per_population(two_periods, std::vector<double>{NAN, 1, 1})[3]));
  CHECK_THROWS_WITH(rate_per_area(two_periods, std::vector<double>{1, 2, 3, 4}),
                    Catch::Contains("6 values do not fill periods of 4 districts"));
}

TEST_CASE("Empirical Bayes smoothing (Marshall, global) known answer", "[hotspot]") {
  // O = 1, 20, 2; P = 100, 1000, 400. By the formula (evaluated once in Python):
  // b = 23/1500, s² = Σ P (r - b)² / ΣP = 4.48889e-5, a = s² - b/500 = 1.42222e-5,
  // EB = b + a/(a + b/P) (r - b) = 0.0148806, 0.0175789, 0.0125370.
  EmpiricalBayes eb = empirical_bayes_rates(std::vector<double>{1, 20, 2}, std::vector<double>{100, 1000, 400});
  CHECK(eb.global_rate == Approx(23.0 / 1500.0));
  CHECK(eb.prior_variance == Approx(1.4222222e-5));
  CHECK(eb.smoothed[0] == Approx(0.014880636604774535));
  CHECK(eb.smoothed[1] == Approx(0.017578947368421055));
  CHECK(eb.smoothed[2] == Approx(0.012536997885835094));
  // The small district moves most toward b, the populous one least.
  CHECK(std::abs(eb.smoothed[0] - eb.raw[0]) > std::abs(eb.smoothed[1] - eb.raw[1]));
}

TEST_CASE("Empirical Bayes shrinks fully when rates vary less than chance", "[hotspot]") {
  EmpiricalBayes eb = empirical_bayes_rates(std::vector<double>{1, 2, 0}, std::vector<double>{100, 200, 50});
  CHECK(eb.prior_variance == 0);
  for (double rate : eb.smoothed) CHECK(rate == Approx(3.0 / 350.0));
}

TEST_CASE("Change report CSV has a row per district and later period", "[hotspot]") {
  Cube cube = small_cube();
  std::vector<std::string> names{"Bannu", "North Waziristan", "Khyber, Agency", "Kurram"};
  std::vector<std::string> periods{"2004", "2005", "2006", "2007"};
  std::ostringstream out;
  write_change_report(out, cube, Metric::events, {names, periods}, std::vector<double>{1000, 2000, 4000, 500},
                      std::vector<double>{});
  std::string csv = out.str();
  CHECK(csv.rfind("district,period,before,now,change,percent_change,change_class,rate_per_1000km2", 0) == 0);
  CHECK(csv.find("\"Khyber, Agency\",2006,12,20,8,66.6667,increase,5,,\n") != std::string::npos);
  CHECK(csv.find("Bannu,2005,1,2,1,100,limited_change,2,,\n") != std::string::npos);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3 * 4);
}

TEST_CASE("Gi*, Moran and emerging reports write one row per district and period", "[hotspot]") {
  Cube cube = small_cube();
  PolygonSet set = test::unit_square_lattice(2, 2);
  SpatialWeights w = contiguity_weights(set, {Contiguity::rook, 1e-6, 1e-3});
  std::vector<std::string> names{"a", "b", "c", "d"};
  std::vector<std::string> periods{"2004", "2005", "2006", "2007"};
  std::ostringstream gi, moran, emerging;
  write_gi_star_report(gi, cube, Metric::events, {names, periods}, w, {.permutations = 99});
  write_moran_report(moran, cube, Metric::events, {names, periods}, w, {.permutations = 99});
  write_emerging_report(emerging, cube, Metric::events, {names, periods}, w);
  const std::string gi_csv = gi.str(), moran_csv = moran.str(), emerging_csv = emerging.str();
  CHECK(gi_csv.rfind("district,period,value,neighbours,gi_z,gi_p,gi_p_analytic,gi_p_sim,gi_class\n", 0) == 0);
  CHECK(std::count(gi_csv.begin(), gi_csv.end(), '\n') == 1 + 16);
  CHECK(std::count(moran_csv.begin(), moran_csv.end(), '\n') == 1 + 16);
  CHECK(std::count(emerging_csv.begin(), emerging_csv.end(), '\n') == 1 + 4);
  CHECK(emerging_csv.find("a,2004,2007,") != std::string::npos);
  CHECK(emerging_csv.rfind("district,first_period,last_period,category,hot_periods,cold_periods,mk_s,mk_z,mk_p,"
                           "final_gi_z,final_gi_p,final_run,hot_periods_no_value\n", 0) == 0);
  std::vector<std::string> too_few{"a"};
  std::ostringstream unused;
  CHECK_THROWS(write_gi_star_report(unused, cube, Metric::events, {too_few, periods}, w));
}
