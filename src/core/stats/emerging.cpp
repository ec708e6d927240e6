#include "core/stats/emerging.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/error.hpp"

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
  result.periods = static_cast<uint32_t>(n);
  result.hot_periods = static_cast<uint32_t>(std::count(hot.begin(), hot.end(), true));
  result.cold_periods = static_cast<uint32_t>(std::count(cold.begin(), cold.end(), true));
  const std::vector<bool>& final_side = cold.back() ? cold : hot;
  while (result.final_run < n && final_side[n - 1 - result.final_run]) ++result.final_run;
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

EmergingResult emerging_hot_spots(std::span<const double> values_by_period, size_t period_count,
                                  const SpatialWeights& weights, const EmergingOptions& options) {
  const size_t n = weights.size();
  if (values_by_period.size() != period_count * n) {
    throw Error("emerging hot spots: values do not match periods x districts of the weights");
  }
  EmergingResult result;
  result.gi_by_period = local_gi_star_periods(values_by_period, period_count, weights, options.hotspot);
  std::vector<double> z(period_count), p(period_count);
  result.districts.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t hot_without_value = 0;
    for (size_t t = 0; t < period_count; ++t) {
      z[t] = result.gi_by_period[t].z[i];
      p[t] = result.gi_by_period[t].p[i];
      hot_without_value += z[t] > 0 && p[t] <= options.bin_alpha && values_by_period[t * n + i] == 0;
    }
    result.districts.push_back(classify_emerging(z, p, options));
    result.districts.back().hot_periods_without_value = hot_without_value;
  }
  return result;
}

EmergingResult emerging_hot_spots(const Cube& cube, Metric metric, const SpatialWeights& weights,
                                  const EmergingOptions& options) {
  if (cube.district_count != weights.size()) {
    throw Error("emerging hot spots: the cube and the weights have different district counts");
  }
  return emerging_hot_spots(cube.metric_values(metric), cube.period_count(), weights, options);
}

std::string emerging_label(EmergingCategory c) {
  if (c == EmergingCategory::no_pattern) return "No pattern detected";
  std::string name = emerging_category_name(c);  // "intensifying_hot"
  const size_t underscore = name.find('_');
  std::string label = name.substr(0, underscore) + " " + name.substr(underscore + 1) + " spot";
  label[0] = static_cast<char>(label[0] - 'a' + 'A');
  return label;
}

std::string emerging_category_rule(EmergingCategory c, const EmergingOptions& options) {
  const int share = static_cast<int>(std::lround(options.persistent_share * 100));
  const bool cold = c >= EmergingCategory::new_cold;
  const char* spot = cold ? "cold" : "hot";
  const char* other = cold ? "hot" : "cold";
  const std::string most = fmt::format("a significant {} spot in at least {}% of the periods", spot, share);
  switch (c) {
    case EmergingCategory::no_pattern:
      return "fits none of the hot or cold spot patterns (e.g. never significant, or significant only in earlier "
             "periods and in fewer than " + std::to_string(share) + "% of them)";
    case EmergingCategory::new_hot:
    case EmergingCategory::new_cold:
      return fmt::format("a significant {} spot in the final period and never a significant hot or cold spot before",
                         spot);
    case EmergingCategory::consecutive_hot:
    case EmergingCategory::consecutive_cold:
      return fmt::format("a single uninterrupted run of at least two significant {} spot periods at the end, never "
                         "a significant hot or cold spot before that run, and {} in fewer than {}% of the periods",
                         spot, spot, share);
    case EmergingCategory::intensifying_hot:
    case EmergingCategory::intensifying_cold:
      return fmt::format("{}, including the final period, and the clustering grows {} over time (significant "
                         "Mann-Kendall trend of Gi* z, {})",
                         most, cold ? "colder" : "hotter", cold ? "downward" : "upward");
    case EmergingCategory::persistent_hot:
    case EmergingCategory::persistent_cold:
      return fmt::format("{}, including the final period, with no significant trend in the clustering", most);
    case EmergingCategory::diminishing_hot:
    case EmergingCategory::diminishing_cold:
      return fmt::format("{}, including the final period, and the clustering weakens over time (significant "
                         "Mann-Kendall trend of Gi* z, {})",
                         most, cold ? "upward" : "downward");
    case EmergingCategory::sporadic_hot:
    case EmergingCategory::sporadic_cold:
      return fmt::format("a significant {} spot in the final period, on-again off-again {} before, {} in fewer than "
                         "{}% of the periods and never a significant {} spot",
                         spot, spot, spot, share, other);
    case EmergingCategory::oscillating_hot:
    case EmergingCategory::oscillating_cold:
      return fmt::format("a significant {} spot in the final period that was a significant {} spot in some earlier "
                         "period, {} in fewer than {}% of the periods",
                         spot, other, spot, share);
    case EmergingCategory::historical_hot:
    case EmergingCategory::historical_cold:
      return fmt::format("not a significant {} spot in the final period, but {}", spot, most);
  }
  return {};
}

std::string explain_emerging(const DistrictTrend& trend, const EmergingOptions& options) {
  std::string text = fmt::format(
      "{}: {}. Categories follow ESRI's Emerging Hot Spot Analysis (ArcGIS Pro); a period counts as a hot (cold) "
      "spot when its Gi* z > 0 (< 0) and p <= {:.2f}.",
      emerging_label(trend.category), emerging_category_rule(trend.category, options), options.bin_alpha);
  const double share = trend.periods > 0 ? 100.0 * trend.hot_periods / trend.periods : 0.0;
  text += fmt::format(" This district: hot in {} of {} periods ({:.0f}%", trend.hot_periods, trend.periods, share);
  if (trend.hot_periods_without_value > 0) {
    text += fmt::format(", {} of them with no events of its own", trend.hot_periods_without_value);
  }
  text += fmt::format("), cold in {}", trend.cold_periods);
  if (trend.final_run > 0) text += fmt::format("; the last {} period{} in a row significant", trend.final_run,
                                               trend.final_run == 1 ? "" : "s");
  const bool trend_significant = trend.trend.p <= options.trend_alpha && trend.trend.s != 0;
  text += fmt::format("; Mann-Kendall trend of its Gi* z: z = {:.2f}, p = {:.3g} ({}).", trend.trend.z, trend.trend.p,
                      trend_significant ? (trend.trend.s > 0 ? "significant upward" : "significant downward")
                                        : "no significant trend");
  if (hot_only_from_surroundings(trend)) {
    text += " Every one of its hot periods came from its neighbours (no events of its own in any of them): the map "
            "shows it as hot surroundings.";
  }
  text += " The category describes the pattern of significance over time, not the number of events: a district "
          "with many events that is hot only now and then is sporadic.";
  return text;
}

}  // namespace zila
