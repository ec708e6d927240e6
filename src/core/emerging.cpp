#include "emerging.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "error.hpp"

namespace zila {
namespace {

// The hot-side categories of one district; `sign` -1 reads cold spots as hot ones (z mirrored).
struct SideCategories {
  EmergingCategory new_spot, consecutive, intensifying, persistent, diminishing, sporadic, oscillating, historical;
};
constexpr SideCategories kHot{EmergingCategory::new_hot,         EmergingCategory::consecutive_hot,
                              EmergingCategory::intensifying_hot, EmergingCategory::persistent_hot,
                              EmergingCategory::diminishing_hot,  EmergingCategory::sporadic_hot,
                              EmergingCategory::oscillating_hot,  EmergingCategory::historical_hot};
constexpr SideCategories kCold{EmergingCategory::new_cold,         EmergingCategory::consecutive_cold,
                               EmergingCategory::intensifying_cold, EmergingCategory::persistent_cold,
                               EmergingCategory::diminishing_cold,  EmergingCategory::sporadic_cold,
                               EmergingCategory::oscillating_cold,  EmergingCategory::historical_cold};

// `spot[t]`: significant on this side; `opposite[t]`: significant on the other side.
// `trend_toward` is +1 when the trend makes this side stronger, -1 weaker, 0 no significant trend.
EmergingCategory classify_side(const std::vector<bool>& spot, const std::vector<bool>& opposite, int trend_toward,
                               double persistent_share, const SideCategories& names) {
  const size_t n = spot.size();
  const auto spot_count = static_cast<size_t>(std::count(spot.begin(), spot.end(), true));
  const bool mostly = static_cast<double>(spot_count) >= persistent_share * static_cast<double>(n) - 1e-9;
  if (!spot.back()) return mostly ? names.historical : EmergingCategory::no_pattern;
  if (mostly) {
    if (trend_toward > 0) return names.intensifying;
    if (trend_toward < 0) return names.diminishing;
    return names.persistent;
  }
  if (std::count(opposite.begin(), opposite.end(), true) > 0) return names.oscillating;
  if (spot_count == 1) return names.new_spot;
  size_t final_run = 0;
  while (final_run < n && spot[n - 1 - final_run]) ++final_run;
  if (final_run == spot_count) return names.consecutive;
  return names.sporadic;
}

}  // namespace

MannKendall mann_kendall(std::span<const double> series) {
  MannKendall result;
  const size_t n = series.size();
  if (n < 2) return result;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) result.s += (series[j] > series[i]) - (series[j] < series[i]);
  }
  std::map<double, size_t> tie_groups;
  for (double v : series) ++tie_groups[v];
  const auto nd = static_cast<double>(n);
  double tie_term = 0;
  for (const auto& [value, size] : tie_groups) {
    const auto t = static_cast<double>(size);
    tie_term += t * (t - 1) * (2 * t + 5);
  }
  result.variance = (nd * (nd - 1) * (2 * nd + 5) - tie_term) / 18.0;
  if (result.variance > 0 && result.s != 0) {
    result.z = (result.s > 0 ? result.s - 1 : result.s + 1) / std::sqrt(result.variance);
    result.p = std::erfc(std::abs(result.z) / std::sqrt(2.0));
  }
  return result;
}

const char* emerging_category_name(EmergingCategory c) {
  switch (c) {
    case EmergingCategory::no_pattern: return "no_pattern";
    case EmergingCategory::new_hot: return "new_hot";
    case EmergingCategory::consecutive_hot: return "consecutive_hot";
    case EmergingCategory::intensifying_hot: return "intensifying_hot";
    case EmergingCategory::persistent_hot: return "persistent_hot";
    case EmergingCategory::diminishing_hot: return "diminishing_hot";
    case EmergingCategory::sporadic_hot: return "sporadic_hot";
    case EmergingCategory::oscillating_hot: return "oscillating_hot";
    case EmergingCategory::historical_hot: return "historical_hot";
    case EmergingCategory::new_cold: return "new_cold";
    case EmergingCategory::consecutive_cold: return "consecutive_cold";
    case EmergingCategory::intensifying_cold: return "intensifying_cold";
    case EmergingCategory::persistent_cold: return "persistent_cold";
    case EmergingCategory::diminishing_cold: return "diminishing_cold";
    case EmergingCategory::sporadic_cold: return "sporadic_cold";
    case EmergingCategory::oscillating_cold: return "oscillating_cold";
    case EmergingCategory::historical_cold: return "historical_cold";
  }
  return "no_pattern";
}

DistrictTrend classify_emerging(std::span<const double> gi_z, std::span<const double> gi_p,
                                const EmergingOptions& options) {
  if (gi_z.size() != gi_p.size()) throw Error("emerging hot spots: z and p series differ in length");
  DistrictTrend result;
  const size_t n = gi_z.size();
  if (n == 0) return result;
  std::vector<bool> hot(n), cold(n);
  for (size_t t = 0; t < n; ++t) {
    const bool significant = gi_p[t] <= options.bin_alpha;
    hot[t] = significant && gi_z[t] > 0;
    cold[t] = significant && gi_z[t] < 0;
  }
  result.hot_periods = static_cast<uint32_t>(std::count(hot.begin(), hot.end(), true));
  result.cold_periods = static_cast<uint32_t>(std::count(cold.begin(), cold.end(), true));
  result.trend = mann_kendall(gi_z);
  const bool trend_significant = result.trend.p <= options.trend_alpha && result.trend.s != 0;
  const int trend_up = trend_significant ? (result.trend.s > 0 ? 1 : -1) : 0;

  if (!hot.back() && !cold.back()) {
    // Only the historical categories are possible; the side that was mostly significant wins.
    result.category = classify_side(hot, cold, trend_up, options.persistent_share, kHot);
    if (result.category == EmergingCategory::no_pattern) {
      result.category = classify_side(cold, hot, -trend_up, options.persistent_share, kCold);
    }
  } else if (hot.back()) {
    result.category = classify_side(hot, cold, trend_up, options.persistent_share, kHot);
  } else {
    result.category = classify_side(cold, hot, -trend_up, options.persistent_share, kCold);
  }
  return result;
}

EmergingResult emerging_hot_spots(const Cube& cube, Metric metric, const SpatialWeights& weights,
                                  const EmergingOptions& options) {
  if (cube.district_count != weights.size()) {
    throw Error("emerging hot spots: the cube and the weights have different district counts");
  }
  EmergingResult result;
  const auto& values = cube.values[static_cast<size_t>(metric)];
  result.gi_by_period = local_gi_star_periods(values, cube.period_count(), weights, options.hotspot);
  const size_t periods = cube.period_count();
  std::vector<double> z(periods), p(periods);
  result.districts.reserve(cube.district_count);
  for (size_t i = 0; i < cube.district_count; ++i) {
    for (size_t t = 0; t < periods; ++t) {
      z[t] = result.gi_by_period[t].z[i];
      p[t] = result.gi_by_period[t].p[i];
    }
    result.districts.push_back(classify_emerging(z, p, options));
  }
  return result;
}

}  // namespace zila
