// Emerging hot spot analysis over the time cube: Gi* per district per period, a Mann-Kendall trend
// test on each district's Gi* z series, and a category per district.
//
// Categories (after ArcGIS Pro, "How Emerging Hot Spot Analysis works"). A period is a significant
// hot (cold) spot when its Gi* z > 0 (< 0) and its p <= bin_alpha (90% confidence by default);
// "mostly" means at least `persistent_share` (90%) of all periods; the trend is Mann-Kendall on the
// Gi* z series, significant when its p <= trend_alpha.
//   new hot spot           hot in the final period and never a significant hot or cold spot before.
//   consecutive hot spot   one uninterrupted run of >= 2 hot periods at the end, no hot or cold
//                          spot before that run, and not mostly hot.
//   intensifying hot spot  mostly hot, hot in the final period, significant upward trend.
//   persistent hot spot    mostly hot, hot in the final period, no significant trend.
//   diminishing hot spot   mostly hot, hot in the final period, significant downward trend.
//   sporadic hot spot      hot in the final period, on-again off-again hot before, never cold,
//                          not mostly hot.
//   oscillating hot spot   hot in the final period, cold in some earlier period, not mostly hot.
//   historical hot spot    not hot in the final period, but mostly hot.
// The cold categories mirror these with hot and cold swapped (intensifying cold: significant
// downward trend, i.e. ever colder). Anything else is "no pattern".
//
// Where ArcGIS's wording lets a location fit two categories, the order above decides, with one
// refinement: a location that was cold earlier is oscillating, not new or consecutive (a flip from
// cold to hot is the more telling story, and ArcGIS's "never been a hot spot before" does not say
// "never significant"). ArcGIS recommends at least 10 periods; fewer are accepted. Unlike ArcGIS the
// neighbourhood here is spatial only (no earlier periods in a district's Gi* neighbourhood).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/cube.hpp"
#include "core/stats/hotspot.hpp"

namespace zila {

// Mann-Kendall trend test: S = Σ_{i<j} sign(x_j − x_i),
// Var(S) = [n(n−1)(2n+5) − Σ_ties t(t−1)(2t+5)] / 18, Z = (S ∓ 1)/√Var(S) (continuity corrected,
// 0 when S = 0), p two-sided normal. Exact ties count as ties.
struct MannKendall {
  double s = 0;
  double variance = 0;
  double z = 0;
  double p = 1;
};
MannKendall mann_kendall(std::span<const double> series);

enum class EmergingCategory : uint8_t {
  no_pattern,
  new_hot, consecutive_hot, intensifying_hot, persistent_hot, diminishing_hot, sporadic_hot, oscillating_hot,
  historical_hot,
  new_cold, consecutive_cold, intensifying_cold, persistent_cold, diminishing_cold, sporadic_cold, oscillating_cold,
  historical_cold,
};
inline constexpr EnumTable<EmergingCategory, 17> kEmergingCategoryNames{
    {{EmergingCategory::no_pattern, "no_pattern"},
     {EmergingCategory::new_hot, "new_hot"},
     {EmergingCategory::consecutive_hot, "consecutive_hot"},
     {EmergingCategory::intensifying_hot, "intensifying_hot"},
     {EmergingCategory::persistent_hot, "persistent_hot"},
     {EmergingCategory::diminishing_hot, "diminishing_hot"},
     {EmergingCategory::sporadic_hot, "sporadic_hot"},
     {EmergingCategory::oscillating_hot, "oscillating_hot"},
     {EmergingCategory::historical_hot, "historical_hot"},
     {EmergingCategory::new_cold, "new_cold"},
     {EmergingCategory::consecutive_cold, "consecutive_cold"},
     {EmergingCategory::intensifying_cold, "intensifying_cold"},
     {EmergingCategory::persistent_cold, "persistent_cold"},
     {EmergingCategory::diminishing_cold, "diminishing_cold"},
     {EmergingCategory::sporadic_cold, "sporadic_cold"},
     {EmergingCategory::oscillating_cold, "oscillating_cold"},
     {EmergingCategory::historical_cold, "historical_cold"}}};
constexpr const auto& enum_table(EmergingCategory) { return kEmergingCategoryNames; }
inline const char* emerging_category_name(EmergingCategory c) { return name_cstr(c); }
std::string emerging_label(EmergingCategory c);         // "Intensifying hot spot", "No pattern detected"

struct EmergingOptions {
  HotspotOptions hotspot;  // Gi* per period: permutations, seed, FDR
  double bin_alpha = 0.10;
  double trend_alpha = 0.05;
  double persistent_share = 0.90;
};

// The category and the counts that decided it.
struct DistrictTrend {
  EmergingCategory category = EmergingCategory::no_pattern;
  MannKendall trend;
  uint32_t periods = 0;
  uint32_t hot_periods = 0;
  uint32_t cold_periods = 0;
  uint32_t final_run = 0;  // significant periods in a row at the end, on the side of the final period
  // Hot periods in which the district's own value was 0 (its neighbours made it hot); set by
  // emerging_hot_spots, which sees the values.
  uint32_t hot_periods_without_value = 0;
};

inline bool is_hot_category(EmergingCategory c) {
  return c >= EmergingCategory::new_hot && c <= EmergingCategory::historical_hot;
}
// A hot category earned only through the neighbours: the district had no events of its own in any
// of its hot periods (the emerging counterpart of Gi*'s hot_neighbourhood_0).
inline bool hot_only_from_surroundings(const DistrictTrend& t) {
  return is_hot_category(t.category) && t.hot_periods > 0 && t.hot_periods_without_value == t.hot_periods;
}

// Classifies one district from its Gi* z and p per period (oldest first).
DistrictTrend classify_emerging(std::span<const double> gi_z, std::span<const double> gi_p,
                                const EmergingOptions& options = {});

struct EmergingResult {
  std::vector<GiStarResult> gi_by_period;  // [period], each with one entry per district
  std::vector<DistrictTrend> districts;
};

// Gi* for each period of a dense [period][district] array of per-period values (not rolling or
// cumulative windows, which would count each event in many periods), then the categories.
EmergingResult emerging_hot_spots(std::span<const double> values_by_period, size_t period_count,
                                  const SpatialWeights& weights, const EmergingOptions& options = {});
// The same for `metric` of the cube.
EmergingResult emerging_hot_spots(const Cube& cube, Metric metric, const SpatialWeights& weights,
                                  const EmergingOptions& options = {});

// The rule of a category as ESRI's Emerging Hot Spot Analysis states it (with this module's
// thresholds: hot = Gi* z > 0 and p <= bin_alpha, "90%" = persistent_share).
std::string emerging_category_rule(EmergingCategory c, const EmergingOptions& options = {});
// The category, its rule and the counts of this district that triggered it (hot and cold periods,
// the final run, the share of hot periods, the Mann-Kendall trend).
std::string explain_emerging(const DistrictTrend& trend, const EmergingOptions& options = {});

}  // namespace zila
