// One description of the map for one period: which values, their classes and colours, the legend,
// the title and subtitle, and the note about events not on the map. Built by build_map_frame for the
// window, its PNG export, `zila render` and `zila bench` alike; renderers only draw it. No GL.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/geo/boundaries.hpp"
#include "core/map/classify.hpp"
#include "core/cube.hpp"
#include "core/join/join.hpp"
#include "core/map/legend.hpp"
#include "core/stats/scan.hpp"

namespace zila {

// Which districts the map colours (a class above zero, or a significant statistic: statistic maps
// paint "not significant" grey) and how strongly (the absolute shown value): the order in which labels
// are placed, and what the legend avoids covering.
struct LabelPriority {
  std::vector<uint8_t> coloured;  // per district
  // The period's shown values, per district: a view kept valid by `values_owner` (the window's shared
  // values, or a copy), not a per-step copy, as a frame outlives the values it was built from (the
  // window keeps its frame while new values are made; slides keep theirs).
  std::span<const double> values;
  std::shared_ptr<const void> values_owner;
  // Larger first; no data (NaN, ±inf) and districts beyond the values are the weakest.
  double strength(size_t d) const {
    const double v = d < values.size() ? values[d] : 0.0;
    return std::isfinite(v) ? std::abs(v) : 0.0;
  }
};

// What the map shows: the values themselves, a statistic of them, or a rate.
enum class MapMode : uint8_t { values, gi_star, moran, emerging, change, rate_per_area, rate_per_population, scan };
inline constexpr int kMapModeCount = 8;
// The names of `zila view/render --mode` and project files ("rate-area": an accepted spelling).
inline constexpr EnumTable<MapMode, kMapModeCount + 1> kMapModeNames{
    {{MapMode::values, "values"}, {MapMode::gi_star, "gistar"}, {MapMode::moran, "moran"}, {MapMode::emerging, "emerging"},
     {MapMode::change, "change"}, {MapMode::rate_per_area, "rate"}, {MapMode::rate_per_population, "rate-100k"},
     {MapMode::scan, "scan"}, {MapMode::rate_per_area, "rate-area"}}};
constexpr const auto& enum_table(MapMode) { return kMapModeNames; }
inline bool is_rate_mode(MapMode m) { return m == MapMode::rate_per_area || m == MapMode::rate_per_population; }
inline const char* map_mode_name(MapMode m) { return name_cstr(m); }
inline MapMode parse_map_mode(const std::string& text) { return parse_enum<MapMode>(text, "map mode"); }
// Modes whose statistics need spatial weights (and so a boundary file GEOS could read).
inline bool mode_needs_weights(MapMode m) {
  return m == MapMode::gi_star || m == MapMode::moran || m == MapMode::emerging || m == MapMode::scan;
}

// The map's colours outside the ramp, the same in the window, its export and slides.
inline constexpr Rgb kZeroColor{238, 236, 230};
inline constexpr Rgb kNoDataColor{150, 150, 150};

const char* metric_label(Metric m);  // "Events", ..., "Operations - incidents"
// Only the events metric is a sum over categories; the others are one category or not split.
inline bool category_filter_applies(Metric m) { return m == Metric::events; }
// Signed values around a neutral zero: drawn on a diverging ramp.
inline bool metric_is_diverging(Metric m) { return m == Metric::operations_minus_incidents; }
const char* class_method_label(ClassMethod m);  // "Natural breaks (Jenks)", "Quantile", ...

struct MetricChoice {
  Metric metric = Metric::events;
  std::array<bool, 3> categories{true, true, true};  // incident, operation, other (Category order)
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
  // Some finite `windowed` value is not a whole number (fatalities from range columns: estimates).
  // Set with `windowed` (compute_values; whoever rewrites it, as rates do, sets it again by
  // has_fractional_values): a time-slider step reads it instead of every period's values.
  bool fractional = false;
  double windowed_at(size_t p, size_t d) const { return windowed[p * districts + d]; }
  double per_period_at(size_t p, size_t d) const { return per_period[p * districts + d]; }
};
ValueMatrix compute_values(const Cube& cube, const MetricChoice& choice);
bool has_fractional_values(std::span<const double> values);  // ValueMatrix::fractional of `values`

enum class LegendMode : uint8_t { locked, per_period };

struct ClassStyle {
  ClassSpec spec;
  std::string ramp = "YlOrRd";
  std::string diverging_ramp = "RdBu";  // for operations - incidents
  LegendMode mode = LegendMode::locked;
  bool operator==(const ClassStyle& o) const {
    return spec.method == o.spec.method && spec.classes == o.spec.classes && spec.zero_class == o.spec.zero_class &&
           spec.manual_breaks == o.spec.manual_breaks && ramp == o.ramp && diverging_ramp == o.diverging_ramp &&
           mode == o.mode;
  }
};

struct Coloring {
  Classification classes;
  std::vector<Rgb> ramp;            // one per non-zero class
  std::vector<Rgb> class_colors;    // one per class
  std::vector<size_t> class_counts;  // districts per class this period, for the legend
  size_t no_data_count = 0;          // districts without a value this period
};

// The classes of every period's values at once, for classes locked over all periods: what a time-slider
// step reads instead of classifying every district again (the class lookup was most of a step at 100k
// districts). Valid only with the values and classes it was made from: whoever remakes either remakes it.
struct PeriodClasses {
  size_t periods = 0, districts = 0, class_count = 0;
  std::vector<uint16_t> slots;   // [period * districts + district]: class + 1, 0 for no data
  std::vector<size_t> counts;    // [period * (class_count + 1) + slot]: districts per slot
};
PeriodClasses classify_periods(const ValueMatrix& m, const Classification& classes);

// Classes over all periods (locked) or over `period` only. Locked classes over more than 20,000
// values classify an evenly spaced sample of the sorted values (natural breaks on hundreds of
// thousands of values is slow; the breaks agree to well within a class).
Classification classify_for(const ValueMatrix& m, const ClassStyle& style, bool diverging, size_t period);

// What is shown, as the window's controls or `zila render`'s flags set it.
struct MapSpec {
  MapMode mode = MapMode::values;
  MetricChoice choice;
  ClassStyle style;
  bool change_percent = false;  // change mode: percent instead of absolute
};

// Colours and legend of a categorical mode (Gi*, Moran, emerging, change), made from its statistics.
struct CategoricalMap {
  std::vector<Rgb> district_colors;
  Legend legend;
  std::vector<int> district_entry;  // per district: its entry in `legend`, to count a part of the map
};

// The scan mode at `period` (the clusters come from the whole cube, see core/stats/scan.hpp): each
// cluster with p <= alpha is painted in its own colour in the periods it spans and in a pale tint of
// it in the others; every other district is "not in a significant cluster". The legend lists the
// significant clusters numbered as in `zila report --stat scan` ("1. North Waziristan + 2, 2008 to
// 2014: 364 events vs 6.95 expected, RR 434, p 0.001"), the mode note says what the numbers mean.
CategoricalMap scan_cluster_map(const ScanResult& scan, size_t period, std::span<const std::string> districts,
                                std::span<const std::string> periods, double alpha = 0.05);
inline constexpr Rgb kNotInClusterColor{218, 218, 218};

struct MapFrame {
  size_t period = 0;
  MapMode mode = MapMode::values;
  std::string title;        // what: "Events by district", "Hot spots (Gi*, 99% / 95% / 90%)"
  std::string subtitle;     // when (and, for statistics, of what): "2004 – 2012", "Events, 2012"
  std::string when;         // the window: "2012", "2004 – 2012", "3 years to 2012"
  std::string value_label;  // what one district's value is: "Events", "Events per 1,000 km²"
  Coloring coloring;        // classes of the values (also behind a statistic's map, for the inspector)
  std::vector<Rgb> district_colors;  // what the map paints
  Legend legend;
  // Per district: its entry in `legend` (-1: none), to count a part of the map. For values and rates
  // the entry is the district's class (the legend lists the classes, then "No data").
  std::vector<int> legend_entry;
  LabelPriority label_priority;  // made with the colours, for labels and the legend's corner
  std::string note;  // events that are not on the map; empty when all are
};

// The legend's district counts over the districts `keep` says yes to (a region, the extent shown).
template <typename Keep>
void count_legend_districts(MapFrame& frame, Keep&& keep) {
  for (LegendEntry& e : frame.legend.entries) e.districts = 0;
  for (size_t d = 0; d < frame.legend_entry.size(); ++d) {
    const int k = frame.legend_entry[d];
    if (k >= 0 && static_cast<size_t>(k) < frame.legend.entries.size() && keep(d)) ++frame.legend.entries[static_cast<size_t>(k)].districts;
  }
}

// The one builder. `values` and `classes` come from compute_values and classify_for with `spec`
// (rates already divided); `categorical` paints the statistic modes and is ignored for the others.
// `period_classes`, classify_periods of the same values and classes, spares classifying the districts
// again (the same frame results); one of other dimensions is not used. `values_owner`, the shared
// owner of `values` (never changed once made), lets the label priority refer to them instead of
// copying the period's values. Reuses `out`'s buffers.
void build_map_frame(const Cube& cube, const JoinResult& join, const ValueMatrix& values,
                     const Classification& classes, const MapSpec& spec, size_t period, MapFrame& out,
                     const CategoricalMap* categorical = nullptr, const PeriodClasses* period_classes = nullptr,
                     std::shared_ptr<const void> values_owner = nullptr);

// Titles. "March 2025", "Q1 2025", "Week of 3 Mar 2025", "2012"; with `short_form` "Mar 2025".
std::string pretty_period(Bin bin, int32_t start, bool short_form = false);
// The window ending at `period`: "2012", "2004 – 2012", "3 years to 2012" (a rolling window cut short
// by the start of the data reads as its range).
std::string window_text(const Cube& cube, const WindowSpec& window, size_t period);
// "Events by district" (with the categories when some are filtered out), "Events per 1,000 km²",
// "Hot spots (Gi*, 99% / 95% / 90%)", ...
std::string map_title(const Cube& cube, const MapSpec& spec);

// "Not on the map: 12 events that could not be placed in a district, 3 rows rejected (bad date or
// value)."; empty when every row is on the map.
std::string unmapped_note(const JoinResult& join);

// The province holding at least `min_share` of the events in `district_totals` (one per district),
// or "" when none does (data spread over several provinces, or no parents known).
inline constexpr double kDefaultRegionShare = 0.5;
std::string dominant_parent(const Boundaries& b, std::span<const double> district_totals,
                            double min_share = kDefaultRegionShare);
// The region a map of `cube` opens on: the dominant province of all events over all periods.
std::string default_region(const Boundaries& b, const Cube& cube);

}  // namespace zila
