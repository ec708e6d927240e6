// Statistics behind the analysis map modes: which values they read and when they run.
#include "ui/logic/analysis.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include "core/error.hpp"
#include "core/text.hpp"

namespace zila::ui {
namespace {

std::span<const double> row(const std::vector<double>& matrix, const ValueMatrix& m, size_t period) {
  return {matrix.data() + period * m.districts, m.districts};
}

}  // namespace

const char* map_mode_label(MapMode m) {
  static constexpr EnumTable<MapMode, kMapModeCount> kLabels{{{MapMode::values, "Values (choropleth)"},
                                                             {MapMode::gi_star, "Hot spots (Getis-Ord Gi*)"},
                                                             {MapMode::moran, "Clusters (Local Moran's I)"},
                                                             {MapMode::emerging, "Emerging hot spots (all periods)"},
                                                             {MapMode::scan, "Space-time clusters (scan, all periods)"},
                                                             {MapMode::change, "Change vs previous period"},
                                                             {MapMode::rate_per_area, "Rate per 1,000 km\xC2\xB2"},
                                                             {MapMode::rate_per_population, "Rate per 100,000 people"}}};
  return text_in(kLabels, m);
}

HotspotOptions hotspot_options(const AnalysisSettings& s) {
  HotspotOptions o;
  o.permutations = s.permutations;
  o.false_discovery_rate = s.false_discovery_rate;
  return o;
}

PeriodStats compute_period_stats(const ValueMatrix& m, size_t period, const SpatialWeights& weights,
                                 const AnalysisSettings& settings) {
  PeriodStats out;
  if (period >= m.periods) return out;
  const auto start = std::chrono::steady_clock::now();
  out.period = period;
  const std::span<const double> now = row(m.windowed, m, period);
  if (weights.size() > 0) {
    if (weights.size() != m.districts) throw Error("analysis: the spatial weights do not match the districts");
    HotspotOptions options = hotspot_options(settings);
    out.gi = local_gi_star(now, weights, options, period);
    // Moran's p-values exist only by permutation: at least one, whatever the Gi* setting.
    options.permutations = std::max(options.permutations, 99);
    out.moran = local_moran(now, weights, options, period);
  }
  if (period > 0) out.change = change_between(row(m.windowed, m, period - 1), now, settings.change);
  out.ms = ms_since(start);
  return out;
}

TrendStats compute_trends(const ValueMatrix& m, const SpatialWeights& weights, const AnalysisSettings& settings) {
  TrendStats out;
  if (weights.size() == 0 || m.periods == 0) return out;
  if (weights.size() != m.districts) throw Error("analysis: the spatial weights do not match the districts");
  const auto start = std::chrono::steady_clock::now();
  out.options.hotspot = hotspot_options(settings);
  // Per-period values: a trend over rolling or cumulative windows would count each event many times.
  out.districts = emerging_hot_spots(m.per_period, m.periods, weights, out.options).districts;
  out.ms = ms_since(start);
  return out;
}

ScanStats compute_scan(const ValueMatrix& m, const Cube& cube, const Boundaries& boundaries,
                       std::span<const double> population, const SpatialWeights& weights,
                       const AnalysisSettings& settings, const ScanProgress& progress) {
  ScanStats out;
  if (weights.size() == 0 || m.periods == 0) return out;
  if (weights.size() != m.districts || boundaries.size() != m.districts || cube.period_count() != m.periods)
    throw Error("analysis: the scan's districts or periods do not match");
  const bool by_population = population.size() == m.districts &&
                             std::all_of(population.begin(), population.end(), [](double v) { return v > 0; });
  const std::vector<double> days = period_days(cube);
  ScanInput input{m.per_period, m.periods, m.districts, by_population ? population : std::span<const double>(boundaries.area_km2),
                  by_population, days, boundaries.label_points, &weights};
  ScanOptions options;
  options.replications = std::max(settings.permutations, 99);
  out.result = space_time_scan(input, options, progress);
  for (int32_t start : cube.period_starts) out.period_labels.push_back(period_label(cube.bin, start));
  out.computed = true;
  return out;
}

namespace {

// Both value arrays divided by the district's base (missing or <= 0: NaN) and multiplied by `per`.
ValueMatrix rates(const ValueMatrix& m, std::span<const double> base, double per,
                  std::vector<double> (*rate)(std::span<const double>, std::span<const double>, double)) {
  // A base shorter than the districts (e.g. no population table) leaves the rest without a figure.
  std::vector<double> full_base(m.districts, std::numeric_limits<double>::quiet_NaN());
  std::copy_n(base.begin(), std::min(base.size(), m.districts), full_base.begin());
  ValueMatrix r = m;
  r.windowed = rate(m.windowed, full_base, per);
  r.fractional = has_fractional_values(r.windowed);
  r.per_period = rate(m.per_period, full_base, per);
  return r;
}

}  // namespace

ValueMatrix rates_per_area(const ValueMatrix& m, std::span<const double> area_km2) {
  return rates(m, area_km2, 1000.0, rate_per_area);
}

ValueMatrix rates_per_population(const ValueMatrix& m, std::span<const double> population) {
  return rates(m, population, 100000.0, rate_per_population);
}

}  // namespace zila::ui

namespace zila::ui {

ValueMatrix mode_values(const Dataset& data, const MetricChoice& choice, MapMode mode) {
  ValueMatrix values = compute_values(data.cube, choice);
  if (mode == MapMode::rate_per_area) return rates_per_area(values, data.boundaries.area_km2);
  if (mode == MapMode::rate_per_population) return rates_per_population(values, data.population.population);
  return values;
}

}  // namespace zila::ui
