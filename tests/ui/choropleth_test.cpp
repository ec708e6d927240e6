#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "ui/choropleth.hpp"

using namespace zila;
using namespace zila::ui;

namespace {

// 3 districts x 3 monthly periods. Incidents and operations per [period][district]; events = their sum.
Cube small_cube() {
  Cube c;
  c.bin = Bin::month;
  c.district_count = 3;
  c.period_starts = {19723, 19754, 19783};
  const std::vector<double> incidents{1, 0, 0, /**/ 2, 0, 0, /**/ 0, 0, 0};
  const std::vector<double> operations{0, 3, 0, /**/ 1, 0, 0, /**/ 0, 0, 0};
  for (auto& v : c.values) v.assign(9, 0.0);
  c.values[static_cast<size_t>(Metric::incidents)] = incidents;
  c.values[static_cast<size_t>(Metric::operations)] = operations;
  for (size_t i = 0; i < 9; ++i) c.values[static_cast<size_t>(Metric::events)][i] = incidents[i] + operations[i];
  return c;
}

// One period of `values` (NaN = no data) as a matrix.
ValueMatrix one_period(std::vector<double> values) {
  ValueMatrix m;
  m.periods = 1;
  m.districts = values.size();
  m.per_period = values;
  m.windowed = std::move(values);
  m.has_data = {1};
  return m;
}

// Counts with many ties and zeros, some missing, and with `negatives` some below zero (a diverging
// metric; classes then have no zero class).
std::vector<double> random_values(size_t n, uint64_t seed, bool negatives = true) {
  std::mt19937_64 random(seed);
  std::poisson_distribution<int> count(2.0);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<double> v(n);
  for (double& x : v) {
    const int p = percent(random);
    x = p < 5 ? std::numeric_limits<double>::quiet_NaN()
        : p < 25 && negatives ? -count(random)
                               : count(random) + (p > 95 ? 0.5 : 0.0);
  }
  return v;
}

}  // namespace

TEST_CASE("Values follow the metric, the category filter and the window") {
  const Cube cube = small_cube();
  MetricChoice choice;
  ValueMatrix m = compute_values(cube, choice);
  CHECK(m.windowed_at(0, 1) == 3);
  CHECK(m.has_data == std::vector<uint8_t>{1, 1, 0});

  choice.categories = {true, false, false};  // incidents only
  m = compute_values(cube, choice);
  CHECK(m.windowed_at(0, 1) == 0);
  CHECK(m.windowed_at(1, 0) == 2);

  choice = {};
  choice.metric = UiMetric::operations_minus_incidents;
  m = compute_values(cube, choice);
  CHECK(m.windowed_at(0, 0) == -1);
  CHECK(m.windowed_at(0, 1) == 3);

  choice = {};
  choice.window.mode = WindowMode::cumulative;
  m = compute_values(cube, choice);
  CHECK(m.windowed_at(2, 0) == 4);   // 1 + 3 + 0
  CHECK(m.per_period_at(2, 0) == 0);  // bars and skip-empty still see single periods
  CHECK(m.has_data[2] == 0);
}

TEST_CASE("Legend counts every district exactly once, starting with the zero class") {
  const Cube cube = small_cube();
  const ValueMatrix m = compute_values(cube, MetricChoice{});
  ClassStyle style;
  style.spec.classes = 3;
  const Classification k = classify_for(m, style, false, 0);
  const Coloring col = color_period(m, k, style, false, 0);
  const Legend legend = legend_for(col, m, 0, style.mode, UiMetric::events);
  size_t total = 0;
  for (const auto& row : legend.entries) total += row.districts;
  CHECK(total == 3);
  CHECK(legend.entries.front().kind == LegendEntry::Kind::zero);
  CHECK(legend.entries.front().districts == 1);  // district 2 has no events in period 0
  CHECK(legend.entries.back().kind == LegendEntry::Kind::range);  // every district has a value: no "No data" row
  CHECK(col.district_colors[2] == kZeroColor);
  CHECK_FALSE(col.district_colors[1] == kZeroColor);
  CHECK_FALSE(legend.mode_note.empty());
}

TEST_CASE("Rank, change and top lists") {
  const ValueMatrix m = compute_values(small_cube(), MetricChoice{});
  const DistrictStat s = district_stat(m, 1, 0);
  CHECK(s.value == 3);
  CHECK(s.rank == 1);
  CHECK(s.has_previous);
  CHECK(s.previous == 1);
  CHECK(district_stat(m, 1, 2).rank == 2);  // ties share a rank
  CHECK(district_stat(m, 1, 1).rank == 2);
  CHECK_FALSE(district_stat(m, 0, 0).has_previous);
  CHECK(top_districts(m, 0, 10) == std::vector<size_t>{1, 0});
  CHECK(top_districts(m, 0, 1) == std::vector<size_t>{1});
  CHECK(top_districts(m, 2, 10).empty());
  CHECK(top_periods(m, 0, 5) == std::vector<size_t>{1, 0});
}

TEST_CASE("A period's colours follow Classification::class_of and its legend counts match build_legend") {
  const bool negatives = GENERATE(true, false);
  const ValueMatrix m = one_period(random_values(5000, 7, negatives));
  bool zero_class_seen = false;
  for (const bool diverging : {false, true}) {
    for (const ClassMethod method : {ClassMethod::quantile, ClassMethod::natural_breaks, ClassMethod::equal_interval,
                                     ClassMethod::std_dev}) {
      ClassStyle style;
      style.spec.method = method;
      style.spec.classes = 6;
      const Classification k = classify_for(m, style, diverging, 0);
      REQUIRE(k.class_count() > 0);
      zero_class_seen = zero_class_seen || k.has_zero_class();
      const Coloring col = color_period(m, k, style, diverging, 0);
      for (size_t d = 0; d < m.districts; ++d) {
        const int expected = k.class_of(m.windowed_at(0, d));
        REQUIRE(col.district_class[d] == expected);
        REQUIRE(col.district_colors[d] == (expected < 0 ? kNoDataColor : col.class_colors[static_cast<size_t>(expected)]));
      }
      const Legend fast = legend_for(col, m, 0, style.mode, UiMetric::events);
      const Legend reference = build_legend(k, col.ramp, m.windowed, true, "Events", kZeroColor, kNoDataColor);
      REQUIRE(fast.entries.size() == reference.entries.size());
      for (size_t e = 0; e < fast.entries.size(); ++e) {
        CHECK(fast.entries[e].label == reference.entries[e].label);
        CHECK(fast.entries[e].districts == reference.entries[e].districts);
      }
      CHECK(fast.entries.back().kind == LegendEntry::Kind::no_data);
    }
  }
  CHECK(zero_class_seen == !negatives);
}

TEST_CASE("A slider step reuses the colouring's buffers") {
  const ValueMatrix m = one_period(random_values(1000, 3));
  const ClassStyle style;
  const Classification k = classify_for(m, style, false, 0);
  Coloring coloring;
  Legend legend;
  show_period(m, k, style, false, UiMetric::events, 0, coloring, legend);
  const Rgb* colors = coloring.district_colors.data();
  const int* classes = coloring.district_class.data();
  show_period(m, k, style, false, UiMetric::events, 0, coloring, legend);
  CHECK(coloring.district_colors.data() == colors);
  CHECK(coloring.district_class.data() == classes);
  CHECK_FALSE(legend.entries.empty());
}

TEST_CASE("Top districts: highest first, ties by index, without zeros or missing values") {
  const ValueMatrix m = one_period(random_values(3000, 11));
  std::vector<size_t> reference;
  for (size_t d = 0; d < m.districts; ++d)
    if (m.windowed[d] != 0 && !std::isnan(m.windowed[d])) reference.push_back(d);
  std::stable_sort(reference.begin(), reference.end(), [&](size_t a, size_t b) { return m.windowed[a] > m.windowed[b]; });
  for (size_t n : {size_t{0}, size_t{1}, size_t{10}, size_t{500}, reference.size(), m.districts}) {
    std::vector<size_t> expected(reference.begin(), reference.begin() + static_cast<ptrdiff_t>(std::min(n, reference.size())));
    CHECK(top_districts(m, 0, n) == expected);
  }
}
