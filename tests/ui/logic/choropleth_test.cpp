#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <span>

#include <fmt/core.h>

#include "core/io/dates.hpp"
#include "core/error.hpp"
#include "ui/logic/choropleth.hpp"

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
  for (size_t i = 0; i < 9; ++i) {
    c.values[static_cast<size_t>(Metric::events)][i] = incidents[i] + operations[i];
  }
  return c;
}

// A one-period cube as wide as `m`, for the frame's titles (the values come from `m`).
Cube cube_for(const ValueMatrix& m) {
  Cube c;
  c.bin = Bin::year;
  c.district_count = m.districts;
  c.period_starts = {15340};  // 2012-01-01
  for (auto& v : c.values) v.assign(m.districts, 0.0);
  return c;
}

// The plain computation of what a frame of `m` at `period` paints: each district's class by
// Classification::class_of, then its class colour (or the no-data colour).
std::vector<Rgb> plain_colors(const ValueMatrix& m, const Classification& k, const Coloring& col, size_t period) {
  std::vector<Rgb> out;
  for (size_t d = 0; d < m.districts; ++d) {
    const int c = k.class_of(m.windowed_at(period, d));
    out.push_back(c < 0 ? kNoDataColor : col.class_colors[static_cast<size_t>(c)]);
  }
  return out;
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
  choice.metric = Metric::operations_minus_incidents;
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
  MapFrame frame;
  build_map_frame(cube, JoinResult{}, m, k, MapSpec{MapMode::values, {}, style}, 0, frame);
  const Legend& legend = frame.legend;
  size_t total = 0;
  for (const auto& row : legend.entries) total += row.districts;
  CHECK(total == 3);
  CHECK(legend.entries.front().kind == LegendEntry::Kind::zero);
  CHECK(legend.entries.front().districts == 1);  // district 2 has no events in period 0
  CHECK(legend.entries.back().kind == LegendEntry::Kind::range);  // every district has a value: no "No data" row
  CHECK(frame.district_colors[2] == kZeroColor);
  CHECK_FALSE(frame.district_colors[1] == kZeroColor);
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
      MapFrame frame;
      MapSpec spec{MapMode::values, {}, style};
      if (diverging) spec.choice.metric = Metric::operations_minus_incidents;
      build_map_frame(cube_for(m), JoinResult{}, m, k, spec, 0, frame);
      const Coloring& col = frame.coloring;
      REQUIRE(frame.district_colors == plain_colors(m, k, col, 0));
      const Legend& fast = frame.legend;
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

TEST_CASE("A slider step reuses the frame's buffers, and its label order reads shared values rather than a copy") {
  const ValueMatrix m = one_period(random_values(1000, 3));
  const Cube cube = cube_for(m);
  const MapSpec spec;
  const Classification k = classify_for(m, spec.style, false, 0);
  MapFrame frame;
  build_map_frame(cube, JoinResult{}, m, k, spec, 0, frame);
  const Rgb* shown = frame.district_colors.data();
  const int* entries = frame.legend_entry.data();
  const uint8_t* coloured = frame.label_priority.coloured.data();
  // Without the values' owner, a copy of the period's values, which outlives `m`.
  CHECK(frame.label_priority.values.data() != m.windowed.data());
  REQUIRE(frame.label_priority.values.size() == m.windowed.size());  // bit for bit: the values hold NaN
  CHECK(std::memcmp(frame.label_priority.values.data(), m.windowed.data(), m.windowed.size() * sizeof(double)) == 0);
  const auto shared = std::make_shared<const ValueMatrix>(m);
  build_map_frame(cube, JoinResult{}, *shared, k, spec, 0, frame, nullptr, nullptr, shared);
  CHECK(frame.district_colors.data() == shown);
  CHECK(frame.legend_entry.data() == entries);
  CHECK(frame.label_priority.coloured.data() == coloured);
  CHECK(frame.label_priority.values.data() == shared->windowed.data());
  CHECK(frame.label_priority.values_owner == shared);
  CHECK_FALSE(frame.legend.entries.empty());
}

TEST_CASE("Classes made beforehand for other values or classes are not used") {
  const ValueMatrix m = one_period(random_values(1000, 3));
  const Cube cube = cube_for(m);
  const MapSpec spec;
  const Classification k = classify_for(m, spec.style, false, 0);
  MapFrame plain, given;
  build_map_frame(cube, JoinResult{}, m, k, spec, 0, plain);
  ClassSpec three = spec.style.spec;
  three.classes = 3;
  const Classification fewer = classify(m.windowed, three);
  REQUIRE(fewer.class_count() != k.class_count());
  for (const PeriodClasses& other : {classify_periods(one_period(random_values(999, 3)), k), classify_periods(m, fewer)}) {
    build_map_frame(cube, JoinResult{}, m, k, spec, 0, given, nullptr, &other);
    CHECK(given.district_colors == plain.district_colors);
    CHECK(given.legend_entry == plain.legend_entry);
    CHECK(given.coloring.class_counts == plain.coloring.class_counts);
  }
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

TEST_CASE("The top table's ranks are district_stat's: ties share a rank, negative values rank below the zeros") {
  const bool negatives = GENERATE(true, false);
  const ValueMatrix m = one_period(random_values(3000, 13, negatives));
  for (size_t n : {size_t{1}, size_t{10}, size_t{500}, m.districts}) {
    const std::vector<size_t> top = top_districts(m, 0, n);
    const std::vector<int> ranks = top_ranks(m, 0, top);
    REQUIRE(ranks.size() == top.size());
    for (size_t i = 0; i < top.size(); ++i) CHECK(ranks[i] == district_stat(m, 0, top[i]).rank);
  }
  CHECK(top_ranks(m, 1, top_districts(m, 0, 3)) == std::vector<int>{0, 0, 0});  // no such period
}

namespace {

// Yearly periods 2004 .. 2012, two districts.
Cube years_2004_2012() {
  Cube c;
  c.bin = Bin::year;
  c.district_count = 2;
  for (int y = 2004; y <= 2012; ++y) c.period_starts.push_back(period_start(Bin::year, parse_date(fmt::format("{}-01-01", y), {}).value()));
  for (auto& v : c.values) v.assign(c.period_count() * 2, 0.0);
  for (size_t p = 0; p < c.period_count(); ++p) c.values[static_cast<size_t>(Metric::events)][2 * p] = 1;
  return c;
}

const std::string kEnDash = "\xE2\x80\x93";

}  // namespace

TEST_CASE("One title generator: per period, cumulative, rolling, and every map mode") {
  const Cube cube = years_2004_2012();
  const size_t last = cube.period_count() - 1;
  CHECK(window_text(cube, {WindowMode::per_period, 1}, last) == "2012");
  CHECK(window_text(cube, {WindowMode::cumulative, 1}, last) == "2004 " + kEnDash + " 2012");
  CHECK(window_text(cube, {WindowMode::rolling, 3}, last) == "3 years to 2012");
  CHECK(window_text(cube, {WindowMode::rolling, 3}, 1) == "2004 " + kEnDash + " 2005");  // cut short by the data
  CHECK(window_text(cube, {WindowMode::cumulative, 1}, 0) == "2004");

  Cube months = cube;
  months.bin = Bin::month;
  months.period_starts = {period_start(Bin::month, parse_date("2025-01-15", {}).value()),
                          period_start(Bin::month, parse_date("2025-02-15", {}).value()),
                          period_start(Bin::month, parse_date("2025-03-15", {}).value())};
  CHECK(window_text(months, {WindowMode::per_period, 1}, 2) == "March 2025");
  CHECK(window_text(months, {WindowMode::cumulative, 1}, 2) == "Jan 2025 " + kEnDash + " Mar 2025");
  CHECK(window_text(months, {WindowMode::rolling, 3}, 2) == "3 months to Mar 2025");

  const ValueMatrix m = compute_values(cube, MetricChoice{});
  MapSpec spec;
  spec.choice.window.mode = WindowMode::cumulative;
  const ValueMatrix cumulative = compute_values(cube, spec.choice);
  MapFrame frame;
  build_map_frame(cube, JoinResult{}, cumulative, classify_for(cumulative, spec.style, false, last), spec, last, frame);
  CHECK(frame.title == "Events by district");
  CHECK(frame.subtitle == "2004 " + kEnDash + " 2012");
  CHECK(frame.when == frame.subtitle);
  CHECK(frame.value_label == "Events");
  CHECK(frame.note.empty());

  spec.choice.window.mode = WindowMode::per_period;
  CategoricalMap painted{std::vector<Rgb>(2, Rgb{200, 0, 0}), Legend{"Gi* z-score", "", {}}, {}};
  spec.mode = MapMode::gi_star;
  build_map_frame(cube, JoinResult{}, m, classify_for(m, spec.style, false, last), spec, last, frame, &painted);
  CHECK(frame.title == "Hot spots (Gi*, 99% / 95% / 90%)");
  CHECK(frame.subtitle == "Events, 2012");
  CHECK(frame.district_colors == painted.district_colors);  // the statistic's colours are painted
  CHECK(frame.legend.title == "Gi* z-score");
  // The values' classes and their counts stay for the inspector.
  CHECK(frame.coloring.class_counts.size() == frame.coloring.classes.class_count());
  CHECK(std::accumulate(frame.coloring.class_counts.begin(), frame.coloring.class_counts.end(), frame.coloring.no_data_count) == 2);

  spec.mode = MapMode::change;
  build_map_frame(cube, JoinResult{}, m, classify_for(m, spec.style, false, last), spec, last, frame, &painted);
  CHECK(frame.title == "Change vs previous year");
  CHECK(frame.subtitle == "Events, 2012 vs 2011");
  spec.mode = MapMode::emerging;
  build_map_frame(cube, JoinResult{}, m, classify_for(m, spec.style, false, 3), spec, 3, frame, &painted);
  CHECK(frame.subtitle == "Events, 2004 " + kEnDash + " 2012");  // trends run over every period
  spec.mode = MapMode::rate_per_area;
  build_map_frame(cube, JoinResult{}, m, classify_for(m, spec.style, false, last), spec, last, frame, &painted);
  CHECK(frame.title == "Events per 1,000 km\xC2\xB2");
  CHECK(frame.legend.title == "Events per 1,000 km\xC2\xB2");
  CHECK(frame.district_colors == plain_colors(m, frame.coloring.classes, frame.coloring, last));  // rates are classed values, not painted

  spec.mode = MapMode::values;
  spec.choice.categories = {true, false, true};
  CHECK(map_title(cube, spec) == "Events (incidents, other) by district");
  spec.choice.metric = Metric::fatalities;  // the category filter applies to events only
  CHECK(map_title(cube, spec) == "Fatalities by district");
}

TEST_CASE("One note about events not on the map") {
  JoinResult join;
  CHECK(unmapped_note(join).empty());
  join.events_unmatched = 1;
  CHECK(unmapped_note(join) == "Not on the map: 1 event that could not be placed in a district.");
  join.events_unmatched = 12;
  join.rejected = 3;
  CHECK(unmapped_note(join) ==
        "Not on the map: 12 events that could not be placed in a district, 3 rows rejected (bad date or value).");
}

TEST_CASE("One metric list: every command and the window parse the same names") {
  for (int m = 0; m < kMetricCount; ++m) CHECK(parse_metric(metric_name(static_cast<Metric>(m))) == static_cast<Metric>(m));
  CHECK(parse_metric("operations-minus-incidents") == Metric::operations_minus_incidents);
  CHECK(metric_names() == "events, incidents, operations, others, fatalities, operations-minus-incidents");
  CHECK_THROWS_AS(parse_metric("deaths"), Error);
}

// The slider step's fast paths (the class lookup of whole numbers, the classes of every period made
// beforehand, the one pass over the districts on all cores, the block skipping of top_districts)
// against the plain computation, on 100k districts over several periods: counts with many ties and
// zeros, missing values, fractions, infinities, -0.
TEST_CASE("A 100k-district slider step gives the plain computation's colours, classes, counts, label priority and top list") {
  const size_t districts = 100000, periods = 4;
  const bool negatives = GENERATE(false, true);
  ValueMatrix m;
  m.periods = periods;
  m.districts = districts;
  for (size_t p = 0; p < periods; ++p) {
    std::vector<double> row = random_values(districts, 100 + p, negatives);
    if (p == 1) std::fill(row.begin() + 5000, row.end(), 0.0);  // mostly zeros: the top list ends early
    if (p == 2) {
      row[77] = std::numeric_limits<double>::infinity();
      row[99999] = -0.0;
      for (size_t d = 40000; d < 40100; ++d) row[d] = 1e6;  // ties at the top, across a block edge
    }
    m.windowed.insert(m.windowed.end(), row.begin(), row.end());
  }
  m.per_period = m.windowed;
  m.has_data.assign(periods, 1);
  Cube cube = cube_for(m);
  cube.period_starts = {15340, 15706, 16071, 16436};
  for (auto& v : cube.values) v.assign(periods * districts, 0.0);
  MapSpec spec;
  if (negatives) spec.choice.metric = Metric::operations_minus_incidents;
  const Classification k = classify_for(m, spec.style, negatives, 0);
  REQUIRE(k.class_count() > 2);
  const PeriodClasses every_period = classify_periods(m, k);
  // As the window steps: the classes made beforehand, the values shared with the frame.
  const bool as_the_window = GENERATE(false, true);
  const PeriodClasses* const given = as_the_window ? &every_period : nullptr;
  const std::shared_ptr<const void> owner = as_the_window ? std::make_shared<const ValueMatrix>(m) : nullptr;
  const ValueMatrix& values = as_the_window ? *std::static_pointer_cast<const ValueMatrix>(owner) : m;
  MapFrame frame;
  for (const size_t period : {size_t{2}, size_t{0}, size_t{3}, size_t{1}}) {
    build_map_frame(cube, JoinResult{}, values, k, spec, period, frame, nullptr, given, owner);
    const std::span<const double> row(m.windowed.data() + period * districts, districts);
    REQUIRE(frame.district_colors == plain_colors(m, k, frame.coloring, period));
    REQUIRE(frame.label_priority.values.size() == districts);
    REQUIRE(frame.label_priority.coloured.size() == districts);
    for (size_t d = 0; d < districts; ++d) {
      const int c = k.class_of(row[d]);
      REQUIRE(frame.legend_entry[d] == (c < 0 ? static_cast<int>(k.class_count()) : c));
      REQUIRE(frame.label_priority.strength(d) == (std::isfinite(row[d]) ? std::abs(row[d]) : 0.0));
      REQUIRE(frame.label_priority.coloured[d] == (c >= static_cast<int>(k.first_ramp_class())));
    }
    CHECK(frame.coloring.class_counts == class_counts(k, row));
    const auto no_data = static_cast<size_t>(std::count_if(row.begin(), row.end(), [](double v) { return !std::isfinite(v); }));
    CHECK(frame.coloring.no_data_count == no_data);

    std::vector<size_t> reference;
    for (size_t d = 0; d < districts; ++d)
      if (row[d] != 0 && !std::isnan(row[d])) reference.push_back(d);
    std::stable_sort(reference.begin(), reference.end(), [&](size_t a, size_t b) { return row[a] > row[b]; });
    for (const size_t n : {size_t{0}, size_t{1}, size_t{10}, size_t{150}, size_t{4999}, districts}) {
      const std::vector<size_t> expected(reference.begin(), reference.begin() + static_cast<ptrdiff_t>(std::min(n, reference.size())));
      REQUIRE(top_districts(m, period, n) == expected);
    }
  }
}
