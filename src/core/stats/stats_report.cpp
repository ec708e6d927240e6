#include "core/stats/stats_report.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/io/csv_field.hpp"
#include "core/error.hpp"

namespace zila {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number(double value) { return std::isnan(value) ? std::string() : fmt::format("{:.6g}", value); }

void check_labels(const Cube& cube, const ReportLabels& labels, const SpatialWeights* weights) {
  if (labels.districts.size() != cube.district_count || labels.periods.size() != cube.period_count()) {
    throw Error("stats report: labels do not match the cube's districts and periods");
  }
  if (weights && weights->size() != cube.district_count) {
    throw Error("stats report: the weights do not match the cube's districts");
  }
}

}  // namespace

void write_gi_star_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                          const SpatialWeights& weights, const HotspotOptions& options) {
  check_labels(cube, labels, &weights);
  auto results = local_gi_star_periods(cube.metric_values(metric), cube.period_count(), weights, options);
  out << "district,period,value,neighbours,gi_z,gi_p,gi_p_analytic,gi_p_sim,gi_class\n";
  for (size_t t = 0; t < results.size(); ++t) {
    const GiStarResult& r = results[t];
    for (size_t i = 0; i < cube.district_count; ++i) {
      const double p_sim = r.p_permutation.empty() ? kNaN : r.p_permutation[i];
      out << fmt::format("{},{},{},{},{:.4f},{},{},{},{}\n", csv_text_field(labels.districts[i]), csv_field(labels.periods[t]),
                         number(cube.at(metric, t, i)), weights.neighbour_count(i), r.z[i], number(r.p[i]),
                         number(r.p_analytic[i]), number(p_sim), significance_class_name(r.classes[i]));
    }
  }
}

void write_moran_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                        const SpatialWeights& weights, const HotspotOptions& options) {
  check_labels(cube, labels, &weights);
  out << "district,period,value,neighbours,moran_i,z,lag,quadrant,moran_p,moran_p_sim,cluster\n";
  for (size_t t = 0; t < cube.period_count(); ++t) {
    const std::vector<double> values = cube.period_values(metric, t);
    MoranResult r = local_moran(values, weights, options, t);
    for (size_t i = 0; i < cube.district_count; ++i) {
      out << fmt::format("{},{},{},{},{:.4f},{:.4f},{:.4f},{},{},{},{}\n", csv_text_field(labels.districts[i]),
                         csv_field(labels.periods[t]), number(values[i]), weights.neighbour_count(i), r.local_i[i],
                         r.standardised[i], r.spatial_lag[i], quadrant_name(r.quadrant[i]), number(r.p[i]),
                         number(r.p_permutation[i]), quadrant_name(r.cluster[i]));
    }
  }
}

void write_emerging_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                           const SpatialWeights& weights, const EmergingOptions& options) {
  check_labels(cube, labels, &weights);
  EmergingResult result = emerging_hot_spots(cube, metric, weights, options);
  out << "district,first_period,last_period,category,hot_periods,cold_periods,mk_s,mk_z,mk_p,final_gi_z,final_gi_p,final_run,"
         "hot_periods_no_value\n";
  if (cube.period_count() == 0) return;
  const GiStarResult& final_period = result.gi_by_period.back();
  for (size_t i = 0; i < cube.district_count; ++i) {
    const DistrictTrend& d = result.districts[i];
    out << fmt::format("{},{},{},{},{},{},{},{:.4f},{},{:.4f},{},{},{}\n", csv_text_field(labels.districts[i]),
                       csv_field(labels.periods.front()), csv_field(labels.periods.back()),
                       emerging_category_name(d.category), d.hot_periods, d.cold_periods, d.trend.s, d.trend.z,
                       number(d.trend.p), final_period.z[i], number(final_period.p[i]), d.final_run,
                       d.hot_periods_without_value);
  }
}

void write_change_report(std::ostream& out, const Cube& cube, Metric metric, const ReportLabels& labels,
                         std::span<const double> area_km2, std::span<const double> population,
                         const ChangeOptions& options) {
  check_labels(cube, labels, nullptr);
  const size_t n = cube.district_count;
  if ((!area_km2.empty() && area_km2.size() != n) || (!population.empty() && population.size() != n)) {
    throw Error("stats report: area or population does not match the cube's districts");
  }
  out << "district,period,before,now,change,percent_change,change_class,rate_per_1000km2,rate_per_100k,"
         "eb_rate_per_100k\n";
  for (size_t t = 1; t < cube.period_count(); ++t) {
    ChangeMap change = change_map(cube, metric, t, options);
    std::vector<double> per_area = area_km2.empty() ? std::vector<double>(n, kNaN) : rate_per_area(change.now, area_km2);
    std::vector<double> per_people(n, kNaN), smoothed(n, kNaN);
    if (!population.empty()) {
      per_people = rate_per_population(change.now, population);
      EmpiricalBayes eb = empirical_bayes_rates(change.now, population);
      for (size_t i = 0; i < n; ++i) smoothed[i] = eb.smoothed[i] * 100000.0;
    }
    for (size_t i = 0; i < n; ++i) {
      out << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", csv_text_field(labels.districts[i]), csv_field(labels.periods[t]),
                         number(change.before[i]), number(change.now[i]), number(change.absolute[i]),
                         number(change.percent[i]), change_class_name(change.classes[i]), number(per_area[i]),
                         number(per_people[i]), number(smoothed[i]));
    }
  }
}

ScanResult scan_cube(const Cube& cube, Metric metric, std::span<const double> base, bool base_is_population,
                     std::span<const Point> centres, const SpatialWeights* contiguity, const ScanOptions& options) {
  const std::vector<double> days = period_days(cube);
  const std::vector<double> counts = cube.metric_values(metric);  // the input holds spans: kept alive here
  ScanInput input;
  input.counts = counts;
  input.periods = cube.period_count();
  input.districts = cube.district_count;
  input.base = base;
  input.base_is_population = base_is_population;
  input.period_days = days;
  input.centres = centres;
  input.contiguity = contiguity;
  return space_time_scan(input, options);
}

namespace {

std::string scan_expected_from(const ScanResult& r) {
  if (r.options.model == ScanModel::space_time_permutation) return "district and period totals";
  const char* base = r.base_is_population ? "population" : "area";
  return r.options.adjust_for_period_totals ? fmt::format("{}, per period total", base)
                                            : fmt::format("{}, period length", base);
}

}  // namespace

void write_scan_report(std::ostream& out, const ScanResult& r, const ReportLabels& labels) {
  if (labels.districts.size() != r.districts || labels.periods.size() != r.periods)
    throw Error("stats report: labels do not match the scan's districts and periods");
  out << "rank,districts,district_count,centre,start,end,periods,observed,expected,relative_risk,llr,p,significant,"
         "model,expected_from,max_share,max_periods,contiguous,replications,seed\n";
  for (size_t k = 0; k < r.clusters.size(); ++k) {
    const ScanCluster& c = r.clusters[k];
    std::vector<std::string> names;
    for (uint32_t d : c.districts) names.push_back(labels.districts[d]);
    const std::string joined = fmt::format("{}", fmt::join(names, "; "));
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{:.4f},{},{},{},{},{},{},{},{},{}\n", k + 1, csv_text_field(joined),
                       c.districts.size(), csv_text_field(names.front()), csv_field(labels.periods[c.first_period]),
                       csv_field(labels.periods[c.last_period]), c.last_period - c.first_period + 1, number(c.observed),
                       number(c.expected), std::isinf(c.relative_risk) ? std::string("inf") : number(c.relative_risk),
                       c.llr, number(c.p), !std::isnan(c.p) && c.p <= 0.05 ? "yes" : "no", scan_model_name(r.options.model),
                       csv_field(scan_expected_from(r)), r.options.max_share, r.options.max_periods,
                       r.options.contiguous ? "yes" : "no", r.replication_max.size(), r.options.seed);
  }
}

std::string scan_summary(const ScanResult& r, const ReportLabels& labels, double alpha) {
  std::string text = explain_scan_method(r) + fmt::format(" ({:.0f} ms)\n", r.ms);
  size_t shown = 0;
  for (size_t k = 0; k < r.clusters.size(); ++k) {
    const ScanCluster& c = r.clusters[k];
    if (std::isnan(c.p) || c.p > alpha) continue;
    ++shown;
    const std::string when = c.first_period == c.last_period
                                 ? labels.periods[c.first_period]
                                 : fmt::format("{} to {}", labels.periods[c.first_period], labels.periods[c.last_period]);
    std::vector<std::string> names;
    for (uint32_t d : c.districts) names.push_back(labels.districts[d]);
    text += fmt::format("  cluster {}: {}, {}: observed {:.0f}, expected {:.2f}, RR {}, LLR {:.2f}, p {:.3g}\n", k + 1,
                        fmt::join(names, ", "), when, c.observed, c.expected,
                        std::isinf(c.relative_risk) ? std::string("inf") : fmt::format("{:.2f}", c.relative_risk), c.llr, c.p);
  }
  if (shown == 0)
    text += fmt::format("  no cluster with p <= {} ({} cluster{} in the CSV)\n", alpha, r.clusters.size(),
                        r.clusters.size() == 1 ? "" : "s");
  return text;
}

}  // namespace zila

