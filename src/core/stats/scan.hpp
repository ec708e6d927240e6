// Space-time scan statistic for counts (Kulldorff 1997, 2001, 2005; as in SaTScan): cylinders made of a
// set of nearby districts (the base) and a run of consecutive periods (the height); the cylinder whose
// count is most unlikely under "no cluster" is the most likely cluster, its p-value comes from Monte
// Carlo replications of the data under that null, and secondary clusters are the next most likely
// cylinders that share no district with a more likely one (SaTScan's "no geographical overlap").
//
// Zones: for each district (the centre), the sets made of its 1, 2, 3, ... nearest districts by
// distance between their centre points (ties to the lower index), up to `max_share` of the total
// population (or area) — SaTScan's circular windows. With contiguity weights, a set whose districts
// are not connected through the weights is skipped (its larger sets are still tried). Each distinct
// set counts once. Time windows: every run of 1 .. max_periods consecutive periods.
//
// Expected counts. Every model gives a cylinder Z x [t1, t2] the expectation mu = s_Z * W(t1, t2), with
//   Poisson, adjusted for period totals (default): s_Z = base_Z / base_total (population or area),
//     W = sum of the events of periods t1..t2: each period's events spread by population (area); a
//     busy year is not a cluster by itself, a place with more than its share of that year is.
//   Poisson, unadjusted: W = C * (days of t1..t2) / (days of all periods): risk constant in time too.
//   Space-time permutation (Kulldorff 2005; needs no population): s_Z = C_Z / C (the zone's share of
//     all events), W as adjusted; mu_it = C_i C_t / C. It finds places whose events bunch in time
//     more than elsewhere, whatever the places' sizes.
// Log-likelihood ratio (high rates only): for observed c and expected mu of a total C,
//   LLR = c ln(c/mu) + (C - c) ln((C - c)/(C - mu)) when c > mu, else 0.
// The relative risk is (c/mu) / ((C - c)/(C - mu)): the rate inside over the rate outside.
//
// Monte Carlo: each replication redistributes the C events under the null (Poisson adjusted: each
// period's events over the districts by population/area; unadjusted: every event over districts by
// population/area and over periods by length; permutation: the events' periods shuffled among the
// events, keeping every district's and every period's total) and takes the largest LLR of all
// cylinders. A cluster's p = (1 + replications whose largest LLR is at least the cluster's) /
// (replications + 1): the share of "no cluster" worlds that produce a cluster as strong somewhere.
// Secondary clusters are compared with the same largest-LLR distribution (conservative, as SaTScan).
// Replication r draws from its own stream seeded by (seed, r): identical results for a seed whatever
// the number of threads.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/cube.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/geo/geometry.hpp"
#include "core/geo/spatial_weights.hpp"

namespace zila {

enum class ScanModel : uint8_t { poisson, space_time_permutation };
inline constexpr EnumTable<ScanModel, 2> kScanModelNames{
    {{ScanModel::poisson, "poisson"}, {ScanModel::space_time_permutation, "permutation"}}};
constexpr const auto& enum_table(ScanModel) { return kScanModelNames; }
inline const char* scan_model_name(ScanModel m) { return name_cstr(m); }
inline ScanModel parse_scan_model(const std::string& text) { return parse_enum<ScanModel>(text, "scan model"); }

struct ScanOptions {
  ScanModel model = ScanModel::poisson;
  bool adjust_for_period_totals = true;  // Poisson only (see above)
  double max_share = 0.5;                // largest share of the population (area) in one zone, (0, 1]
  size_t max_periods = 0;                // longest time window; 0: half the periods (at least 1)
  bool contiguous = true;                // zones must be connected through the contiguity weights
  int replications = 999;                // 0: no p-values
  uint64_t seed = 0x5A11A5EEDULL;
  size_t max_clusters = 20;              // most likely + secondary clusters reported
};

struct ScanInput {
  std::span<const double> counts;  // [period * districts + district], whole numbers >= 0
  size_t periods = 0, districts = 0;
  std::span<const double> base;           // population or area per district, each > 0
  bool base_is_population = false;        // for the explanations: "population" or "area"
  std::span<const double> period_days;    // length of each period (unadjusted Poisson); empty: equal
  std::span<const Point> centres;         // per district, projected (metres)
  const SpatialWeights* contiguity = nullptr;  // needed when options.contiguous
};

struct ScanCluster {
  std::vector<uint32_t> districts;  // the centre first, then by distance from it
  size_t first_period = 0, last_period = 0;
  double observed = 0, expected = 0, relative_risk = 0, llr = 0;
  double p = 1;  // NaN without replications
};

struct ScanResult {
  ScanOptions options;  // as run: max_periods resolved
  bool base_is_population = false;
  double total = 0;     // events
  size_t zones = 0;     // distinct candidate district sets
  size_t periods = 0, districts = 0;
  std::vector<ScanCluster> clusters;    // most likely first, LLR > 0, no two sharing a district
  std::vector<double> replication_max;  // largest LLR of each replication, in replication order
  double critical_llr_05 = 0;           // the LLR a cluster needs for p <= 0.05 (NaN if unreachable)
  double ms = 0;
};

// Kulldorff's log-likelihood ratio for observed c, expected mu, total C; 0 unless c > mu.
double scan_llr(double observed, double expected, double total);

// Progress of the Monte Carlo replications: called after each one with the share done (0 < f <= 1),
// one call at a time but from any worker thread; returning false cancels the scan.
using ScanProgress = std::function<bool(double fraction)>;
// What space_time_scan throws when its progress callback returned false.
class ScanCancelled : public Error {
 public:
  ScanCancelled() : Error("scan: cancelled") {}
};

// Throws zila::Error on inputs that do not fit (sizes, negative or fractional counts, a base <= 0,
// missing contiguity, more than 10 million events), ScanCancelled when `progress` asked to stop.
// Replications run in parallel (TBB).
ScanResult space_time_scan(const ScanInput& input, const ScanOptions& options = {}, const ScanProgress& progress = {});

// Period lengths in days, for ScanInput::period_days.
std::vector<double> period_days(const Cube& cube);

// Plain-language text for the window and the report. `districts` and `periods` label the input.
// One cluster: where, when, observed vs expected, RR, LLR, p and what the Monte Carlo p means.
std::string explain_scan_cluster(const ScanResult& result, size_t cluster, std::span<const std::string> districts,
                                 std::span<const std::string> periods);
// The method as run: model, expected counts, zones, windows, replications, the critical LLR.
std::string explain_scan_method(const ScanResult& result);
// "North Waziristan + 3" (the centre and how many more)
std::string scan_cluster_name(const ScanCluster& cluster, std::span<const std::string> districts);

}  // namespace zila
