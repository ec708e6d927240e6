// CSV reports of the statistics (for `zila report --stat gistar|moran|emerging|change`).
// Each function computes its statistic over the whole cube and writes a header plus one row per
// district and period (per district for emerging). Empty fields mean "not defined" (NaN).
// Names containing commas or quotes are quoted per RFC 4180.
#pragma once
#include <ostream>
#include <span>
#include <string>

#include "core/stats/change_rates.hpp"
#include "core/cube.hpp"
#include "core/stats/emerging.hpp"
#include "core/stats/hotspot.hpp"
#include "core/stats/scan.hpp"
#include "core/geo/spatial_weights.hpp"

namespace zila {

// District names (cube.district_count) and period labels (cube.period_count(), e.g. from period_label).
struct ReportLabels {
  std::span<const std::string> districts;
  std::span<const std::string> periods;
};

// district,period,value,neighbours,gi_z,gi_p,gi_p_analytic,gi_p_sim,gi_class
// gi_p is the p the class uses (the analytic p, after FDR when asked); gi_p_sim the total-permutation
// pseudo p (empty without permutations); gi_class hot_99 ... cold_99, not_significant, or
// hot_neighbourhood_0 for a hot district whose own value is 0 (see hotspot.hpp).
void write_gi_star_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                          const SpatialWeights& weights, const HotspotOptions& options = {});

// district,period,value,neighbours,moran_i,z,lag,quadrant,moran_p,moran_p_sim,cluster
void write_moran_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                        const SpatialWeights& weights, const HotspotOptions& options = {});

// district,first_period,last_period,category,hot_periods,cold_periods,mk_s,mk_z,mk_p,final_gi_z,final_gi_p,
// final_run,hot_periods_no_value (the counts that decide the category; see DistrictTrend)
void write_emerging_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                           const SpatialWeights& weights, const EmergingOptions& options = {});

// district,period,before,now,change,percent_change,change_class,rate_per_1000km2,rate_per_100k,eb_rate_per_100k
// From the second period on. Rates are of `now`; area_km2 / population may be empty (columns left
// empty). The EB rate is smoothed across the districts of each period.
void write_change_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                         std::span<const double> area_km2, std::span<const double> population,
                         const ChangeOptions& options = {});

// The space-time scan on one metric of the cube (see scan.hpp): `base` is the population per district
// when `base_is_population`, else the area; `centres` the districts' points (projected).
ScanResult scan_cube(const Cube& cube, Metric metric, std::span<const double> base, bool base_is_population,
                     std::span<const Point> centres, const SpatialWeights* contiguity, const ScanOptions& options);

// rank,districts,district_count,centre,start,end,periods,observed,expected,relative_risk,llr,p,significant,
// model,expected_from,max_share,max_periods,contiguous,replications,seed
// One row per cluster, most likely first; districts are "; "-separated names, the centre first.
// relative_risk is "inf" when every event lies in the cluster; p is empty without replications.
// significant: "yes" when p <= 0.05. The last columns repeat the parameters the scan ran with.
void write_scan_report(std::ostream& out, const ScanResult& result, const ReportLabels& labels);

// The printed summary: the parameters and the clusters with p <= alpha (or a line saying there are none).
std::string scan_summary(const ScanResult& result, const ReportLabels& labels, double alpha = 0.05);

}  // namespace zila
