// Hotspot analysis as map modes: Getis-Ord Gi*, Local Moran's I clusters, emerging hot spots over
// the whole cube, change vs the previous period and rates per 1,000 km². Statistics come from the
// core (hotspot, emerging, change_rates); this file turns them into per-district colours and legend
// entries. No window, no GL: zila_ui_tests checks it on small lattices.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/pipeline.hpp"
#include "core/stats/change_rates.hpp"
#include "core/stats/emerging.hpp"
#include "core/stats/hotspot.hpp"
#include "core/stats/scan.hpp"
#include "core/geo/boundaries.hpp"
#include "core/map/legend.hpp"
#include "core/geo/spatial_weights.hpp"
#include "ui/logic/choropleth.hpp"

namespace zila::ui {

// MapMode, is_rate_mode and mode_needs_weights: core/map_frame.hpp.
const char* map_mode_label(MapMode m);

struct AnalysisSettings {
  int permutations = 999;
  bool false_discovery_rate = false;
  bool change_percent = false;  // change mode: percent instead of absolute
  ChangeOptions change;
  bool operator==(const AnalysisSettings& o) const {
    return permutations == o.permutations && false_discovery_rate == o.false_discovery_rate &&
           change_percent == o.change_percent && change.limited_before == o.change.limited_before &&
           change.limited_now == o.change.limited_now;
  }
};
HotspotOptions hotspot_options(const AnalysisSettings& s);

// Statistics of the shown (windowed) values of one period. Empty vectors when not computed
// (no weights, or period 0 for the change).
struct PeriodStats {
  size_t period = SIZE_MAX;
  GiStarResult gi;
  MoranResult moran;
  ChangeMap change;
  double ms = 0;
};
// Empty `weights` (size 0) skip Gi* and Moran. Throws zila::Error when the weights do not match.
PeriodStats compute_period_stats(const ValueMatrix& m, size_t period, const SpatialWeights& weights,
                                 const AnalysisSettings& settings);
// The modes that show a PeriodStats (the window's inspector reads one too).
inline bool mode_shows_period_stats(MapMode m) {
  return m == MapMode::gi_star || m == MapMode::moran || m == MapMode::change;
}

// Emerging hot spots over every period's single-period values (not the window: trends per period).
struct TrendStats {
  std::vector<DistrictTrend> districts;
  EmergingOptions options;  // as computed (for explain_emerging)
  double ms = 0;
};
TrendStats compute_trends(const ValueMatrix& m, const SpatialWeights& weights, const AnalysisSettings& settings);

// The shown values divided by area: per 1,000 km² (NaN where the area is unknown).
ValueMatrix rates_per_area(const ValueMatrix& m, std::span<const double> area_km2);
// Per 100,000 people; NaN ("no data") where a district has no population figure.
ValueMatrix rates_per_population(const ValueMatrix& m, std::span<const double> population);

// The space-time scan over every period's single-period values (as the emerging mode): Poisson with
// expected counts from `population` when it has a figure for every district, else from area;
// replications = the permutations setting (at least 99). Empty `weights` skip it. `progress` as in
// space_time_scan (the window's background job passes its bar and Cancel).
struct ScanStats {
  ScanResult result;
  std::vector<std::string> period_labels;  // "2008", "2008-06", ... as in zila report
  bool computed = false;
};
ScanStats compute_scan(const ValueMatrix& m, const Cube& cube, const Boundaries& boundaries,
                       std::span<const double> population, const SpatialWeights& weights,
                       const AnalysisSettings& settings, const ScanProgress& progress = {});

// What a categorical mode paints: one colour per district and the legend.
using ModeColoring = CategoricalMap;

// Gi* classes, ArcGIS-style diverging colours, hot 99% first; "hot surroundings, no events here"
// (hot_neighbourhood_0) in a pale pink of its own, listed after the hot classes, so
// no empty district shares a colour with those that hold the events. No result: every district
// "no data".
ModeColoring color_gi_star(const GiStarResult& gi, size_t districts);
// Moran clusters (HH, LL, HL, LH at the p threshold) and "not significant".
ModeColoring color_moran(const MoranResult& moran, size_t districts);
// Emerging categories that occur, hot then cold, and "no pattern" always. A district whose hot
// category came only from its neighbours (no events of its own in any hot period) is painted as
// "hot surroundings only", in the Gi* mode's hot-surroundings colour, listed after the hot categories.
ModeColoring color_emerging(const TrendStats& trends, size_t districts);
// Change on a diverging ramp (decrease blue, increase red, symmetric classes around "unchanged"),
// "limited change" from the low-baseline guard, "no previous period" when the map is empty.
ModeColoring color_change(const ChangeMap& change, const ChangeOptions& options, bool percent, size_t districts);

// The values a mode maps: the metric over the window, divided by area or population in the rate
// modes. The window and `zila render` both start here.
ValueMatrix mode_values(const Dataset& data, const MetricChoice& choice, MapMode mode);
// What a statistic mode paints for the statistics of one period (nullopt for the value and rate
// modes, which the classes paint), with the legend's method sentence. Window and `zila render` alike.
// `scan` is read in the scan mode only: its clusters that span `period`, named by `district_names`.
std::optional<ModeColoring> mode_coloring(MapMode mode, const PeriodStats& stats, const TrendStats& trends,
                                          const ScanStats& scan, size_t period,
                                          std::span<const std::string> district_names,
                                          const AnalysisSettings& settings, bool has_weights);

inline constexpr Rgb kNotSignificantColor{218, 218, 218};
inline constexpr Rgb kHotSurroundingsColor{246, 212, 226};
inline constexpr Rgb kLimitedChangeColor{226, 220, 200};

}  // namespace zila::ui
