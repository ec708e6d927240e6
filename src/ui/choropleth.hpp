// What the map shows: the chosen metric over the chosen window for every period, its classes and
// colours, the legend's content, and per-district statistics. Pure data; no window, no GL.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/classify.hpp"
#include "core/legend.hpp"
#include "core/cube.hpp"

namespace zila::ui {

enum class UiMetric : uint8_t { events, incidents, operations, fatalities, operations_minus_incidents };
inline constexpr int kUiMetricCount = 5;
const char* ui_metric_label(UiMetric m);
// Only the events metric is a sum over categories; the others are one category or not split.
inline bool category_filter_applies(UiMetric m) { return m == UiMetric::events; }

struct MetricChoice {
  UiMetric metric = UiMetric::events;
  std::array<bool, kCategoryCount> categories{true, true, true};  // incident, operation, other
  WindowSpec window;
  bool operator==(const MetricChoice& o) const {
    return metric == o.metric && categories == o.categories && window.mode == o.window.mode &&
           window.rolling_periods == o.window.rolling_periods;
  }
};

// Every period's values at once, so the slider, series, ranks and locked classes read, never compute.
struct ValueMatrix {
  size_t periods = 0, districts = 0;
  std::vector<double> windowed;    // [period * districts + district]: what the map shows
  std::vector<double> per_period;  // the same metric per single period (bars, top periods)
  std::vector<uint8_t> has_data;   // per period: some district has a non-zero per-period value
  double windowed_at(size_t p, size_t d) const { return windowed[p * districts + d]; }
  double per_period_at(size_t p, size_t d) const { return per_period[p * districts + d]; }
};
ValueMatrix compute_values(const Cube& cube, const MetricChoice& choice);

enum class LegendMode : uint8_t { locked, per_period };

struct ClassStyle {
  ClassSpec spec;
  std::string ramp = "YlOrRd";
  std::string diverging_ramp = "RdBu";  // for operations − incidents
  LegendMode mode = LegendMode::locked;
  bool operator==(const ClassStyle& o) const {
    return spec.method == o.spec.method && spec.classes == o.spec.classes && spec.zero_class == o.spec.zero_class &&
           ramp == o.ramp && diverging_ramp == o.diverging_ramp && mode == o.mode;
  }
};

inline constexpr Rgb kZeroColor{238, 236, 230};
inline constexpr Rgb kNoDataColor{150, 150, 150};

struct Coloring {
  Classification classes;
  std::vector<Rgb> ramp;            // one per non-zero class
  std::vector<Rgb> class_colors;    // one per class
  std::vector<int> district_class;  // per district; -1 = no data
  std::vector<Rgb> district_colors;
  std::vector<size_t> class_counts;  // districts per class this period, for the legend
  size_t no_data_count = 0;          // districts without a value this period
};

// Classes over all periods (locked) or over `period` only.
Classification classify_for(const ValueMatrix& m, const ClassStyle& style, bool diverging, size_t period);
// Colours for `period`. The first form writes into `out`, reusing its buffers: a time-slider step
// then allocates nothing district-sized.
void color_period(const ValueMatrix& m, const Classification& classes, const ClassStyle& style, bool diverging,
                  size_t period, Coloring& out);
Coloring color_period(const ValueMatrix& m, const Classification& classes, const ClassStyle& style, bool diverging,
                      size_t period);

// The core's legend content (zila::build_legend) for the shown period, with the district counts the
// colouring already made (no second pass over the districts).
Legend legend_for(const Coloring& coloring, const ValueMatrix& m, size_t period, LegendMode mode, UiMetric metric);

// One time-slider step of the value map: colours of `period` into `coloring` and its legend. The
// window and `zila bench` both call this, so the bench times what a step really costs.
void show_period(const ValueMatrix& m, const Classification& classes, const ClassStyle& style, bool diverging,
                 UiMetric metric, size_t period, Coloring& coloring, Legend& legend);

struct DistrictStat {
  double value = 0;
  double previous = 0;
  bool has_previous = false;
  int rank = 0;          // 1 = highest value this period; ties share a rank
  size_t ranked = 0;     // districts ranked
};
DistrictStat district_stat(const ValueMatrix& m, size_t period, size_t district);
// Districts with a non-zero value this period, highest first (ties by index), at most `n`. One pass
// keeping the best `n`: cheap enough to call every frame at 100k districts.
std::vector<size_t> top_districts(const ValueMatrix& m, size_t period, size_t n);
// Periods with a non-zero per-period value for `district`, highest first, at most `n`.
std::vector<size_t> top_periods(const ValueMatrix& m, size_t district, size_t n);

}  // namespace zila::ui
