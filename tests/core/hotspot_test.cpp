#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdlib>

#include <random>

#include <tbb/task_arena.h>

#include "core/hotspot.hpp"
#include "lattice.hpp"

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

TEST_CASE("A lone spike is hot analytically but not a cluster under permutation", "[hotspot]") {
  // Its neighbours are all zero, as are all the other values: every permuted neighbourhood ties.
  GiStarResult r = local_gi_star(spike_at_centre(), rook_grid(5), {.permutations = 999});
  CHECK(r.p_permutation[12] == 1.0);
  CHECK(r.classes[12] == SignificanceClass::not_significant);
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
  MoranResult moran = local_moran(x, w, {.permutations = 99});
  CHECK(moran.local_i[25] == 0);
  CHECK(moran.p[25] == 1.0);
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
