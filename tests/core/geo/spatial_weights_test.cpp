#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include <filesystem>
#include <string>

#include "core/geo/boundaries.hpp"
#include "core/geo/spatial_weights.hpp"
#include "lattice.hpp"

using namespace zila;

namespace {
// Tolerance far below the lattice spacing: the unit squares share their edges exactly.
ContiguityOptions exact(Contiguity rule) { return {rule, 1e-6, 1e-3}; }

std::vector<uint32_t> neighbours(const SpatialWeights& w, size_t i) {
  auto row = w.neighbours_of(i);
  return {row.begin(), row.end()};
}
}  // namespace

TEST_CASE("Rook contiguity of a 5x5 lattice: corners 2, edges 3, interior 4 neighbours", "[hotspot]") {
  SpatialWeights w = contiguity_weights(test::unit_square_lattice(5, 5), exact(Contiguity::rook));
  REQUIRE(w.size() == 25);
  CHECK(w.neighbour_count(0) == 2);
  CHECK(w.neighbour_count(2) == 3);
  CHECK(w.neighbour_count(12) == 4);
  CHECK(neighbours(w, 0) == std::vector<uint32_t>{1, 5});
  CHECK(neighbours(w, 12) == std::vector<uint32_t>{7, 11, 13, 17});
  CHECK(w.islands.empty());
  CHECK(w.neighbours.size() == 2 * 40);  // 40 shared edges, each stored twice
}

TEST_CASE("Queen contiguity of a 5x5 lattice: corners 3, edges 5, interior 8 neighbours", "[hotspot]") {
  SpatialWeights w = contiguity_weights(test::unit_square_lattice(5, 5), exact(Contiguity::queen));
  CHECK(w.neighbour_count(0) == 3);
  CHECK(w.neighbour_count(2) == 5);
  CHECK(w.neighbour_count(12) == 8);
  CHECK(neighbours(w, 0) == std::vector<uint32_t>{1, 5, 6});
}

TEST_CASE("Weights are row-standardised and symmetric in structure", "[hotspot]") {
  SpatialWeights w = contiguity_weights(test::unit_square_lattice(5, 5), exact(Contiguity::queen));
  for (size_t i = 0; i < w.size(); ++i) {
    auto row = w.weights_of(i);
    CHECK(std::accumulate(row.begin(), row.end(), 0.0) == Approx(1.0));
    for (uint32_t j : w.neighbours_of(i)) {
      auto back = w.neighbours_of(j);
      CHECK(std::find(back.begin(), back.end(), i) != back.end());
    }
  }
}

TEST_CASE("Contiguity with zero tolerance uses exact intersection", "[hotspot]") {
  SpatialWeights rook = contiguity_weights(test::unit_square_lattice(3, 3), {Contiguity::rook, 0.0, 0.0});
  SpatialWeights queen = contiguity_weights(test::unit_square_lattice(3, 3), {Contiguity::queen, 0.0, 0.0});
  CHECK(rook.neighbour_count(4) == 4);
  CHECK(queen.neighbour_count(4) == 8);
  CHECK(rook.neighbour_count(0) == 2);
}

TEST_CASE("A district far from all others is listed as an island, not an error", "[hotspot]") {
  PolygonSet set = test::unit_square_lattice(5, 5);
  test::add_square(set, 100, 100, 1);
  SpatialWeights w = contiguity_weights(set, exact(Contiguity::queen));
  REQUIRE(w.size() == 26);
  CHECK(w.islands == std::vector<uint32_t>{25});
  CHECK(w.neighbour_count(25) == 0);
  CHECK(w.weights_of(25).empty());
}

TEST_CASE("A feature without polygons is an island", "[hotspot]") {
  PolygonSet set = test::unit_square_lattice(1, 2);
  set.begin_feature();
  SpatialWeights w = contiguity_weights(set, exact(Contiguity::rook));
  CHECK(w.islands == std::vector<uint32_t>{2});
  CHECK(w.neighbour_count(0) == 1);
}

TEST_CASE("The tolerance closes small gaps between boundaries but not large ones", "[hotspot]") {
  PolygonSet set;
  test::add_square(set, 0, 0, 1);
  test::add_square(set, 1.0001, 0, 1);  // a 0.0001 sliver gap, as simplified boundary files have
  CHECK(contiguity_weights(set, {Contiguity::rook, 0.001, 0.01}).neighbour_count(0) == 1);
  CHECK(contiguity_weights(set, {Contiguity::queen, 0.001, 0.01}).neighbour_count(0) == 1);
  CHECK(contiguity_weights(set, {Contiguity::queen, 0.00001, 0.01}).neighbour_count(0) == 0);
}

TEST_CASE("A corner touch is queen but not rook contiguity, even with a tolerance", "[hotspot]") {
  PolygonSet set;
  test::add_square(set, 0, 0, 1);
  test::add_square(set, 1, 1, 1);
  CHECK(contiguity_weights(set, {Contiguity::queen, 0.001, 0.01}).neighbour_count(0) == 1);
  CHECK(contiguity_weights(set, {Contiguity::rook, 0.001, 0.01}).neighbour_count(0) == 0);
}

TEST_CASE("Rook contiguity holds for a multipolygon district with a hole", "[hotspot]") {
  PolygonSet set;
  set.begin_feature();  // a 3x3 square with a 1x1 hole, plus a detached piece at x = 10
  set.begin_polygon();
  std::vector<Point> outer{{0, 0}, {3, 0}, {3, 3}, {0, 3}};
  std::vector<Point> hole{{1, 1}, {1, 2}, {2, 2}, {2, 1}};
  set.add_ring(outer);
  set.add_ring(hole);
  set.begin_polygon();
  std::vector<Point> piece{{10, 0}, {11, 0}, {11, 1}, {10, 1}};
  set.add_ring(piece);
  test::add_square(set, 1, 1, 1);   // fills the hole: shares its whole boundary
  test::add_square(set, 11, 0, 1);  // touches the detached piece
  SpatialWeights w = contiguity_weights(set, exact(Contiguity::rook));
  CHECK(neighbours(w, 0) == std::vector<uint32_t>{1, 2});
  CHECK(w.islands.empty());
}

TEST_CASE("k nearest neighbours pick the closest points, ties to the lower index", "[hotspot]") {
  std::vector<Point> points{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {10, 0}};
  SpatialWeights w = knn_weights(points, 2);
  CHECK(neighbours(w, 0) == std::vector<uint32_t>{1, 2});
  CHECK(neighbours(w, 1) == std::vector<uint32_t>{0, 2});  // 0 and 2 tie at distance 1
  CHECK(neighbours(w, 4) == std::vector<uint32_t>{2, 3});
  CHECK(w.weights_of(4)[0] == Approx(0.5));
  CHECK(knn_weights(points, 10).neighbour_count(0) == 4);  // k clamped to n - 1
}

TEST_CASE("Pakistan ADM2 contiguity: no islands, and the two Waziristans are neighbours", "[hotspot]") {
  const std::string path = std::string(ZILA_SHARED_DIR) + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  if (!std::filesystem::exists(path)) {
    WARN("SKIPPED: " << path << " is absent (the shared real-data folder)");
    return;
  }
  BoundaryOptions options;
  options.path = path;
  Boundaries districts = load_boundaries(options);
  auto index_of = [&](const std::string& name) {
    return static_cast<uint32_t>(std::find(districts.names.begin(), districts.names.end(), name) - districts.names.begin());
  };
  const uint32_t north = index_of("North Waziristan"), south = index_of("South Waziristan");
  REQUIRE(north < districts.size());
  REQUIRE(south < districts.size());
  for (Contiguity rule : {Contiguity::queen, Contiguity::rook}) {
    SpatialWeights w = contiguity_weights(districts.lonlat, {.rule = rule});
    CHECK(w.islands.empty());
    auto row = w.neighbours_of(north);
    CHECK(std::find(row.begin(), row.end(), south) != row.end());
  }
}
