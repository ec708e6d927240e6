// The space-time scan (core/stats/scan.hpp) on lattices with and without planted clusters, its
// invariants, and the real drone strikes by year. The LLR formula itself is checked against numpy in
// tests/stats/scan_crosscheck.py; power and type-I error over many runs in tests/stats/scan_power.py.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <set>

#include <tbb/task_arena.h>

#include "core/pipeline.hpp"
#include "core/map/map_frame.hpp"
#include "core/stats/random.hpp"
#include "core/stats/scan.hpp"
#include "core/stats/stats_report.hpp"
#include "lattice.hpp"
#include "real_lattice.hpp"

using namespace zila;

namespace {

// A size x size lattice of unit squares: centres, queen contiguity, area 1 each.
struct Lattice {
  int size;
  std::vector<Point> centres;
  SpatialWeights contiguity;
  std::vector<double> area;
  explicit Lattice(int s) : size(s), area(static_cast<size_t>(s * s), 1.0) {
    for (int r = 0; r < s; ++r)
      for (int c = 0; c < s; ++c) centres.push_back({c + 0.5, r + 0.5});
    contiguity = contiguity_weights(test::unit_square_lattice(s, s), {Contiguity::queen, 1e-6, 1e-3});
  }
  size_t districts() const { return centres.size(); }
};

// Counts under "no cluster": every period gets `per_period` events placed uniformly (equal areas).
std::vector<double> null_counts(size_t districts, size_t periods, int per_period, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> any(0, districts - 1);
  std::vector<double> counts(districts * periods, 0.0);
  for (size_t t = 0; t < periods; ++t)
    for (int e = 0; e < per_period; ++e) counts[t * districts + any(rng)] += 1;
  return counts;
}

ScanResult run(const Lattice& l, const std::vector<double>& counts, size_t periods, ScanOptions options) {
  ScanInput in;
  in.counts = counts;
  in.periods = periods;
  in.districts = l.districts();
  in.base = l.area;
  in.centres = l.centres;
  in.contiguity = &l.contiguity;
  return space_time_scan(in, options);
}

bool connected(const std::vector<uint32_t>& set, const SpatialWeights& w) {
  std::set<uint32_t> members(set.begin(), set.end()), reached{set.front()};
  std::vector<uint32_t> stack{set.front()};
  while (!stack.empty()) {
    const uint32_t d = stack.back();
    stack.pop_back();
    for (uint32_t j : w.neighbours_of(d))
      if (members.count(j) && reached.insert(j).second) stack.push_back(j);
  }
  return reached.size() == members.size();
}

}  // namespace

TEST_CASE("Kulldorff's LLR: the formula, zero for rates at or below the expected", "[scan]") {
  // c ln(c/mu) + (C - c) ln((C - c)/(C - mu)) written out for c = 10, mu = 2, C = 50.
  CHECK(scan_llr(10, 2, 50) == Approx(10 * std::log(5.0) + 40 * std::log(40.0 / 48.0)));
  CHECK(scan_llr(2, 2, 50) == 0);
  CHECK(scan_llr(1, 3, 50) == 0);
  // Every event inside: the outside term vanishes.
  CHECK(scan_llr(5, 1, 5) == Approx(5 * std::log(5.0)));
}

TEST_CASE("A planted space-time cluster on a lattice is the most likely cluster, with a small p", "[scan]") {
  const Lattice l(10);
  const size_t periods = 20, n = l.districts();
  std::vector<double> counts = null_counts(n, periods, 10, 7);
  const std::vector<uint32_t> planted{44, 45, 54, 55};  // a 2 x 2 block in the middle
  for (size_t t = 8; t <= 11; ++t)
    for (uint32_t d : planted) counts[t * n + d] += 3;
  ScanOptions options;
  options.replications = 199;
  options.seed = 11;
  const ScanResult r = run(l, counts, periods, options);
  REQUIRE(!r.clusters.empty());
  const ScanCluster& top = r.clusters.front();
  const std::set<uint32_t> found(top.districts.begin(), top.districts.end());
  size_t overlap = 0;
  for (uint32_t d : planted) overlap += found.count(d);
  CHECK(overlap >= 3);
  CHECK(found.size() <= 6);
  CHECK(top.first_period >= 7);
  CHECK(top.last_period <= 12);
  CHECK(top.p == Approx(1.0 / 200));
  CHECK(top.observed > 3 * top.expected);
  CHECK(top.llr > r.critical_llr_05);
  // Its numbers agree with a direct sum over the cylinder.
  double observed = 0;
  for (size_t t = top.first_period; t <= top.last_period; ++t)
    for (uint32_t d : top.districts) observed += counts[t * n + d];
  CHECK(top.observed == observed);
  double window_total = 0;  // adjusted Poisson: mu = share of area x the window's events
  for (size_t t = top.first_period; t <= top.last_period; ++t)
    for (size_t d = 0; d < n; ++d) window_total += counts[t * n + d];
  CHECK(top.expected == Approx(window_total * static_cast<double>(top.districts.size()) / static_cast<double>(n)));
  CHECK(top.relative_risk == Approx((top.observed / top.expected) / ((r.total - top.observed) / (r.total - top.expected))));
}

TEST_CASE("Without a cluster the most likely cluster's p is rarely small (20 null data sets)", "[scan]") {
  const Lattice l(8);
  const size_t periods = 12;
  int small = 0;
  for (uint32_t k = 0; k < 20; ++k) {
    ScanOptions options;
    options.replications = 99;
    options.seed = 1000 + k;
    const ScanResult r = run(l, null_counts(l.districts(), periods, 8, 500 + k), periods, options);
    REQUIRE(!r.clusters.empty());
    small += r.clusters.front().p <= 0.05 ? 1 : 0;
  }
  // Expected 1 of 20 at 5%; 5 or more has probability 0.3% under a correct test.
  CHECK(small <= 4);
}

TEST_CASE("Scan invariants: zone limits, connected zones, no shared district, LLR order", "[scan]") {
  const Lattice l(9);
  const size_t periods = 16, n = l.districts();
  std::vector<double> counts = null_counts(n, periods, 6, 3);
  for (size_t t = 2; t <= 4; ++t) counts[t * n + 10] += 4;
  for (size_t t = 12; t <= 13; ++t) counts[t * n + 70] += 4;
  ScanOptions options;
  options.replications = 49;
  options.max_share = 0.2;
  options.max_periods = 5;
  const ScanResult r = run(l, counts, periods, options);
  REQUIRE(r.clusters.size() >= 2);
  CHECK(r.options.max_periods == 5);
  std::set<uint32_t> used;
  for (size_t k = 0; k < r.clusters.size(); ++k) {
    const ScanCluster& c = r.clusters[k];
    CHECK(c.districts.size() <= static_cast<size_t>(0.2 * static_cast<double>(n)));
    CHECK(c.last_period - c.first_period + 1 <= 5);
    CHECK(connected(c.districts, l.contiguity));
    CHECK(c.observed > c.expected);
    for (uint32_t d : c.districts) CHECK(used.insert(d).second);
    if (k > 0) {
      CHECK(c.llr <= r.clusters[k - 1].llr);
      CHECK(c.p >= r.clusters[k - 1].p);
    }
  }
  // Both planted spikes are found (as the most likely two clusters, in some order).
  std::set<uint32_t> top_two(r.clusters[0].districts.begin(), r.clusters[0].districts.end());
  top_two.insert(r.clusters[1].districts.begin(), r.clusters[1].districts.end());
  CHECK(top_two.count(10) == 1);
  CHECK(top_two.count(70) == 1);
}

TEST_CASE("Scan results depend on the seed only, not on the number of threads", "[scan]") {
  const Lattice l(8);
  const size_t periods = 10;
  const std::vector<double> counts = null_counts(l.districts(), periods, 5, 21);
  ScanOptions options;
  options.replications = 64;
  options.seed = 5;
  ScanResult one, many;
  tbb::task_arena single(1);
  single.execute([&] { one = run(l, counts, periods, options); });
  many = run(l, counts, periods, options);
  CHECK(one.replication_max == many.replication_max);
  REQUIRE(one.clusters.size() == many.clusters.size());
  CHECK(one.clusters.front().p == many.clusters.front().p);
  options.seed = 6;
  CHECK(run(l, counts, periods, options).replication_max != one.replication_max);
}

TEST_CASE("Space-time permutation: a place bunching in time is found, a country-wide surge is not", "[scan]") {
  const Lattice l(8);
  const size_t periods = 12, n = l.districts();
  // Every district doubles its events in the second half: a pure time trend, no interaction.
  std::vector<double> trend(n * periods, 0.0);
  for (size_t t = 0; t < periods; ++t)
    for (size_t d = 0; d < n; ++d) trend[t * n + d] = t < 6 ? 1 : 2;
  ScanOptions options;
  options.model = ScanModel::space_time_permutation;
  options.replications = 99;
  const ScanResult flat = run(l, trend, periods, options);
  CHECK((flat.clusters.empty() || flat.clusters.front().p > 0.05));
  // One district's events bunch in periods 3-4.
  std::vector<double> bunched = trend;
  bunched[3 * n + 27] += 8;
  bunched[4 * n + 27] += 8;
  const ScanResult found = run(l, bunched, periods, options);
  REQUIRE(!found.clusters.empty());
  const ScanCluster& top = found.clusters.front();
  CHECK(std::find(top.districts.begin(), top.districts.end(), 27u) != top.districts.end());
  CHECK(top.first_period >= 3);
  CHECK(top.last_period <= 4);
  CHECK(top.p <= 0.05);
  // mu_it = C_i C_t / C summed over the cylinder.
  double expected = 0;
  std::vector<double> district_total(n, 0), period_total(periods, 0);
  for (size_t t = 0; t < periods; ++t)
    for (size_t d = 0; d < n; ++d) {
      district_total[d] += bunched[t * n + d];
      period_total[t] += bunched[t * n + d];
    }
  for (size_t t = top.first_period; t <= top.last_period; ++t)
    for (uint32_t d : top.districts) expected += district_total[d] * period_total[t] / found.total;
  CHECK(top.expected == Approx(expected));
}

TEST_CASE("Unadjusted Poisson sees a country-wide surge, the adjusted model does not", "[scan]") {
  const Lattice l(6);
  const size_t periods = 10, n = l.districts();
  std::vector<double> counts(n * periods, 0.0);
  for (size_t t = 0; t < periods; ++t)
    for (size_t d = 0; d < n; ++d) counts[t * n + d] = t == 7 ? 4 : 1;
  ScanOptions options;
  options.replications = 99;
  const ScanResult adjusted = run(l, counts, periods, options);
  CHECK((adjusted.clusters.empty() || adjusted.clusters.front().p > 0.05));
  options.adjust_for_period_totals = false;
  const ScanResult unadjusted = run(l, counts, periods, options);
  REQUIRE(!unadjusted.clusters.empty());
  CHECK(unadjusted.clusters.front().first_period == 7);
  CHECK(unadjusted.clusters.front().last_period == 7);
  CHECK(unadjusted.clusters.front().p <= 0.05);
}

TEST_CASE("The scan refuses values that are not counts and bases that are not sizes", "[scan]") {
  const Lattice l(3);
  std::vector<double> counts(9, 1.0);
  counts[4] = 1.5;
  CHECK_THROWS_WITH(run(l, counts, 1, {}), Catch::Contains("not a count"));
  counts[4] = -1;
  CHECK_THROWS_WITH(run(l, counts, 1, {}), Catch::Contains("not a count"));
  counts[4] = 1;
  Lattice broken(3);
  broken.area[2] = 0;
  CHECK_THROWS_WITH(run(broken, counts, 1, {}), Catch::Contains("area"));
  ScanInput in;
  in.counts = counts;
  in.periods = 1;
  in.districts = 9;
  in.base = l.area;
  in.centres = l.centres;
  CHECK_THROWS_WITH(space_time_scan(in, {}), Catch::Contains("contiguity"));
  std::vector<double> huge(9, 0.0);
  huge[0] = 10e6 + 1;
  CHECK_THROWS_WITH(run(l, huge, 1, {}), Catch::Contains("more than the"));
  // No events: no cluster, no error.
  const ScanResult empty = run(l, std::vector<double>(9, 0.0), 1, {});
  CHECK(empty.clusters.empty());
}

TEST_CASE("Each cluster's explanation carries its numbers and what the Monte Carlo p means", "[scan]") {
  const Lattice l(6);
  const size_t periods = 6, n = l.districts();
  std::vector<double> counts = null_counts(n, periods, 4, 9);
  counts[2 * n + 14] += 9;
  ScanOptions options;
  options.replications = 99;
  const ScanResult r = run(l, counts, periods, options);
  REQUIRE(!r.clusters.empty());
  std::vector<std::string> names, labels;
  for (size_t d = 0; d < n; ++d) names.push_back("D" + std::to_string(d));
  for (size_t t = 0; t < periods; ++t) labels.push_back("P" + std::to_string(t));
  const std::string text = explain_scan_cluster(r, 0, names, labels);
  const ScanCluster& c = r.clusters.front();
  CHECK_THAT(text, Catch::Contains(fmt::format("Observed {:.0f} events where {:.2f} were expected", c.observed, c.expected)));
  CHECK_THAT(text, Catch::Contains(fmt::format("Relative risk {:.2f}", c.relative_risk)));
  CHECK_THAT(text, Catch::Contains(fmt::format("Log-likelihood ratio {:.2f}", c.llr)));
  CHECK_THAT(text, Catch::Contains("99 replications"));
  CHECK_THAT(text, Catch::Contains("simulated data sets without any cluster"));
  CHECK_THAT(explain_scan_method(r), Catch::Contains(fmt::format("{:.2f}", r.critical_llr_05)));
}

// The drone strikes of New America by year on real PAK ADM2: the most likely cluster is the
// Waziristan strike belt of 2008 onwards (North Waziristan holds 300 of 413 strikes).
TEST_CASE("Drone strikes by year: the most likely cluster is the Waziristans in the surge years", "[scan][real]") {
  if (test::real_events_absent()) return;
  const Dataset data = run_pipeline(test::drone_strikes_on_adm2(Bin::year));
  const SpatialWeights w = contiguity_weights(data.boundaries.lonlat);
  ScanOptions options;
  options.replications = 99;
  options.seed = 1;
  const ScanResult r = scan_cube(data.cube, Metric::events, data.boundaries.area_km2, false, data.boundaries.label_points,
                                 &w, options);
  REQUIRE(!r.clusters.empty());
  const ScanCluster& top = r.clusters.front();
  std::set<std::string> names;
  for (uint32_t d : top.districts) names.insert(data.boundaries.names[d]);
  CHECK(names.count("North Waziristan") == 1);
  CHECK(names.count("South Waziristan") == 1);
  CHECK(names.size() <= 4);
  const std::string first = period_label(data.cube.bin, data.cube.period_starts[top.first_period]);
  const std::string last = period_label(data.cube.bin, data.cube.period_starts[top.last_period]);
  CHECK(first >= "2007");
  CHECK(first <= "2009");
  CHECK(last >= "2012");
  CHECK(last <= "2015");
  CHECK(top.p == Approx(0.01));
}

TEST_CASE("The scan map mode paints significant clusters in their periods and lists them with their numbers", "[scan][map]") {
  const Lattice l(8);
  const size_t periods = 10, n = l.districts();
  std::vector<double> counts = null_counts(n, periods, 6, 4);
  for (size_t t = 6; t <= 7; ++t) counts[t * n + 9] += 8;
  ScanOptions options;
  options.replications = 99;
  const ScanResult r = run(l, counts, periods, options);
  REQUIRE(!r.clusters.empty());
  const ScanCluster& top = r.clusters.front();
  REQUIRE(top.p <= 0.05);
  std::vector<std::string> names, labels;
  for (size_t d = 0; d < n; ++d) names.push_back("D" + std::to_string(d));
  for (size_t t = 0; t < periods; ++t) labels.push_back("P" + std::to_string(t));
  size_t significant = 0, in_clusters = 0;
  for (const ScanCluster& c : r.clusters)
    if (c.p <= 0.05) ++significant, in_clusters += c.districts.size();

  const CategoricalMap now = scan_cluster_map(r, top.first_period, names, labels);
  const CategoricalMap before = scan_cluster_map(r, 0, names, labels);
  REQUIRE(now.legend.entries.size() == significant + 1);
  CHECK_THAT(now.legend.entries.front().label, Catch::StartsWith("1. " + scan_cluster_name(top, names)));
  CHECK_THAT(now.legend.entries.front().label,
             Catch::Contains(fmt::format("{:.0f} events vs {:.2f} expected", top.observed, top.expected)));
  CHECK_THAT(before.legend.entries.front().label, Catch::EndsWith("(not in this period)"));
  CHECK(now.legend.entries.back().districts == n - in_clusters);
  const uint32_t member = top.districts.front();
  CHECK(now.district_colors[member] == now.legend.entries.front().color);
  CHECK(before.district_colors[member] == before.legend.entries.front().color);
  CHECK(!(now.district_colors[member] == before.district_colors[member]));  // pale outside its periods
  CHECK(!(now.district_colors[member] == kNotInClusterColor));
  for (size_t d = 0; d < n; ++d) {
    bool inside = false;
    for (const ScanCluster& c : r.clusters)
      if (c.p <= 0.05 && std::find(c.districts.begin(), c.districts.end(), d) != c.districts.end()) inside = true;
    if (!inside) CHECK(now.district_colors[d] == kNotInClusterColor);
  }
  // Each district's legend entry (what the window's legend counts over the districts in view) is the
  // entry of its colour, and counting them gives the legend's counts.
  REQUIRE(now.district_entry.size() == n);
  std::vector<size_t> recounted(now.legend.entries.size(), 0);
  for (size_t d = 0; d < n; ++d) {
    const int k = now.district_entry[d];
    REQUIRE(k >= 0);
    REQUIRE(static_cast<size_t>(k) < now.legend.entries.size());
    CHECK(now.legend.entries[static_cast<size_t>(k)].color == now.district_colors[d]);
    ++recounted[static_cast<size_t>(k)];
  }
  for (size_t k = 0; k < recounted.size(); ++k) CHECK(recounted[k] == now.legend.entries[k].districts);
  CHECK_THAT(now.legend.mode_note, Catch::Contains("99 replications"));
}

namespace {

// A straightforward reference for the observed scan: every zone (the nearest districts of each
// centre up to the area limit, connected, each distinct set once) times every window of 1 ..
// max_periods periods, with observed and expected summed cell by cell; no pruning, no prefix sums.
struct ReferenceCluster {
  std::set<uint32_t> districts;
  size_t first = 0, last = 0;
  double observed = 0, expected = 0, llr = 0;
  bool tied = false;  // another zone or window reaches the same LLR (to rounding): the order is a convention
};

std::vector<ReferenceCluster> reference_scan(const Lattice& l, const std::vector<double>& counts, size_t periods,
                                             double max_share, size_t max_periods,
                                             ScanModel model = ScanModel::poisson) {
  const size_t n = l.districts();
  double total = 0;
  std::vector<double> period_total(periods, 0), district_total(n, 0);
  for (size_t t = 0; t < periods; ++t)
    for (size_t d = 0; d < n; ++d) {
      period_total[t] += counts[t * n + d];
      district_total[d] += counts[t * n + d];
      total += counts[t * n + d];
    }
  std::set<std::set<uint32_t>> seen;
  std::vector<ReferenceCluster> best;
  for (uint32_t c = 0; c < n; ++c) {
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    auto distance = [&](uint32_t d) { return std::hypot(l.centres[d].x - l.centres[c].x, l.centres[d].y - l.centres[c].y); };
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      if (a == c || b == c) return a == c && b != c;
      return distance(a) < distance(b);
    });
    std::vector<uint32_t> zone;
    for (uint32_t d : order) {
      zone.push_back(d);
      if (static_cast<double>(zone.size()) > max_share * static_cast<double>(n) * (1 + 1e-12)) break;
      if (!connected(zone, l.contiguity)) continue;
      const std::set<uint32_t> members(zone.begin(), zone.end());
      if (!seen.insert(members).second) continue;
      // Adjusted Poisson on equal areas: the zone's share of the area; permutation: of the events.
      double share = static_cast<double>(zone.size()) / static_cast<double>(n);
      if (model == ScanModel::space_time_permutation) {
        share = 0;
        for (uint32_t z : zone) share += district_total[z] / total;
      }
      ReferenceCluster zone_best;
      zone_best.districts = members;
      for (size_t t1 = 0; t1 < periods; ++t1)
        for (size_t t2 = t1; t2 < periods && t2 - t1 < max_periods; ++t2) {
          double observed = 0, window = 0;
          for (size_t t = t1; t <= t2; ++t) {
            window += period_total[t];
            for (uint32_t z : zone) observed += counts[t * n + z];
          }
          const double llr = scan_llr(observed, share * window, total);
          if (llr > 0 && std::abs(llr - zone_best.llr) <= 1e-9 * llr) zone_best.tied = true;
          if (llr > zone_best.llr * (1 + 1e-9)) zone_best = {members, t1, t2, observed, share * window, llr, false};
        }
      if (zone_best.llr > 0) best.push_back(zone_best);
    }
  }
  std::stable_sort(best.begin(), best.end(), [](const auto& a, const auto& b) { return a.llr > b.llr; });
  for (size_t k = 1; k < best.size(); ++k)
    if (best[k - 1].llr - best[k].llr <= 1e-9 * best[k - 1].llr) best[k - 1].tied = best[k].tied = true;
  std::vector<ReferenceCluster> clusters;
  std::set<uint32_t> taken;
  for (const ReferenceCluster& z : best) {
    if (std::any_of(z.districts.begin(), z.districts.end(), [&](uint32_t d) { return taken.count(d) > 0; })) continue;
    taken.insert(z.districts.begin(), z.districts.end());
    clusters.push_back(z);
  }
  return clusters;
}

}  // namespace

TEST_CASE("The pruned scan gives the clusters, LLRs and p of a plain evaluation of every cylinder", "[scan]") {
  const Lattice l(7);
  const size_t periods = 14, n = l.districts();
  for (uint32_t seed : {31u, 32u, 33u}) {
    std::vector<double> counts = null_counts(n, periods, 5, seed);
    for (size_t t = 4; t <= 6; ++t) counts[t * n + 8 + seed % 3] += 2;  // a mild spike, so ranks are close
    ScanOptions options;
    options.replications = 99;
    options.seed = seed;
    options.max_share = 0.3;
    options.max_periods = 6;
    const ScanResult r = run(l, counts, periods, options);
    const std::vector<ReferenceCluster> reference = reference_scan(l, counts, periods, 0.3, 6);
    REQUIRE(!r.clusters.empty());
    REQUIRE(!reference.empty());
    CHECK(!reference.front().tied);
    // Clusters compared up to the first one whose rank rests on a tie (equal LLRs on a lattice of
    // equal squares are common; which of them wins is a convention, not a result).
    for (size_t k = 0; k < r.clusters.size() && k < reference.size() && !reference[k].tied; ++k) {
      const ScanCluster& c = r.clusters[k];
      INFO("seed " << seed << ", cluster " << k);
      CHECK(std::set<uint32_t>(c.districts.begin(), c.districts.end()) == reference[k].districts);
      CHECK(c.first_period == reference[k].first);
      CHECK(c.last_period == reference[k].last);
      CHECK(c.observed == reference[k].observed);
      CHECK(c.expected == Approx(reference[k].expected).epsilon(1e-12));
      CHECK(c.llr == Approx(reference[k].llr).epsilon(1e-12));
      // p is the Monte Carlo rank of the LLR among the replications' largest LLRs.
      const auto as_large = std::count_if(r.replication_max.begin(), r.replication_max.end(),
                                          [&](double m) { return m >= c.llr * (1 - 1e-9); });
      CHECK(c.p == Approx(static_cast<double>(as_large + 1) / 100.0));
    }
    // Each replication's largest LLR is that of a plain evaluation of the same data: the replication
    // maxima do not depend on the pruning, so one thread and many agree, and every maximum is an
    // LLR some cylinder reaches (positive, at most the LLR of all events in one district-period).
    for (double m : r.replication_max) {
      CHECK(m > 0);
      CHECK(m <= scan_llr(r.total, r.total / static_cast<double>(n * periods), r.total) + 1e-9);
    }
  }
}

TEST_CASE("Each replication's largest LLR is that of a plain evaluation of every cylinder of its data", "[scan]") {
  // The replications are the only pass that prunes by the bar (the observed pass keeps every zone's
  // best window), and ruling whole zones out by their chord (scan.cpp, ZoneChordProof) works on both
  // models drawn here. Their replications can be redrawn here from the seed, through the replication's
  // stream (statistic 3 in scan.cpp). Permutation: the events' districts, ascending, shuffled
  // (Fisher-Yates), then dealt to the periods in order. Poisson on equal areas: each period's events
  // placed one by one by the alias table, which for equal weights draws a district uniformly and then
  // a uniform number it always accepts. Dense data with a bump, and sparse data with a hot spot (most
  // zones then ruled out without their pass, as on real event counts).
  const Lattice l(7);
  const size_t periods = 16, n = l.districts();
  for (ScanModel model : {ScanModel::space_time_permutation, ScanModel::poisson})
    for (uint32_t seed : {41u, 42u, 43u}) {
      std::vector<double> counts = null_counts(n, periods, seed == 43 ? 1 : 6, seed);
      for (size_t t = 5; t <= 7; ++t) counts[t * n + 10 + seed % 5] += 3;  // some districts carry more events
      ScanOptions options;
      options.model = model;
      options.replications = 60;
      options.seed = seed;
      options.max_share = 0.4;
      options.max_periods = 8;
      const ScanResult r = run(l, counts, periods, options);
      std::vector<double> period_total(periods, 0);
      std::vector<uint32_t> event_districts;
      for (size_t d = 0; d < n; ++d) {
        double events = 0;
        for (size_t t = 0; t < periods; ++t) events += counts[t * n + d];
        event_districts.insert(event_districts.end(), static_cast<size_t>(events), static_cast<uint32_t>(d));
      }
      for (size_t t = 0; t < periods; ++t)
        for (size_t d = 0; d < n; ++d) period_total[t] += counts[t * n + d];
      for (size_t rep = 0; rep < r.replication_max.size(); ++rep) {
        Xoshiro256 rng(stream_seed(options.seed, rep, 3));
        std::vector<double> replica(n * periods, 0.0);
        if (model == ScanModel::space_time_permutation) {
          std::vector<uint32_t> shuffled = event_districts;
          for (size_t k = shuffled.size(); k > 1; --k) std::swap(shuffled[k - 1], shuffled[bounded(rng, k)]);
          size_t next_event = 0;
          for (size_t t = 0; t < periods; ++t)
            for (double e = 0; e < period_total[t]; ++e) replica[t * n + shuffled[next_event++]] += 1;
        } else {
          for (size_t t = 0; t < periods; ++t)
            for (double e = 0; e < period_total[t]; ++e) {
              const uint64_t d = bounded(rng, n);
              REQUIRE(uniform01(rng) < 1.0);
              replica[t * n + d] += 1;
            }
        }
        const std::vector<ReferenceCluster> plain = reference_scan(l, replica, periods, 0.4, 8, model);
        INFO(scan_model_name(model) << ", seed " << seed << ", replication " << rep);
        REQUIRE(!plain.empty());
        CHECK(r.replication_max[rep] == Approx(plain.front().llr).epsilon(1e-9));
      }
    }
}

TEST_CASE("The scan reports the replications' progress and stops when asked", "[scan]") {
  const Lattice l(6);
  const size_t periods = 8;
  const std::vector<double> counts = null_counts(l.districts(), periods, 4, 17);
  ScanOptions options;
  options.replications = 50;
  std::vector<double> seen;
  const ScanResult r = [&] {
    ScanInput in{counts, periods, l.districts(), l.area, false, {}, l.centres, &l.contiguity};
    return space_time_scan(in, options, [&](double f) {
      seen.push_back(f);
      return true;
    });
  }();
  REQUIRE(seen.size() == 50);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.back() == 1.0);
  CHECK(r.replication_max == run(l, counts, periods, options).replication_max);  // watching changes nothing
  size_t calls = 0;
  ScanInput in{counts, periods, l.districts(), l.area, false, {}, l.centres, &l.contiguity};
  CHECK_THROWS_AS(space_time_scan(in, options, [&](double) { return ++calls < 10; }), ScanCancelled);
  CHECK(calls == 10);
}
