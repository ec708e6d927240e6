// The words beside a scan's numbers: cluster names and the explanation of each cluster and of the method,
// shown by the window's inspector, slide legends and `zila report --stat scan`.
#include "core/stats/scan.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace zila {

std::string scan_cluster_name(const ScanCluster& cluster, std::span<const std::string> districts) {
  if (cluster.districts.empty()) return {};
  const std::string& centre = districts[cluster.districts.front()];
  return cluster.districts.size() == 1 ? centre : fmt::format("{} + {}", centre, cluster.districts.size() - 1);
}

namespace {

std::string when(const ScanCluster& c, std::span<const std::string> periods) {
  if (c.first_period == c.last_period) return periods[c.first_period];
  return fmt::format("{} to {} ({} periods)", periods[c.first_period], periods[c.last_period],
                     c.last_period - c.first_period + 1);
}

std::string expected_basis(const ScanResult& r) {
  const char* base = r.base_is_population ? "population" : "area";
  if (r.options.model == ScanModel::space_time_permutation)
    return "expected = the district's share of all events x the period's events (space-time permutation model: "
           "no population needed, finds places whose events bunch in time more than elsewhere)";
  if (r.options.adjust_for_period_totals)
    return fmt::format("expected = each period's events spread over the districts by {} (Poisson, adjusted for "
                       "period totals: a busy period alone is not a cluster)",
                       base);
  return fmt::format("expected = all events spread by {} and by the length of the periods (Poisson, unadjusted)", base);
}

}  // namespace

std::string explain_scan_cluster(const ScanResult& r, size_t k, std::span<const std::string> districts,
                                 std::span<const std::string> periods) {
  if (k >= r.clusters.size()) return {};
  const ScanCluster& c = r.clusters[k];
  std::vector<std::string> names;
  for (uint32_t d : c.districts) names.push_back(districts[d]);
  std::string text = fmt::format("Cluster {}{}: {} ({} district{}), {}.\n", k + 1, k == 0 ? " (most likely)" : " (secondary)",
                                 fmt::join(names, ", "), names.size(), names.size() == 1 ? "" : "s", when(c, periods));
  text += fmt::format("Observed {:.0f} events where {:.2f} were expected ({}).\n", c.observed, c.expected, expected_basis(r));
  if (std::isinf(c.relative_risk)) {
    text += "Relative risk: infinite - every event of the data lies in this cluster.\n";
  } else {
    text += fmt::format("Relative risk {:.2f}: the rate inside is {:.2f} times the rate outside.\n", c.relative_risk,
                        c.relative_risk);
  }
  text += fmt::format("Log-likelihood ratio {:.2f}: how much better 'a higher rate inside' explains the counts than "
                      "'one rate everywhere'; the cluster is the cylinder with the largest ratio{}.\n",
                      c.llr, k == 0 ? "" : " that shares no district with a more likely cluster");
  if (std::isnan(c.p)) {
    text += "No p-value: no Monte Carlo replications were run.";
  } else {
    text += fmt::format("p = {:.3g} (Monte Carlo, {} replications): in {:.3g}% of simulated data sets without any "
                        "cluster, the strongest cluster anywhere was at least this strong. {}",
                        c.p, r.replication_max.size(), 100 * c.p,
                        c.p <= 0.05 ? "Significant at 5%." : "Not significant at 5%: chance alone produces such clusters.");
    if (k > 0) text += " Secondary clusters are compared with the strongest cluster of each simulation (conservative).";
  }
  return text;
}

std::string explain_scan_method(const ScanResult& r) {
  std::string text = fmt::format(
      "Space-time scan (Kulldorff, as SaTScan): {} events; cylinders = a set of up to {:.0f}% of the {} around a "
      "district{} x 1 to {} consecutive periods; {} distinct district sets.\n",
      r.total, 100 * r.options.max_share, r.base_is_population ? "population" : "area",
      r.options.contiguous ? " (connected sets only)" : "", r.options.max_periods, r.zones);
  text += expected_basis(r) + ".\n";
  if (!r.replication_max.empty()) {
    text += fmt::format("p-values: {} Monte Carlo replications (seed {}); ", r.replication_max.size(), r.options.seed);
    text += std::isnan(r.critical_llr_05) ? std::string("too few replications for p <= 0.05.")
                                          : fmt::format("a cluster is significant at 5% when its LLR exceeds {:.2f}.",
                                                        r.critical_llr_05);
  }
  return text;
}

}  // namespace zila
