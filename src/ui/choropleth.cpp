#include "ui/choropleth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <fmt/core.h>
#include <span>

namespace zila::ui {
namespace {

// Locked classes look at every period; natural breaks on hundreds of thousands of values is slow and
// quantiles of a sorted, evenly spaced sample give the same breaks to well within a class.
constexpr size_t kMaxClassifySamples = 20000;

void add_window(std::vector<double>& out, const Cube& cube, Metric metric, const WindowSpec& window, size_t period,
                double sign) {
  std::vector<double> v = window_values(cube, metric, window, period);
  for (size_t d = 0; d < out.size() && d < v.size(); ++d) out[d] += sign * v[d];
}

void add_values(std::vector<double>& out, const Cube& cube, const MetricChoice& c, const WindowSpec& window,
                size_t period) {
  switch (c.metric) {
    case UiMetric::events:
      if (c.categories[0] && c.categories[1] && c.categories[2]) {
        add_window(out, cube, Metric::events, window, period, 1);
      } else {
        const Metric per_category[] = {Metric::incidents, Metric::operations, Metric::others};
        for (size_t k = 0; k < c.categories.size(); ++k)
          if (c.categories[k]) add_window(out, cube, per_category[k], window, period, 1);
      }
      break;
    case UiMetric::incidents: add_window(out, cube, Metric::incidents, window, period, 1); break;
    case UiMetric::operations: add_window(out, cube, Metric::operations, window, period, 1); break;
    case UiMetric::fatalities: add_window(out, cube, Metric::fatalities, window, period, 1); break;
    case UiMetric::operations_minus_incidents:
      add_window(out, cube, Metric::operations, window, period, 1);
      add_window(out, cube, Metric::incidents, window, period, -1);
      break;
  }
}

}  // namespace

const char* ui_metric_label(UiMetric m) {
  switch (m) {
    case UiMetric::events: return "Events";
    case UiMetric::incidents: return "Incidents";
    case UiMetric::operations: return "Operations";
    case UiMetric::fatalities: return "Fatalities";
    case UiMetric::operations_minus_incidents: return "Operations - incidents";
  }
  return "?";
}

ValueMatrix compute_values(const Cube& cube, const MetricChoice& choice) {
  ValueMatrix m;
  m.periods = cube.period_count();
  m.districts = cube.district_count;
  m.windowed.assign(m.periods * m.districts, 0.0);
  m.per_period.assign(m.periods * m.districts, 0.0);
  m.has_data.assign(m.periods, 0);
  const WindowSpec single{WindowMode::per_period, 1};
  std::vector<double> row(m.districts);
  for (size_t p = 0; p < m.periods; ++p) {
    std::fill(row.begin(), row.end(), 0.0);
    add_values(row, cube, choice, single, p);
    std::copy(row.begin(), row.end(), m.per_period.begin() + static_cast<ptrdiff_t>(p * m.districts));
    m.has_data[p] = std::any_of(row.begin(), row.end(), [](double v) { return v != 0; });
    if (choice.window.mode != WindowMode::per_period) {
      std::fill(row.begin(), row.end(), 0.0);
      add_values(row, cube, choice, choice.window, p);
    }
    std::copy(row.begin(), row.end(), m.windowed.begin() + static_cast<ptrdiff_t>(p * m.districts));
  }
  return m;
}

Classification classify_for(const ValueMatrix& m, const ClassStyle& style, bool diverging, size_t period) {
  std::vector<double> values;
  if (style.mode == LegendMode::locked || period >= m.periods) {
    values = m.windowed;
  } else {
    auto first = m.windowed.begin() + static_cast<ptrdiff_t>(period * m.districts);
    values.assign(first, first + static_cast<ptrdiff_t>(m.districts));
  }
  if (values.size() > kMaxClassifySamples) {
    std::sort(values.begin(), values.end());
    std::vector<double> sample(kMaxClassifySamples);
    for (size_t i = 0; i < sample.size(); ++i) sample[i] = values[i * (values.size() - 1) / (sample.size() - 1)];
    values = std::move(sample);
  }
  ClassSpec spec = style.spec;
  // A diverging ramp needs both signs around a neutral zero; its zero class is that neutral colour.
  if (diverging) spec.zero_class = true;
  return classify(values, spec);
}

void color_period(const ValueMatrix& m, const Classification& classes, const ClassStyle& style, bool diverging,
                  size_t period, Coloring& out) {
  out.classes = classes;
  const size_t n = classes.class_count();
  const size_t ramp_classes = classes.has_zero_class() && n > 0 ? n - 1 : n;
  out.ramp.clear();
  if (ramp_classes > 0) out.ramp = ramp_colors(diverging ? style.diverging_ramp : style.ramp, static_cast<int>(ramp_classes));
  out.class_colors.clear();
  if (classes.has_zero_class() && n > 0) out.class_colors.push_back(kZeroColor);
  out.class_colors.insert(out.class_colors.end(), out.ramp.begin(), out.ramp.end());
  out.class_colors.resize(n, kNoDataColor);
  out.class_counts.assign(n, 0);
  out.district_class.resize(m.districts);
  out.district_colors.resize(m.districts);
  if (period >= m.periods || n == 0) {
    std::fill(out.district_class.begin(), out.district_class.end(), -1);
    std::fill(out.district_colors.begin(), out.district_colors.end(), kNoDataColor);
    out.no_data_count = m.districts;
    return;
  }
  const double* values = m.windowed.data() + period * m.districts;
  out.no_data_count = 0;
  for (size_t d = 0; d < m.districts; ++d) {
    const int k = classes.class_of(values[d]);
    out.district_class[d] = k;
    if (k < 0) {
      out.district_colors[d] = kNoDataColor;
      ++out.no_data_count;
    } else {
      out.district_colors[d] = out.class_colors[static_cast<size_t>(k)];
      ++out.class_counts[static_cast<size_t>(k)];
    }
  }
}

Coloring color_period(const ValueMatrix& m, const Classification& classes, const ClassStyle& style, bool diverging,
                      size_t period) {
  Coloring c;
  color_period(m, classes, style, diverging, period, c);
  return c;
}

Legend legend_for(const Coloring& coloring, const ValueMatrix& m, size_t period, LegendMode mode, UiMetric metric) {
  if (period >= m.periods || coloring.classes.class_count() == 0) return {};
  // The counts are the colouring's: the districts are not classified twice.
  return build_legend(coloring.classes, coloring.ramp, coloring.class_counts, coloring.no_data_count,
                      mode == LegendMode::locked, ui_metric_label(metric), kZeroColor, kNoDataColor);
}

void show_period(const ValueMatrix& m, const Classification& classes, const ClassStyle& style, bool diverging,
                 UiMetric metric, size_t period, Coloring& coloring, Legend& legend) {
  color_period(m, classes, style, diverging, period, coloring);
  legend = legend_for(coloring, m, period, style.mode, metric);
}

DistrictStat district_stat(const ValueMatrix& m, size_t period, size_t district) {
  DistrictStat s;
  if (period >= m.periods || district >= m.districts) return s;
  s.value = m.windowed_at(period, district);
  if (period > 0) {
    s.previous = m.windowed_at(period - 1, district);
    s.has_previous = true;
  }
  s.ranked = m.districts;
  s.rank = 1;
  for (size_t d = 0; d < m.districts; ++d)
    if (m.windowed_at(period, d) > s.value) ++s.rank;
  return s;
}

std::vector<size_t> top_districts(const ValueMatrix& m, size_t period, size_t n) {
  std::vector<size_t> best;
  if (period >= m.periods || n == 0) return best;
  const double* values = m.windowed.data() + period * m.districts;
  // Strict order: higher value first, then lower index. As a heap, best.front() is the worst kept.
  const auto ahead = [values](size_t a, size_t b) { return values[a] > values[b] || (values[a] == values[b] && a < b); };
  best.reserve(n + 1);
  // Once n are kept, a later district must beat the worst kept value (a tie loses on index).
  double worst = -std::numeric_limits<double>::infinity();
  for (size_t d = 0; d < m.districts; ++d) {
    if (values[d] == 0 || std::isnan(values[d]) || (best.size() == n && values[d] <= worst)) continue;
    best.push_back(d);
    std::push_heap(best.begin(), best.end(), ahead);
    if (best.size() > n) {
      std::pop_heap(best.begin(), best.end(), ahead);
      best.pop_back();
    }
    if (best.size() == n) worst = values[best.front()];
  }
  std::sort_heap(best.begin(), best.end(), ahead);
  return best;
}

std::vector<size_t> top_periods(const ValueMatrix& m, size_t district, size_t n) {
  std::vector<size_t> out;
  if (district >= m.districts) return out;
  for (size_t p = 0; p < m.periods; ++p)
    if (m.per_period_at(p, district) != 0) out.push_back(p);
  std::stable_sort(out.begin(), out.end(),
                   [&](size_t a, size_t b) { return m.per_period_at(a, district) > m.per_period_at(b, district); });
  if (out.size() > n) out.resize(n);
  return out;
}

}  // namespace zila::ui
