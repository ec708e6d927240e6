// Local spatial statistics per district: Getis-Ord Gi* and Local Moran's I, with conditional
// permutation pseudo p-values and Benjamini-Hochberg false discovery rate correction.
//
// Gi* (Getis & Ord 1995, self included), for district i with weights w_ij over all j including i:
//   Gi* = (Σ_j w_ij x_j − x̄ W_i) / (S √((n S1_i − W_i²) / (n − 1)))
//   W_i = Σ_j w_ij, S1_i = Σ_j w_ij², x̄ = mean, S = √(Σ x²/n − x̄²).
// The self weight w_ii equals the largest weight of row i (1 for an island), so for the uniform rows
// of contiguity and k-nearest weights this is exactly binary Gi* (scaling a row leaves Gi* unchanged).
// Analytic p: two-sided normal.
//
// Local Moran's I (Anselin 1995): z = (x − x̄)/s with s² = Σ(x − x̄)²/n, lag_i = Σ_j w_ij z_j
// (row-standardised), I_i = z_i lag_i. Quadrants from the signs of z_i and lag_i.
//
// Conditional permutation (Anselin 1995): x_i stays, its neighbours get values drawn without
// replacement from the other n − 1 districts. The pseudo p-value counts permuted statistics at least
// as extreme in the observed direction (Gi*: the sign of z; Moran: the sign of I), ties included:
//   p = (count + 1) / (permutations + 1).
// Counting ties keeps a zero district among zero neighbours from looking "significant" on the sparse
// counts typical of event data. Holding x_i fixed means the test asks whether i's neighbours are
// unusually high or low: on sparse counts the neighbours of a lone event's district can come out
// significant while that district does not (its own neighbours are all zero).
// Each district draws from its own xoshiro256** stream seeded by (seed, period, district), so results
// are identical for a seed whatever the number of threads.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "spatial_weights.hpp"

namespace zila {

enum class SignificanceClass : int8_t {
  cold_99 = -3,
  cold_95 = -2,
  cold_90 = -1,
  not_significant = 0,
  hot_90 = 1,
  hot_95 = 2,
  hot_99 = 3,
};
const char* significance_class_name(SignificanceClass c);  // "hot_99", ..., "not_significant"
// hot/cold by the sign of z, confidence from p: <= 0.01 -> 99, <= 0.05 -> 95, <= 0.10 -> 90.
SignificanceClass classify_significance(double z, double p);

struct HotspotOptions {
  int permutations = 999;             // 0: no permutation (Gi* then classifies with analytic p)
  uint64_t seed = 0x5A11A5EEDULL;
  bool classify_by_permutation = true;  // Gi*: classes from pseudo p (else analytic) when permuted
  bool false_discovery_rate = false;  // Benjamini-Hochberg across the districts of each period
  double moran_alpha = 0.05;          // Moran: a cluster is reported when p <= this
};

struct GiStarResult {
  std::vector<double> z;
  std::vector<double> p_analytic;     // two-sided normal
  std::vector<double> p_permutation;  // pseudo p; empty without permutations
  std::vector<double> p;              // the p the classes use (after FDR when asked)
  std::vector<SignificanceClass> classes;
};

enum class Quadrant : uint8_t { none, high_high, low_low, high_low, low_high };
const char* quadrant_name(Quadrant q);  // "HH", "LL", "HL", "LH", "none"

struct MoranResult {
  std::vector<double> local_i;
  std::vector<double> standardised;  // z_i
  std::vector<double> spatial_lag;   // lag of z_i
  std::vector<Quadrant> quadrant;    // always set (none for a zero z or lag)
  std::vector<double> p_permutation;
  std::vector<double> p;             // after FDR when asked
  std::vector<Quadrant> cluster;     // quadrant where p <= moran_alpha, else none
};

// `values` has one entry per district (weights.size()). Districts are processed in parallel (TBB).
// `period_index` selects the random streams (see above).
GiStarResult local_gi_star(std::span<const double> values, const SpatialWeights& weights,
                           const HotspotOptions& options = {}, uint64_t period_index = 0);

// Gi* for every period of a dense [period][district] array, in parallel over periods and districts.
// Period t seeds its streams with (seed, t): the same numbers as local_gi_star on that period alone
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

}  // namespace zila
