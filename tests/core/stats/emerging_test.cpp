#include <catch2/catch.hpp>

#include <map>

#include "core/stats/emerging.hpp"
#include "lattice.hpp"

using namespace zila;

namespace {

// Ten-period Gi* series from a pattern string: H hot, C cold, . not significant.
// A digit-free pattern gets a constant |z| so the trend is flat unless `z_step` tilts it.
DistrictTrend classify_pattern(const std::string& pattern, double z_step = 0.0) {
  std::vector<double> z, p;
  for (size_t t = 0; t < pattern.size(); ++t) {
    const double tilt = z_step * static_cast<double>(t);
    switch (pattern[t]) {
      case 'H': z.push_back(3.0 + tilt); p.push_back(0.001); break;
      case 'C': z.push_back(-3.0 + tilt); p.push_back(0.001); break;
      default: z.push_back(0.5); p.push_back(0.6); break;
    }
  }
  return classify_emerging(z, p);
}

}  // namespace

TEST_CASE("Mann-Kendall on a strictly increasing series (textbook formula by hand)", "[hotspot]") {
  // n = 5: S = 10, Var = 5*4*15/18 = 16.667, Z = 9/sqrt(16.667) = 2.2045, p = 0.02749.
  MannKendall mk = mann_kendall(std::vector<double>{1, 2, 3, 4, 5});
  CHECK(mk.s == 10);
  CHECK(mk.variance == Approx(16.6666667));
  CHECK(mk.z == Approx(2.2045407685));
  CHECK(mk.p == Approx(0.0274863361));
}

TEST_CASE("Mann-Kendall with ties corrects the variance", "[hotspot]") {
  // 1, 2, 2, 3: S = 5 (the 2-2 pair is a tie), Var = (4*3*13 - 2*1*9)/18 = 7.667,
  // Z = 4/sqrt(7.667) = 1.44463, p = 0.14856.
  MannKendall mk = mann_kendall(std::vector<double>{1, 2, 2, 3});
  CHECK(mk.s == 5);
  CHECK(mk.variance == Approx(7.6666667));
  CHECK(mk.z == Approx(1.4446302370));
  CHECK(mk.p == Approx(0.1485617749));
  // 5 3 4 1 2 0 1 1 (three 1s): S = -17, Var = (8*7*21 - 3*2*11)/18 = 61.667, Z = -2.03749, p = 0.04160.
  MannKendall down = mann_kendall(std::vector<double>{5, 3, 4, 1, 2, 0, 1, 1});
  CHECK(down.s == -17);
  CHECK(down.variance == Approx(61.6666667));
  CHECK(down.z == Approx(-2.0374865279));
  CHECK(down.p == Approx(0.0416013106));
  CHECK(mann_kendall(std::vector<double>{2, 2, 2}).p == 1.0);
}

TEST_CASE("Every emerging hot and cold spot category from constructed series", "[hotspot]") {
  // Hot side; the cold side is the same with H and C swapped and the tilt mirrored.
  const std::vector<std::tuple<std::string, double, EmergingCategory, EmergingCategory>> cases{
      {".........H", 0.0, EmergingCategory::new_hot, EmergingCategory::new_cold},
      {".......HHH", 0.0, EmergingCategory::consecutive_hot, EmergingCategory::consecutive_cold},
      {"HHHHHHHHHH", 1.0, EmergingCategory::intensifying_hot, EmergingCategory::intensifying_cold},
      {"HHHHHHHHHH", 0.0, EmergingCategory::persistent_hot, EmergingCategory::persistent_cold},
      {"HHHHHHHHHH", -0.2, EmergingCategory::diminishing_hot, EmergingCategory::diminishing_cold},
      {"H.H..H...H", 0.0, EmergingCategory::sporadic_hot, EmergingCategory::sporadic_cold},
      {"CC.......H", 0.0, EmergingCategory::oscillating_hot, EmergingCategory::oscillating_cold},
      {"..C....HHH", 0.0, EmergingCategory::oscillating_hot, EmergingCategory::oscillating_cold},
      {"HHHHHHHHH.", 0.0, EmergingCategory::historical_hot, EmergingCategory::historical_cold},
      {"..........", 0.0, EmergingCategory::no_pattern, EmergingCategory::no_pattern},
      {"HHHHH.....", 0.0, EmergingCategory::no_pattern, EmergingCategory::no_pattern},
  };
  std::map<EmergingCategory, int> seen;
  for (const auto& [pattern, tilt, hot, cold] : cases) {
    INFO(pattern << " tilt " << tilt);
    DistrictTrend hot_trend = classify_pattern(pattern, tilt);
    CHECK(hot_trend.category == hot);
    std::string mirrored = pattern;
    for (char& c : mirrored) c = c == 'H' ? 'C' : (c == 'C' ? 'H' : c);
    DistrictTrend cold_trend = classify_pattern(mirrored, -tilt);
    CHECK(cold_trend.category == cold);
    ++seen[hot_trend.category];
    ++seen[cold_trend.category];
  }
  CHECK(seen.size() == 17);  // all 16 categories plus no pattern
}

TEST_CASE("Emerging category details: counts and the trend of the z series", "[hotspot]") {
  DistrictTrend t = classify_pattern("HHHHHHHHHH", 1.0);
  CHECK(t.hot_periods == 10);
  CHECK(t.cold_periods == 0);
  CHECK(t.trend.s == 45);
  CHECK(t.trend.p < 0.001);
  CHECK(t.final_run == 10);
  CHECK(t.periods == 10);
  CHECK(emerging_category_name(t.category) == std::string("intensifying_hot"));
  CHECK(classify_pattern("H.H..H..HH").final_run == 2);
  CHECK(classify_pattern("HHH......C").final_run == 1);
  CHECK(classify_pattern("HHHHHHHHH.").final_run == 0);
}

TEST_CASE("Emerging explanations give ESRI's rule and the counts that triggered the category", "[hotspot]") {
  // The puzzle: a district with many events can be "sporadic", one with few "consecutive".
  DistrictTrend sporadic = classify_pattern("H.H..H...H");
  REQUIRE(sporadic.category == EmergingCategory::sporadic_hot);
  const std::string text = explain_emerging(sporadic);
  CHECK_THAT(text, Catch::StartsWith("Sporadic hot spot: a significant hot spot in the final period, on-again off-again "
                                     "hot before, hot in fewer than 90% of the periods and never a significant cold spot."));
  CHECK_THAT(text, Catch::Contains("ESRI's Emerging Hot Spot Analysis"));
  CHECK_THAT(text, Catch::Contains("hot in 4 of 10 periods (40%), cold in 0; the last 1 period in a row significant"));
  CHECK_THAT(text, Catch::Contains("not the number of events"));
  DistrictTrend consecutive = classify_pattern(".......HHH");
  CHECK_THAT(explain_emerging(consecutive), Catch::Contains("a single uninterrupted run of at least two significant hot "
                                                            "spot periods at the end"));
  CHECK_THAT(explain_emerging(consecutive), Catch::Contains("the last 3 periods in a row"));
  CHECK_THAT(emerging_category_rule(EmergingCategory::intensifying_cold),
             Catch::Contains("grows colder over time (significant Mann-Kendall trend of Gi* z, downward)"));
  for (int c = 0; c <= static_cast<int>(EmergingCategory::historical_cold); ++c)
    CHECK_FALSE(emerging_category_rule(static_cast<EmergingCategory>(c)).empty());
  CHECK(emerging_label(EmergingCategory::intensifying_cold) == "Intensifying cold spot");
  CHECK(emerging_label(EmergingCategory::no_pattern) == "No pattern detected");
}

TEST_CASE("Emerging hot spots over a cube: a persistent block and a new cluster", "[hotspot]") {
  // 5x5 rook grid, 10 periods: the top-left 3x3 block has 10 events every period (Gi* at its centre
  // 3.27 by hand, p 0.001); in the final period the bottom-right 2x2 block gets 10 each (Gi* at the
  // corner 1.74, p 0.08, hot at 90%; before: -1.36, p 0.17). Analytic p to keep the numbers hand-checkable.
  Cube cube;
  cube.bin = Bin::year;
  cube.district_count = 25;
  const size_t periods = 10;
  for (size_t t = 0; t < periods; ++t) cube.period_starts.push_back(static_cast<int32_t>(t * 365));
  for (auto& values : cube.values) values.assign(periods * 25, 0.0);
  auto& events = cube.values[static_cast<size_t>(Metric::events)];
  for (size_t t = 0; t < periods; ++t) {
    for (size_t i = 0; i < 25; ++i) {
      const size_t row = i / 5, col = i % 5;
      if (row < 3 && col < 3) events[t * 25 + i] = 10;
      if (t == periods - 1 && row >= 3 && col >= 3) events[t * 25 + i] = 10;
    }
  }
  SpatialWeights w = contiguity_weights(test::unit_square_lattice(5, 5), {Contiguity::rook, 1e-6, 1e-3});
  EmergingOptions options;
  options.hotspot.permutations = 0;
  EmergingResult result = emerging_hot_spots(cube, Metric::events, w, options);
  REQUIRE(result.gi_by_period.size() == periods);
  CHECK(result.gi_by_period[0].z[6] == Approx(3.2660).margin(1e-3));
  CHECK(result.gi_by_period.back().z[24] == Approx(1.7381).margin(1e-3));
  CHECK(result.districts[6].category == EmergingCategory::persistent_hot);
  CHECK(result.districts[24].category == EmergingCategory::new_hot);
  CHECK(result.districts[6].hot_periods == 10);
  CHECK(result.districts[6].hot_periods_without_value == 0);

  // The array form (what the window calls) gives the same result as the cube form.
  EmergingResult from_array = emerging_hot_spots(events, periods, w, options);
  for (size_t i = 0; i < 25; ++i) {
    CHECK(from_array.districts[i].category == result.districts[i].category);
    CHECK(from_array.districts[i].hot_periods == result.districts[i].hot_periods);
  }
  CHECK_THROWS(emerging_hot_spots(std::span<const double>(events).first(24), 1, w, options));

  // A lone event in the centre every period: its rook neighbour 7 is hot (z = 2, p 0.046) with
  // nothing of its own, and its explanation says so.
  std::vector<double> spike(3 * 25, 0.0);
  for (size_t t = 0; t < 3; ++t) spike[t * 25 + 12] = 1;
  EmergingResult lone = emerging_hot_spots(spike, 3, w, options);
  CHECK(lone.districts[12].hot_periods == 3);
  CHECK(lone.districts[12].hot_periods_without_value == 0);
  CHECK(lone.districts[7].hot_periods == 3);
  CHECK(lone.districts[7].hot_periods_without_value == 3);
  CHECK_THAT(explain_emerging(lone.districts[7], options), Catch::Contains("3 of them with no events of its own"));
  CHECK(hot_only_from_surroundings(lone.districts[7]));
  CHECK_FALSE(hot_only_from_surroundings(lone.districts[12]));
  CHECK_THAT(explain_emerging(lone.districts[7], options), Catch::Contains("came from its neighbours"));
}
