#include <catch2/catch.hpp>

#include <numeric>

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
