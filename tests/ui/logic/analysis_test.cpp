#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ui/logic/analysis.hpp"

using namespace zila;
using namespace zila::ui;

namespace {

// A 5x5 rook lattice: district r*5+c touches its up/down/left/right neighbours.
constexpr size_t kSide = 5, kCells = kSide * kSide;

SpatialWeights lattice() {
  std::vector<std::vector<uint32_t>> lists(kCells);
  const auto id = [](size_t row, size_t col) { return static_cast<uint32_t>(row * kSide + col); };
  for (size_t r = 0; r < kSide; ++r)
    for (size_t c = 0; c < kSide; ++c) {
      auto& l = lists[r * kSide + c];
      if (r > 0) l.push_back(id(r - 1, c));
      if (r + 1 < kSide) l.push_back(id(r + 1, c));
      if (c > 0) l.push_back(id(r, c - 1));
      if (c + 1 < kSide) l.push_back(id(r, c + 1));
    }
  return weights_from_neighbour_lists(lists);
}

// Events per period and district; `hot(p)` periods have 10 events in each cell of the top-left
// 3x3 block, the rest of the lattice (and every other period) none.
ValueMatrix lattice_values(size_t periods, bool (*hot)(size_t)) {
  Cube c;
  c.bin = Bin::year;
  c.district_count = kCells;
  for (size_t p = 0; p < periods; ++p) c.period_starts.push_back(static_cast<int32_t>(365 * p));
  for (auto& v : c.values) v.assign(periods * kCells, 0.0);
  for (size_t p = 0; p < periods; ++p)
    if (hot(p))
      for (size_t r = 0; r < 3; ++r)
        for (size_t col = 0; col < 3; ++col) c.values[static_cast<size_t>(Metric::events)][p * kCells + r * kSide + col] = 10;
  return compute_values(c, MetricChoice{});
}

size_t counted(const Legend& legend) {
  size_t n = 0;
  for (const auto& e : legend.entries) n += e.districts;
  return n;
}

const LegendEntry& entry_of(const ModeColoring& m, size_t district) {
  for (const auto& e : m.legend.entries)
    if (e.color == m.district_colors[district]) return e;
  FAIL("district " << district << " has a colour without a legend entry");
  return m.legend.entries.front();
}

}  // namespace

TEST_CASE("Gi* mode paints a block of high values hot and the far corner not significant") {
  const ValueMatrix m = lattice_values(1, [](size_t) { return true; });
  const PeriodStats stats = compute_period_stats(m, 0, lattice(), AnalysisSettings{});
  REQUIRE(stats.gi.classes.size() == kCells);
  const ModeColoring painted = color_gi_star(stats.gi, kCells);
  // The block's centre and its four neighbours all hold 10: analytic z 3.27, p 0.001.
  CHECK(stats.gi.classes[1 * kSide + 1] == SignificanceClass::hot_99);
  CHECK(entry_of(painted, 1 * kSide + 1).label == "Hot spot, 99% confidence");
  CHECK(painted.district_colors[1 * kSide + 1] == Rgb{214, 47, 39});
  CHECK(entry_of(painted, kCells - 1).label == "Not significant");
  CHECK(painted.district_colors[kCells - 1] == kNotSignificantColor);
  CHECK(counted(painted.legend) == kCells);
  // hot 99/95/90, hot surroundings without events, not significant, cold 90/95/99
  CHECK(painted.legend.entries.size() == 8);
}

TEST_CASE("Gi* mode paints empty districts in a hot neighbourhood apart from the districts with the events") {
  // One event in the centre: its four rook neighbours have z = 2 like the centre, but hold nothing.
  std::vector<double> spike(kCells, 0.0);
  spike[12] = 1;
  const GiStarResult gi = local_gi_star(spike, lattice(), {.permutations = 99});
  const ModeColoring painted = color_gi_star(gi, kCells);
  CHECK(gi.classes[12] == SignificanceClass::hot_95);
  CHECK(entry_of(painted, 12).label == "Hot spot, 95% confidence");
  for (size_t empty : {7, 11, 13, 17}) {
    CHECK(gi.classes[empty] == SignificanceClass::hot_neighbourhood_0);
    CHECK(painted.district_colors[empty] == kHotSurroundingsColor);
    CHECK(entry_of(painted, empty).label == "Hot surroundings, no events here");
  }
  // The colour is no hot class's colour.
  for (const auto& e : painted.legend.entries)
    if (e.label.rfind("Hot spot", 0) == 0) CHECK(e.color != kHotSurroundingsColor);
  CHECK(counted(painted.legend) == kCells);
}

TEST_CASE("Gi* mode without a result shows every district as no data") {
  const ModeColoring painted = color_gi_star(GiStarResult{}, 4);
  CHECK(painted.district_colors == std::vector<Rgb>(4, kNoDataColor));
  REQUIRE(painted.legend.entries.back().kind == LegendEntry::Kind::no_data);
  CHECK(painted.legend.entries.back().districts == 4);
}

TEST_CASE("Moran mode shows the block as a High-High cluster") {
  const ValueMatrix m = lattice_values(1, [](size_t) { return true; });
  const PeriodStats stats = compute_period_stats(m, 0, lattice(), AnalysisSettings{});
  const ModeColoring painted = color_moran(stats.moran, kCells);
  CHECK(stats.moran.cluster[1 * kSide + 1] == Quadrant::high_high);
  CHECK(entry_of(painted, 1 * kSide + 1).label == "High-High (hot cluster)");
  CHECK(counted(painted.legend) == kCells);
  CHECK(painted.legend.entries.size() == 5);
}

TEST_CASE("Emerging mode: a block hot only in the last period is a new hot spot") {
  const ValueMatrix m = lattice_values(6, [](size_t p) { return p == 5; });
  const TrendStats trends = compute_trends(m, lattice(), AnalysisSettings{});
  REQUIRE(trends.districts.size() == kCells);
  CHECK(trends.districts[1 * kSide + 1].category == EmergingCategory::new_hot);
  // The window's trends are the core's emerging hot spots on the per-period values, nothing else.
  EmergingOptions options;
  options.hotspot = hotspot_options(AnalysisSettings{});
  const EmergingResult core = emerging_hot_spots(m.per_period, m.periods, lattice(), options);
  for (size_t d = 0; d < kCells; ++d) {
    CHECK(trends.districts[d].category == core.districts[d].category);
    CHECK(trends.districts[d].trend.z == core.districts[d].trend.z);
  }
  const ModeColoring painted = color_emerging(trends, kCells);
  CHECK(entry_of(painted, 1 * kSide + 1).label == "New hot spot");
  CHECK(entry_of(painted, kCells - 1).label == "No pattern detected");
  CHECK(painted.legend.entries.back().label == "No pattern detected");  // listed last, always
  CHECK(counted(painted.legend) == kCells);
  for (const auto& e : painted.legend.entries) CHECK(e.districts > 0);  // only categories that occur
}

TEST_CASE("Emerging mode paints a hot category earned only through neighbours as hot surroundings") {
  // One event in the centre in each of 10 periods: the centre and its four empty rook neighbours
  // are persistent hot spots by ESRI's rules (z = 2 every period).
  Cube c;
  c.bin = Bin::year;
  c.district_count = kCells;
  for (size_t p = 0; p < 10; ++p) c.period_starts.push_back(static_cast<int32_t>(365 * p));
  for (auto& v : c.values) v.assign(10 * kCells, 0.0);
  for (size_t p = 0; p < 10; ++p) c.values[static_cast<size_t>(Metric::events)][p * kCells + 12] = 1;
  const TrendStats trends = compute_trends(compute_values(c, MetricChoice{}), lattice(), AnalysisSettings{});
  const ModeColoring painted = color_emerging(trends, kCells);
  CHECK(trends.districts[12].category == EmergingCategory::persistent_hot);
  CHECK(entry_of(painted, 12).label == "Persistent hot spot");
  for (size_t empty : {7, 11, 13, 17}) {
    CHECK(trends.districts[empty].category == EmergingCategory::persistent_hot);
    CHECK(painted.district_colors[empty] == kHotSurroundingsColor);
    CHECK(entry_of(painted, empty).label == "Hot surroundings only, no events here in its hot periods");
  }
  CHECK(counted(painted.legend) == kCells);
  for (const auto& e : painted.legend.entries) CHECK(e.districts > 0);
}

TEST_CASE("Change mode: diverging classes, the low-baseline guard and no previous period") {
  const std::vector<double> before{0, 1, 10, 10, 30, 4};
  const std::vector<double> now{20, 3, 10, 4, 0, 40};
  ChangeOptions options;
  const ChangeMap change = change_between(before, now, options);
  const ModeColoring abs = color_change(change, options, false, before.size());
  const std::vector<Rgb> rdbu = ramp_colors("RdBu", 7);
  // Largest change outside the guard: 36; thirds: 12 and 24.
  CHECK(abs.district_colors[0] == rdbu[1]);  // +20: 13 to 24
  CHECK(entry_of(abs, 0).label == "+13 \xE2\x80\x93 +24");
  CHECK(abs.district_colors[1] == kLimitedChangeColor);  // 1 -> 3: limited change
  CHECK(entry_of(abs, 2).label == "Unchanged");
  CHECK(abs.district_colors[3] == rdbu[4]);  // -6: slight decrease
  CHECK(abs.district_colors[4] == rdbu[6]);  // -30: over -24
  CHECK(abs.district_colors[5] == rdbu[0]);  // +36: over +24
  CHECK(counted(abs.legend) == before.size());

  const ModeColoring pct = color_change(change, options, true, before.size());
  CHECK(pct.district_colors[0] == rdbu[0]);  // from 0: the strongest increase
  CHECK(pct.district_colors[3] == rdbu[6]);  // -60%: over -50%
  CHECK(pct.district_colors[5] == rdbu[0]);  // +900%

  const ModeColoring first = color_change(ChangeMap{}, options, false, 3);
  CHECK(first.district_colors == std::vector<Rgb>(3, kNoDataColor));
  CHECK(first.legend.entries.back().label == "No previous period");
}

TEST_CASE("Rates per 1,000 km2 divide by area, with no data where the area is unknown") {
  const ValueMatrix m = lattice_values(1, [](size_t) { return true; });
  std::vector<double> area(kCells, 2000.0);
  area[1] = 0;
  const ValueMatrix r = rates_per_area(m, area);
  CHECK(r.windowed_at(0, 0) == Approx(5.0));
  CHECK(std::isnan(r.windowed_at(0, 1)));
  CHECK(r.windowed_at(0, kCells - 1) == 0.0);
}

TEST_CASE("Rates per 100,000 people: no figure or no people is no data, not zero") {
  const ValueMatrix m = lattice_values(1, [](size_t) { return true; });
  std::vector<double> population(kCells, 250000.0);
  population[1] = 0;
  population[2] = std::numeric_limits<double>::quiet_NaN();  // no row in the population table
  const ValueMatrix r = rates_per_population(m, population);
  CHECK(r.windowed_at(0, 0) == Approx(m.windowed_at(0, 0) / 2.5));
  CHECK(r.per_period_at(0, 0) == Approx(m.per_period_at(0, 0) / 2.5));
  CHECK(std::isnan(r.windowed_at(0, 1)));
  CHECK(std::isnan(r.windowed_at(0, 2)));
  CHECK(std::isnan(rates_per_population(m, {}).windowed_at(0, 0)));
}

TEST_CASE("Emerging labels read as words") {
  CHECK(emerging_label(EmergingCategory::intensifying_cold) == "Intensifying cold spot");
  CHECK(significance_label(SignificanceClass::cold_95) == "Cold spot, 95% confidence");
  CHECK(significance_label(SignificanceClass::hot_neighbourhood_0) == "Hot surroundings, no events here");
}

TEST_CASE("Scan mode: the window's clusters are the core scan of the per-period values, by population or area") {
  Cube c;
  c.bin = Bin::year;
  c.district_count = kCells;
  const size_t periods = 6;
  for (size_t p = 0; p < periods; ++p) c.period_starts.push_back(static_cast<int32_t>(365 * p));
  for (auto& v : c.values) v.assign(periods * kCells, 1.0);
  for (size_t p = 3; p <= 4; ++p) c.values[static_cast<size_t>(Metric::events)][p * kCells + 6] = 12;
  const ValueMatrix m = compute_values(c, MetricChoice{});
  Boundaries b;
  for (size_t d = 0; d < kCells; ++d) {
    b.names.push_back("D" + std::to_string(d));
    b.label_points.push_back({static_cast<double>(d % kSide), static_cast<double>(d / kSide)});
    b.area_km2.push_back(100.0);
  }
  const SpatialWeights w = lattice();
  std::vector<double> population(kCells, 1000.0);
  population[3] = std::nan("");  // one district without a figure: the window falls back to area
  const ScanStats by_area = compute_scan(m, c, b, population, w, AnalysisSettings{});
  REQUIRE(by_area.computed);
  CHECK(!by_area.result.base_is_population);
  CHECK(by_area.result.replication_max.size() == 999);
  CHECK(by_area.period_labels.front() == period_label(Bin::year, 0));
  REQUIRE(!by_area.result.clusters.empty());
  const ScanCluster& top = by_area.result.clusters.front();
  CHECK(top.districts.front() == 6);
  CHECK(top.first_period == 3);
  CHECK(top.last_period == 4);
  CHECK(top.p <= 0.05);
  population[3] = 1000.0;
  CHECK(compute_scan(m, c, b, population, w, AnalysisSettings{}).result.base_is_population);
  // Nothing without weights.
  CHECK(!compute_scan(m, c, b, population, SpatialWeights{}, AnalysisSettings{}).computed);
}

// build_map_frame reads ValueMatrix::fractional (set with the values) instead of scanning every
// period's values at each step: the label is what the scan gave.
TEST_CASE("Fatalities that are not whole numbers are labelled estimates in every period, rates by their own values") {
  Cube cube;
  cube.bin = Bin::year;
  cube.district_count = 2;
  cube.period_starts = {15340, 15706};  // 2012, 2013
  for (auto& v : cube.values) v.assign(4, 0.0);
  std::vector<double>& fatalities = cube.values[static_cast<size_t>(Metric::fatalities)];
  fatalities = {3, 0, 1, 2};  // [period][district]
  MapSpec spec;
  spec.choice.metric = Metric::fatalities;
  const auto label = [&](const ValueMatrix& m) {
    MapFrame frame;
    build_map_frame(cube, JoinResult{}, m, classify_for(m, spec.style, false, 0), spec, 0, frame);
    return frame.value_label;
  };
  const std::string estimates = "Fatalities (estimates: not whole numbers, e.g. the midpoint of a reported range)";
  const ValueMatrix whole = compute_values(cube, spec.choice);
  CHECK_FALSE(whole.fractional);
  CHECK(label(whole) == "Fatalities");
  const ValueMatrix per_area = rates_per_area(whole, std::vector<double>{7000.0, 7000.0});  // 3 per 7,000 km2
  CHECK(per_area.fractional);
  CHECK(label(per_area) == estimates);
  fatalities[3] = 2.5;  // a midpoint in 2013 only: the 2012 map says so too
  const ValueMatrix midpoints = compute_values(cube, spec.choice);
  CHECK(midpoints.fractional);
  CHECK(label(midpoints) == estimates);
}
