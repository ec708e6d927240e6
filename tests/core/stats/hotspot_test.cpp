// Sections: fixtures (rook grid, dense Gi*) | Gi* and Local Moran by hand and against a dense
// computation | permutations (exact p, seeds, threads) | sparse periods, islands, explanations |
// Benjamini-Hochberg and classes | real drone strikes | benchmarks (hidden).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <random>

#include <tbb/task_arena.h>

#include "core/stats/hotspot.hpp"
#include "core/stats/random.hpp"
#include "core/pipeline.hpp"
#include "lattice.hpp"
#include "real_lattice.hpp"

using namespace zila;

namespace {

SpatialWeights rook_grid(int size) {
  return contiguity_weights(test::unit_square_lattice(size, size), {Contiguity::rook, 1e-6, 1e-3});
}

// Independent Gi*: binary rook weights plus self derived from grid coordinates (no GEOS, no CSR),
// then the textbook formula written with dense sums.
std::vector<double> dense_gi_star(const std::vector<double>& x, int size) {
  const int n = size * size;
  double mean = 0, squares = 0;
  for (double v : x) {
    mean += v / n;
    squares += v * v / n;
  }
  const double s = std::sqrt(squares - mean * mean);
  std::vector<double> z(n);
  for (int i = 0; i < n; ++i) {
    double weighted = 0, weight_total = 0;
    for (int j = 0; j < n; ++j) {
      int manhattan = std::abs(i / size - j / size) + std::abs(i % size - j % size);
      double w = manhattan <= 1 ? 1.0 : 0.0;  // self (0) and rook neighbours (1)
      weighted += w * x[j];
      weight_total += w;  // binary: Σw² equals Σw
    }
    z[i] = (weighted - mean * weight_total) / (s * std::sqrt((n * weight_total - weight_total * weight_total) / (n - 1)));
  }
  return z;
}

std::vector<double> spike_at_centre() {
  std::vector<double> x(25, 0.0);
  x[12] = 1;
  return x;
}

// High values in the top-left 3x3 block with some variation, low elsewhere.
std::vector<double> cluster_top_left() {
  std::vector<double> x(25);
  for (int i = 0; i < 25; ++i) x[i] = (i / 5 < 3 && i % 5 < 3) ? 10.0 + i % 3 : (i % 4) * 0.5;
  return x;
}

}  // namespace

TEST_CASE("Gi* of a single spike in a 5x5 rook grid is 2 at the spike (by hand)", "[hotspot]") {
  // n = 25, mean = 0.04, S = sqrt(1/25 - 0.0016) = sqrt(0.0384).
  // Centre: Σ w x = 1, W = S1 = 5: z = (1 - 0.2) / (sqrt(0.0384) sqrt((125 - 25) / 24)) = 0.8 / 0.4 = 2.
  // A corner (self + 2 zero neighbours): z = (0 - 0.12) / (sqrt(0.0384) sqrt((75 - 9) / 24)) = -0.3693.
  GiStarResult r = local_gi_star(spike_at_centre(), rook_grid(5), {.permutations = 0});
  CHECK(r.z[12] == Approx(2.0));
  CHECK(r.z[0] == Approx(-0.12 / (std::sqrt(0.0384) * std::sqrt(66.0 / 24.0))));
  CHECK(r.p_analytic[12] == Approx(0.0455).margin(1e-4));
  CHECK(r.classes[12] == SignificanceClass::hot_95);  // analytic p when not permuted
  CHECK(r.p_permutation.empty());
}

TEST_CASE("Gi* matches an independent dense computation on a 5x5 grid", "[hotspot]") {
  std::vector<double> x = cluster_top_left();
  GiStarResult r = local_gi_star(x, rook_grid(5), {.permutations = 0});
  std::vector<double> expected = dense_gi_star(x, 5);
  for (size_t i = 0; i < x.size(); ++i) CHECK(r.z[i] == Approx(expected[i]).margin(1e-12));
  CHECK(r.classes[6] == SignificanceClass::hot_99);
  CHECK(r.classes[24] <= SignificanceClass::not_significant);
}

TEST_CASE("Gi* of a constant period is zero and never significant", "[hotspot]") {
  std::vector<double> zeros(25, 0.0);
  GiStarResult r = local_gi_star(zeros, rook_grid(5));
  for (size_t i = 0; i < 25; ++i) {
    CHECK(r.z[i] == 0);
    CHECK(r.p[i] == 1);
    CHECK(r.classes[i] == SignificanceClass::not_significant);
  }
}

TEST_CASE("Local Moran's I of a single spike (by hand)", "[hotspot]") {
  // z = (x - 0.04) / sqrt(0.0384): centre sqrt(24), others -1/sqrt(24).
  // Centre: lag = -1/sqrt(24), I = -1. Its neighbour 7: lag = (sqrt(24) - 3/sqrt(24)) / 4,
  // I = -(1/sqrt(24)) * 21 / (4 sqrt(24)) = -21/96.
  MoranResult r = local_moran(spike_at_centre(), rook_grid(5), {.permutations = 99});
  CHECK(r.standardised[12] == Approx(std::sqrt(24.0)));
  CHECK(r.local_i[12] == Approx(-1.0));
  CHECK(r.local_i[7] == Approx(-21.0 / 96.0));
  CHECK(r.quadrant[12] == Quadrant::high_low);
  CHECK(r.quadrant[7] == Quadrant::low_high);
  CHECK(r.quadrant[0] == Quadrant::low_low);
  CHECK(quadrant_name(r.quadrant[12]) == std::string("HL"));
}

TEST_CASE("Local Moran's I finds the high-high cluster and the low-low surroundings", "[hotspot]") {
  MoranResult r = local_moran(cluster_top_left(), rook_grid(5), {.permutations = 999});
  CHECK(r.quadrant[6] == Quadrant::high_high);
  CHECK(r.cluster[6] == Quadrant::high_high);
  CHECK(r.p[6] <= 0.05);
  CHECK(r.quadrant[24] == Quadrant::low_low);
  CHECK_THROWS(local_moran(cluster_top_left(), rook_grid(5), {.permutations = 0}));
}

TEST_CASE("A lone spike: analytic z classes it, total permutation gives the exact share, empty neighbours are their own class", "[hotspot]") {
  // Total permutation places the single 1 anywhere among 25 cells: the centre's neighbourhood (itself
  // and 4 rook neighbours) receives it with probability 5/25, and then |Gi*| equals the observed.
  GiStarResult r = local_gi_star(spike_at_centre(), rook_grid(5), {.permutations = 9999, .seed = 3});
  CHECK(r.classes[12] == SignificanceClass::hot_95);  // z = 2, normal p = 0.0455
  CHECK(r.p_permutation[12] == Approx(0.2).margin(0.02));
  // Neighbour 7 also has the 1 in its neighbourhood (z = 2) but holds nothing itself.
  CHECK(r.z[7] == Approx(2.0));
  CHECK(r.classes[7] == SignificanceClass::hot_neighbourhood_0);
  CHECK(significance_class_name(r.classes[7]) == std::string("hot_neighbourhood_0"));
  CHECK(r.facts.nonzero_districts == 1);
  CHECK(r.facts.total == 1);
}

TEST_CASE("Total-permutation p equals the exact randomisation p on a 3x3 grid (all 9! placements)", "[hotspot]") {
  // Independent of the sampler: enumerate every distinct placement of the multiset of values and
  // count, per district, placements whose |Gi*| is at least the observed (binary rook weights + self).
  const std::vector<double> x{0, 3, 0, 1, 5, 0, 0, 2, 0};
  const int size = 3, n = 9;
  auto gi_numerator = [&](const std::vector<double>& v, int i) {
    double sum = 0;
    for (int j = 0; j < n; ++j)
      if (std::abs(i / size - j / size) + std::abs(i % size - j % size) <= 1) sum += v[j];
    return sum;
  };
  auto neighbourhood = [&](int i) {
    int count = 0;
    for (int j = 0; j < n; ++j) count += std::abs(i / size - j / size) + std::abs(i % size - j % size) <= 1;
    return count;
  };
  const double mean = 11.0 / 9;
  std::vector<double> at_least(n, 0);
  double placements = 0;
  std::vector<double> v = x;
  std::sort(v.begin(), v.end());
  do {
    placements += 1;
    for (int i = 0; i < n; ++i) {
      const double expected = mean * neighbourhood(i);
      at_least[i] += std::abs(gi_numerator(v, i) - expected) >= std::abs(gi_numerator(x, i) - expected) - 1e-9;
    }
  } while (std::next_permutation(v.begin(), v.end()));
  GiStarResult r = local_gi_star(x, rook_grid(3), {.permutations = 19999, .seed = 11});
  for (int i = 0; i < n; ++i) {
    const double exact = at_least[i] / placements;
    // Monte Carlo: standard error <= 0.0036 at 19,999 draws; 5 standard errors.
    CHECK(r.p_permutation[i] == Approx(exact).margin(0.018));
  }
}

TEST_CASE("Gi* classes always carry the sign of z, a zero-value hot district is hot_neighbourhood_0", "[hotspot]") {
  SpatialWeights w = contiguity_weights(test::unit_square_lattice(9, 14), {Contiguity::queen, 1e-6, 1e-3});
  std::mt19937_64 rng(5);
  std::poisson_distribution<int> sparse(0.3);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> x(126);
    for (double& v : x) v = sparse(rng);
    x[static_cast<size_t>(trial) * 6] += 25;  // one big district among sparse counts
    for (bool fdr : {false, true}) {
      GiStarResult r = local_gi_star(x, w, {.permutations = 99, .false_discovery_rate = fdr}, static_cast<uint64_t>(trial));
      for (size_t i = 0; i < x.size(); ++i) {
        const SignificanceClass c = r.classes[i];
        if (is_hot(c)) CHECK(r.z[i] > 0);
        if (static_cast<int>(c) < 0) CHECK(r.z[i] < 0);
        CHECK((c == SignificanceClass::hot_neighbourhood_0) == (is_hot(c) && x[i] == 0));
        if (c != SignificanceClass::not_significant) CHECK(r.p[i] <= 0.10);
      }
      // The district holding 25 of ~60 events is a hot spot (99% without FDR: z >= 3.4 for any
      // queen neighbourhood of at most 9 in 126).
      const size_t big = static_cast<size_t>(trial) * 6;
      CHECK(is_hot(r.classes[big]));
      CHECK(r.classes[big] != SignificanceClass::hot_neighbourhood_0);
      if (!fdr) CHECK(r.classes[big] == SignificanceClass::hot_99);
    }
  }
}

TEST_CASE("Sparse periods: all zeros and a single event give defined, explained results", "[hotspot]") {
  const SpatialWeights w = rook_grid(5);
  GiStarResult zeros = local_gi_star(std::vector<double>(25, 0.0), w);
  MoranResult zeros_moran = local_moran(std::vector<double>(25, 0.0), w);
  for (size_t i = 0; i < 25; ++i) {
    CHECK(zeros.classes[i] == SignificanceClass::not_significant);
    CHECK(zeros.p_permutation[i] == 1);
    CHECK(zeros_moran.cluster[i] == Quadrant::none);
    CHECK(zeros_moran.p[i] == 1);
  }
  CHECK_THAT(explain_sparse_period(zeros.facts), Catch::Contains("No events in this period"));
  CHECK_THAT(explain_gi_star(zeros, 3), Catch::Contains("No events in this period"));

  GiStarResult one = local_gi_star(spike_at_centre(), w, {.permutations = 999});
  MoranResult one_moran = local_moran(spike_at_centre(), w, {.permutations = 999});
  for (size_t i = 0; i < 25; ++i) {
    CHECK(std::isfinite(one.z[i]));
    CHECK(std::isfinite(one.p[i]));
    CHECK(std::isfinite(one_moran.p[i]));
    if (i != 12) CHECK((one.classes[i] == SignificanceClass::not_significant ||
                        one.classes[i] == SignificanceClass::hot_neighbourhood_0 || static_cast<int>(one.classes[i]) < 0));
  }
  // Moran holds the spike fixed; every permuted neighbourhood of it is zeros: p = 1, no cluster.
  CHECK(one_moran.quadrant[12] == Quadrant::high_low);
  CHECK(one_moran.p[12] == 1.0);
  CHECK(one_moran.cluster[12] == Quadrant::none);
  CHECK_THAT(explain_sparse_period(one.facts), Catch::Contains("Only one district has events"));
  CHECK(explain_sparse_period(local_gi_star(cluster_top_left(), w, {.permutations = 0}).facts).empty());
}

TEST_CASE("Districts without a value are refused with a count, not turned into NaN classes", "[hotspot]") {
  std::vector<double> x = cluster_top_left();
  x[4] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(local_gi_star(x, rook_grid(5)), Catch::Contains("1 of 25 districts have no value"));
  CHECK_THROWS_WITH(local_moran(x, rook_grid(5)), Catch::Contains("1 of 25 districts have no value"));
}

TEST_CASE("Explanations state z, p, the bins, FDR and the class rule with the district's numbers", "[hotspot]") {
  GiStarResult r = local_gi_star(spike_at_centre(), rook_grid(5), {.permutations = 999, .false_discovery_rate = true});
  const std::string centre = explain_gi_star(r, 12);
  CHECK_THAT(centre, Catch::Contains("Gi* z = 2.00"));
  CHECK_THAT(centre, Catch::Contains("by 2.00 standard deviations"));
  CHECK_THAT(centre, Catch::Contains("99% confidence p <= 0.01, 95% p <= 0.05, 90% p <= 0.10"));
  CHECK_THAT(centre, Catch::Contains("Benjamini-Hochberg adjusted across the 25 districts"));
  CHECK_THAT(centre, Catch::Contains("999 random placements"));
  GiStarResult unadjusted = local_gi_star(spike_at_centre(), rook_grid(5), {.permutations = 999});
  const std::string neighbour = explain_gi_star(unadjusted, 7);
  CHECK_THAT(neighbour, Catch::Contains("Hot surroundings, no events here: the neighbourhood"));
  // Its permutation p (5/25) is above 0.10 while the normal p (0.046) is not: the text warns.
  CHECK_THAT(neighbour, Catch::Contains("read this district's class with caution"));
  CHECK_THAT(centre, !Catch::Contains("caution"));  // after FDR the class is not significant
  CHECK(explain_significance_class(SignificanceClass::hot_95).rfind("Hot spot, 95% confidence: z > 0 and p <= 0.05", 0) == 0);
  CHECK(explain_significance_class(SignificanceClass::cold_99).rfind("Cold spot, 99% confidence: z < 0 and p <= 0.01", 0) == 0);
  MoranResult m = local_moran(cluster_top_left(), rook_grid(5), {.permutations = 999});
  const std::string moran = explain_local_moran(m, 6);
  CHECK_THAT(moran, Catch::Contains("High-High (hot cluster)"));
  CHECK_THAT(moran, Catch::Contains("this district's own value held fixed"));
  CHECK_THAT(moran, Catch::Contains("Shown as a cluster: p <= 0.05"));
  CHECK(explain_gi_star(r, 99).empty());
}

TEST_CASE("Permutation p-values are identical for a seed, whatever the thread count", "[hotspot]") {
  const std::vector<double> x = cluster_top_left();
  const SpatialWeights w = rook_grid(5);
  const HotspotOptions options{.permutations = 499, .seed = 42};
  auto run_with_threads = [&](int threads) {
    tbb::task_arena arena(threads);
    std::pair<GiStarResult, MoranResult> result;
    arena.execute([&] { result = {local_gi_star(x, w, options), local_moran(x, w, options)}; });
    return result;
  };
  auto [gi_one, moran_one] = run_with_threads(1);
  auto [gi_two, moran_two] = run_with_threads(2);
  auto [gi_again, moran_again] = run_with_threads(2);
  CHECK(gi_one.p_permutation == gi_two.p_permutation);
  CHECK(gi_two.p_permutation == gi_again.p_permutation);
  CHECK(moran_one.p_permutation == moran_two.p_permutation);
  for (double p : gi_one.p_permutation) CHECK((p >= 1.0 / 500 && p <= 1.0));

  GiStarResult other_seed = local_gi_star(x, w, {.permutations = 499, .seed = 43});
  CHECK(other_seed.p_permutation != gi_one.p_permutation);
}

TEST_CASE("Gi* over periods uses the same streams as each period alone", "[hotspot]") {
  std::vector<double> two_periods = cluster_top_left();
  std::vector<double> second = spike_at_centre();
  second[13] = 3;
  two_periods.insert(two_periods.end(), second.begin(), second.end());
  const SpatialWeights w = rook_grid(5);
  auto both = local_gi_star_periods(two_periods, 2, w, {.permutations = 199, .seed = 7});
  GiStarResult alone = local_gi_star(second, w, {.permutations = 199, .seed = 7}, 1);
  CHECK(both[1].p_permutation == alone.p_permutation);
  CHECK(both[1].z == alone.z);
}

TEST_CASE("Islands get only themselves in Gi* and never a significant p", "[hotspot]") {
  PolygonSet set = test::unit_square_lattice(5, 5);
  test::add_square(set, 100, 100, 1);
  SpatialWeights w = contiguity_weights(set, {Contiguity::rook, 1e-6, 1e-3});
  std::vector<double> x = cluster_top_left();
  x.push_back(50);
  GiStarResult gi = local_gi_star(x, w, {.permutations = 99});
  CHECK(std::isfinite(gi.z[25]));
  CHECK(gi.p_permutation[25] == 1.0);
  CHECK(gi.p[25] == 1.0);  // its z is only its own standardised value: no neighbourhood to test
  CHECK(gi.classes[25] == SignificanceClass::not_significant);
  MoranResult moran = local_moran(x, w, {.permutations = 99});
  CHECK(moran.local_i[25] == 0);
  CHECK(moran.p[25] == 1.0);
}

TEST_CASE("The portable 64x64-bit product behind the permutation draws equals the compiler's 128-bit one", "[hotspot]") {
  CHECK(multiply_wide(0, ~uint64_t{0}).high == 0);
  CHECK(multiply_wide(uint64_t{1} << 32, uint64_t{1} << 32).high == 1);
  CHECK(multiply_wide(uint64_t{1} << 32, uint64_t{1} << 32).low == 0);
  CHECK(multiply_wide(~uint64_t{0}, ~uint64_t{0}).high == ~uint64_t{0} - 1);  // (2^64-1)^2 = 2^128 - 2^65 + 1
  CHECK(multiply_wide(~uint64_t{0}, ~uint64_t{0}).low == 1);
#ifdef __SIZEOF_INT128__
  __extension__ typedef unsigned __int128 compiler_u128;  // test-only cross-check; __extension__ keeps -Wpedantic quiet
  Xoshiro256 rng(7);
  for (int i = 0; i < 100000; ++i) {
    const uint64_t a = rng(), b = i % 2 ? rng() : rng() >> (i % 64);
    const compiler_u128 expected = static_cast<compiler_u128>(a) * b;
    const WideProduct got = multiply_wide(a, b);
    REQUIRE(got.high == static_cast<uint64_t>(expected >> 64));
    REQUIRE(got.low == static_cast<uint64_t>(expected));
  }
#endif
}

TEST_CASE("Benjamini-Hochberg adjusted p-values (by hand)", "[hotspot]") {
  // Sorted p: 0.01, 0.02, 0.03, 0.5 (m = 4): m p / rank = 0.04, 0.04, 0.04, 0.5; running minimum
  // from the largest keeps them.
  std::vector<double> q = benjamini_hochberg(std::vector<double>{0.03, 0.5, 0.01, 0.02});
  CHECK(q[0] == Approx(0.04));
  CHECK(q[1] == Approx(0.5));
  CHECK(q[2] == Approx(0.04));
  CHECK(q[3] == Approx(0.04));
  // 0.001, 0.04 (m = 2): 0.002 and 0.04.
  std::vector<double> q2 = benjamini_hochberg(std::vector<double>{0.04, 0.001});
  CHECK(q2[0] == Approx(0.04));
  CHECK(q2[1] == Approx(0.002));
}

TEST_CASE("Significance classes follow the sign of z and the 90/95/99% levels", "[hotspot]") {
  CHECK(classify_significance(2.0, 0.005) == SignificanceClass::hot_99);
  CHECK(classify_significance(2.0, 0.03) == SignificanceClass::hot_95);
  CHECK(classify_significance(2.0, 0.08) == SignificanceClass::hot_90);
  CHECK(classify_significance(2.0, 0.2) == SignificanceClass::not_significant);
  CHECK(classify_significance(-2.0, 0.005) == SignificanceClass::cold_99);
  CHECK(classify_significance(-2.0, 0.09) == SignificanceClass::cold_90);
  CHECK(significance_class_name(SignificanceClass::cold_95) == std::string("cold_95"));
}

// Hidden (run with "[benchmark]"): the size, 126 districts x 15 periods x 10,000 permutations,
// on a 9x14 queen lattice with sparse Poisson counts like yearly event data.
TEST_CASE("Gi* permutation speed at the size of PAK ADM2 by year", "[.][benchmark]") {
  SpatialWeights w = contiguity_weights(test::unit_square_lattice(9, 14), {Contiguity::queen, 1e-6, 1e-3});
  std::mt19937_64 rng(1);
  std::poisson_distribution<int> counts(0.8);
  std::vector<double> values(15 * 126);
  for (double& v : values) v = counts(rng);
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();  // CPU time of all threads: robust on a busy machine
  auto results = local_gi_star_periods(values, 15, w, {.permutations = 10000});
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  WARN("10,000 permutations x 126 districts x 15 periods: " << elapsed.count() << " s wall, " << cpu_seconds
                                                            << " s CPU");
  CHECK(results.size() == 15);
}

// The recipe, `zila report --stat gistar --bin year --seed 1` on New America's drone strikes
// with --default-category operation: yearly Gi* on real PAK ADM2 queen contiguity. Before, conditional
// permutation gave the district holding every strike p = 1 and its empty neighbours hot_95.
TEST_CASE("Drone strikes by year: the district holding the strikes is hot, empty neighbours are not painted as it", "[hotspot][real]") {
  if (test::real_events_absent()) return;
  const Dataset data = run_pipeline(test::drone_strikes_on_adm2(Bin::year));
  const SpatialWeights w = contiguity_weights(data.boundaries.lonlat);
  const HotspotOptions options{.permutations = 999, .seed = 1};
  const auto& events = data.cube.values[static_cast<size_t>(Metric::events)];
  const size_t n = data.boundaries.size();
  const auto results = local_gi_star_periods(events, data.cube.period_count(), w, options);
  auto district = [&](const std::string& name) {
    const auto at = std::find(data.boundaries.names.begin(), data.boundaries.names.end(), name);
    REQUIRE(at != data.boundaries.names.end());
    return static_cast<size_t>(at - data.boundaries.names.begin());
  };
  auto year = [&](int y) {
    for (size_t t = 0; t < data.cube.period_count(); ++t)
      if (period_label(data.cube.bin, data.cube.period_starts[t]) == std::to_string(y)) return t;
    FAIL("no period " << y);
    return size_t{0};
  };
  const size_t south = district("South Waziristan"), north = district("North Waziristan");
  const size_t zhob = district("Zhob"), musakhel = district("Musakhel");

  // Every year: classes follow the sign of z, and no zero-event district shares a class (hence a
  // colour) with the districts that hold the events.
  for (size_t t = 0; t < results.size(); ++t) {
    for (size_t i = 0; i < n; ++i) {
      const SignificanceClass c = results[t].classes[i];
      if (is_hot(c)) CHECK(results[t].z[i] > 0);
      if (events[t * n + i] == 0) CHECK((c == SignificanceClass::not_significant || c == SignificanceClass::hot_neighbourhood_0 ||
                                         static_cast<int>(c) < 0));
    }
  }

  // 2004: one strike, in South Waziristan. z = 3.74 (its 8 queen neighbours + itself in 126);
  // total permutation puts the strike in that neighbourhood in 9/126 = 7% of placements.
  const GiStarResult& y2004 = results[year(2004)];
  REQUIRE(events[year(2004) * n + south] == 1);
  CHECK(y2004.facts.total == 1);
  CHECK(y2004.z[south] > 3);
  CHECK(y2004.classes[south] == SignificanceClass::hot_99);
  CHECK(y2004.p_permutation[south] == Approx(9.0 / 126).margin(0.025));
  for (size_t empty : {north, zhob, musakhel}) CHECK(y2004.classes[empty] == SignificanceClass::hot_neighbourhood_0);
  CHECK_THAT(explain_gi_star(y2004, south), Catch::Contains("Only one district has events"));

  // 2005: all 3 strikes in North Waziristan.
  const GiStarResult& y2005 = results[year(2005)];
  REQUIRE(events[year(2005) * n + north] == 3);
  CHECK(y2005.facts.nonzero_districts == 1);
  CHECK(is_hot(y2005.classes[north]));
  CHECK(y2005.classes[north] != SignificanceClass::hot_neighbourhood_0);
  CHECK(y2005.classes[south] == SignificanceClass::hot_neighbourhood_0);

  // 2010: hundreds of strikes in North Waziristan; Zhob and Musakhel (0 events, z 0.20 / 0.14) were
  // hot_90 by conditional permutation.
  const GiStarResult& y2010 = results[year(2010)];
  CHECK(y2010.classes[north] == SignificanceClass::hot_99);
  CHECK(y2010.z[zhob] == Approx(0.1984).margin(1e-3));
  CHECK(y2010.z[musakhel] == Approx(0.1395).margin(1e-3));
  CHECK(y2010.classes[zhob] == SignificanceClass::not_significant);
  CHECK(y2010.classes[musakhel] == SignificanceClass::not_significant);

  // Local Moran on the same years keeps Anselin's conditional test: the lone 2004 strike is a
  // High-Low outlier it cannot test (p = 1, explained), and no empty district is a hot cluster.
  for (int y : {2004, 2005, 2010}) {
    const size_t t = year(y);
    MoranResult m = local_moran(std::span<const double>(events).subspan(t * n, n), w, options, t);
    for (size_t i = 0; i < n; ++i)
      if (events[t * n + i] == 0) CHECK(m.cluster[i] != Quadrant::high_high);
    if (y == 2004) {
      CHECK(m.quadrant[south] == Quadrant::high_low);
      CHECK(m.p[south] == 1.0);
      CHECK_THAT(explain_local_moran(m, south), Catch::Contains("p = 1"));
    }
    if (y == 2010) CHECK(m.cluster[north] != Quadrant::none);
  }
}

// Hidden (run with "[benchmark]"): the size, PAK ADM2 (126 districts, real queen contiguity)
// x 180 monthly periods (the drone strikes 2004-2018) x 999 permutations, Gi* and Local Moran, on two
// threads as on the project's 2-core machines.
TEST_CASE("Gi* and Local Moran speed on PAK ADM2 x 180 months, 999 permutations, 2 threads", "[.][benchmark]") {
  const Dataset data = run_pipeline(test::drone_strikes_on_adm2(Bin::month));
  const SpatialWeights w = contiguity_weights(data.boundaries.lonlat);
  // June 2004 to July 2018 are 170 months: the first 10 again make 180.
  const size_t n = data.boundaries.size(), periods = 180;
  std::vector<double> events = data.cube.values[static_cast<size_t>(Metric::events)];
  REQUIRE(events.size() == 170 * n);
  events.insert(events.end(), events.begin(), events.begin() + static_cast<std::ptrdiff_t>(10 * n));
  const HotspotOptions options{.permutations = 999, .seed = 1};
  tbb::task_arena two_threads(2);
  double gi_seconds = 0, moran_seconds = 0;
  two_threads.execute([&] {
    auto start = std::chrono::steady_clock::now();
    const auto gi = local_gi_star_periods(events, periods, w, options);
    gi_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(gi.size() == periods);
    start = std::chrono::steady_clock::now();
    for (size_t t = 0; t < periods; ++t) local_moran(std::span<const double>(events).subspan(t * n, n), w, options, t);
    moran_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });
  WARN(n << " districts x " << periods << " periods x 999 permutations on 2 threads: Gi* " << gi_seconds
         << " s, Local Moran " << moran_seconds << " s");
}
