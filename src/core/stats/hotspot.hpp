// Local spatial statistics per district: Getis-Ord Gi* and Local Moran's I, with pseudo p-values by
// permutation, Benjamini-Hochberg false discovery rate correction, and the words that explain them.
//
// Gi* (Getis & Ord 1992, 1995; self included), for district i with weights w_ij over all j including i:
//   Gi* = (Σ_j w_ij x_j − x̄ W_i) / (S √((n S1_i − W_i²) / (n − 1)))
//   W_i = Σ_j w_ij, S1_i = Σ_j w_ij², x̄ = mean, S = √(Σ x²/n − x̄²).
// The self weight w_ii equals the largest weight of row i, so for the uniform rows of contiguity and
// k-nearest weights this is exactly binary Gi* (scaling a row leaves Gi* unchanged).
//
// Gi* inference. Getis and Ord derive the expectation and variance above under random placement of
// ALL n values over the districts (total randomisation); Gi* is that z-score.
//   - Classes use the analytic z with a two-sided normal p (ArcGIS's Hot Spot Analysis), after
//     Benjamini-Hochberg when FDR is asked (ArcGIS's "False Discovery Rate correction"). hot_99/95/90:
//     z > 0 and p <= 0.01/0.05/0.10; cold the same with z < 0. A class therefore always has the sign
//     of its z, and the district that holds most of a period's events has the largest z.
//   - `p_permutation` is the exact test of the same null: all n values, the district's own included,
//     are shuffled over the districts (total permutation) and p counts shuffles whose |Gi*| is at
//     least the observed |Gi*|, ties included: (count + 1) / (permutations + 1). On sparse counts the
//     normal p is optimistic (South Waziristan's lone strike of 2004: z 3.61, normal p 0.0003, while
//     a single event lands in a given neighbourhood of k + 1 = 9 of n = 126 districts in (k + 1)/n =
//     7% of the shuffles); the report and the window show both. Conditional permutation (the district's own value held fixed)
//     is not used for Gi*: it made the district holding all events unshuffleable (p = 1) and let its
//     empty neighbours look significant.
//   - A district whose value is 0 but whose class is hot (its neighbours carry the events) gets
//     its own class, hot_neighbourhood_0, so no empty district shares the colour of those that hold
//     the events.
//   - An island (no neighbour) has only itself: z is its standardised value, p = 1 (nothing to
//     cluster with). A constant period (all zeros) has z = 0 and p = 1 everywhere.
//
// Local Moran's I (Anselin 1995): z = (x − x̄)/s with s² = Σ(x − x̄)²/n, lag_i = Σ_j w_ij z_j
// (row-standardised), I_i = z_i lag_i. Quadrants from the signs of z_i and lag_i. Its p comes from
// conditional permutation (Anselin's test, as GeoDa and PySAL's esda): x_i stays, its neighbours get
// values drawn without replacement from the other n − 1 districts; p counts permuted I_i at least as
// extreme in the observed direction, ties included. A lone event's district with empty neighbours
// is therefore p = 1 for Moran (every permuted neighbourhood is the same zeros): Moran asks whether
// the neighbours resemble the district, and there is nothing to compare.
//
// Random draws: as in esda, one matrix of draws per period and statistic is shared by all districts
// of that period (a draw of k values for district i is the first k entries of a row); the matrix is
// seeded by (seed, period, statistic), so results are identical for a seed whatever the number of
// threads, and a period gives the same numbers alone or among others.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/geo/spatial_weights.hpp"

namespace zila {

enum class SignificanceClass : int8_t {
  cold_99 = -3,
  cold_95 = -2,
  cold_90 = -1,
  not_significant = 0,
  hot_90 = 1,
  hot_95 = 2,
  hot_99 = 3,
  hot_neighbourhood_0 = 4,  // hot at 90% or more, but the district's own value is 0
};
// "hot_99", ..., "not_significant", "hot_neighbourhood_0"
inline constexpr EnumTable<SignificanceClass, 8> kSignificanceClassNames{
    {{SignificanceClass::cold_99, "cold_99"},
     {SignificanceClass::cold_95, "cold_95"},
     {SignificanceClass::cold_90, "cold_90"},
     {SignificanceClass::not_significant, "not_significant"},
     {SignificanceClass::hot_90, "hot_90"},
     {SignificanceClass::hot_95, "hot_95"},
     {SignificanceClass::hot_99, "hot_99"},
     {SignificanceClass::hot_neighbourhood_0, "hot_neighbourhood_0"}}};
constexpr const auto& enum_table(SignificanceClass) { return kSignificanceClassNames; }
inline const char* significance_class_name(SignificanceClass c) { return name_cstr(c); }
// hot/cold by the sign of z, confidence from p: <= 0.01 -> 99, <= 0.05 -> 95, <= 0.10 -> 90.
// Never returns hot_neighbourhood_0 (that needs the district's value).
SignificanceClass classify_significance(double z, double p);
// Whether the class is a hot spot of any confidence (hot_neighbourhood_0 included).
inline bool is_hot(SignificanceClass c) { return static_cast<int>(c) > 0; }

struct HotspotOptions {
  int permutations = 999;             // 0: no permutation (Gi* pseudo p empty; Moran refuses)
  uint64_t seed = 0x5A11A5EEDULL;
  bool false_discovery_rate = false;  // Benjamini-Hochberg across the districts of each period
  double moran_alpha = 0.05;          // Moran: a cluster is reported when p <= this
};

// What the statistics of one period were computed on: for the explanations.
struct PeriodFacts {
  double total = 0;                // sum of the values
  size_t nonzero_districts = 0;    // districts whose value is not 0
  size_t districts = 0;
  int permutations = 0;            // as computed (Moran may use more than asked)
  bool false_discovery_rate = false;
};

struct GiStarResult {
  std::vector<double> z;
  std::vector<double> p_analytic;     // two-sided normal
  std::vector<double> p_permutation;  // total-permutation pseudo p; empty without permutations
  std::vector<double> p;              // the p the classes use: p_analytic, after FDR when asked
  std::vector<SignificanceClass> classes;
  PeriodFacts facts;
};

enum class Quadrant : uint8_t { none, high_high, low_low, high_low, low_high };
inline constexpr EnumTable<Quadrant, 5> kQuadrantNames{{{Quadrant::none, "none"}, {Quadrant::high_high, "HH"},
                                                        {Quadrant::low_low, "LL"}, {Quadrant::high_low, "HL"},
                                                        {Quadrant::low_high, "LH"}}};
constexpr const auto& enum_table(Quadrant) { return kQuadrantNames; }
inline const char* quadrant_name(Quadrant q) { return name_cstr(q); }

struct MoranResult {
  std::vector<double> local_i;
  std::vector<double> standardised;  // z_i
  std::vector<double> spatial_lag;   // lag of z_i
  std::vector<Quadrant> quadrant;    // always set (none for a zero z or lag)
  std::vector<double> p_permutation;
  std::vector<double> p;             // after FDR when asked
  std::vector<Quadrant> cluster;     // quadrant where p <= moran_alpha, else none
  PeriodFacts facts;
  double alpha = 0.05;
};

// `values` has one entry per district (weights.size()), each finite (zila::Error otherwise: a
// district without a value, e.g. a rate without a population figure, has no place in the sums).
// Districts are processed in parallel (TBB). `period_index` selects the random streams (see above).
GiStarResult local_gi_star(std::span<const double> values, const SpatialWeights& weights,
                           const HotspotOptions& options = {}, uint64_t period_index = 0);

// Gi* for every period of a dense [period][district] array, in parallel over periods and districts.
// Period t seeds its draws with (seed, t): the same numbers as local_gi_star on that period alone
// with `period_index` t.
std::vector<GiStarResult> local_gi_star_periods(std::span<const double> values_by_period, size_t period_count,
                                                const SpatialWeights& weights, const HotspotOptions& options = {});

// Moran's I p-values come from permutation only (as in GeoDa): permutations must be >= 1, else
// zila::Error is thrown.
MoranResult local_moran(std::span<const double> values, const SpatialWeights& weights,
                        const HotspotOptions& options = {}, uint64_t period_index = 0);

// Benjamini-Hochberg adjusted p-values (q-values): q_(k) = min over j >= k of m p_(j) / j, capped at 1.
// Comparing q to alpha equals the BH step-up procedure at level alpha.
std::vector<double> benjamini_hochberg(std::span<const double> p_values);

// Human labels for the legend and inspector: "Hot spot, 99% confidence", "Hot surroundings, no events
// here", "High-High (hot cluster)".
std::string significance_label(SignificanceClass c);
std::string quadrant_label(Quadrant q);

// Plain-language explanations for the window's tooltips and inspector (one paragraph each).
// What z, p, the 90/95/99% bins and (when used) FDR mean for Gi*, with this district's numbers.
std::string explain_gi_star(const GiStarResult& gi, size_t district);
// The class on its own: the rule that gave it (e.g. "Hot spot, 95% confidence: z > 0 and p <= 0.05").
std::string explain_significance_class(SignificanceClass c);
// Local Moran's I, p and quadrant of this district.
std::string explain_local_moran(const MoranResult& moran, size_t district);
// A note on a sparse period (no values, or all in one district) that qualifies every result of the
// period; empty when the period has events in two districts or more.
std::string explain_sparse_period(const PeriodFacts& facts);

}  // namespace zila
