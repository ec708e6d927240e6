// The grid point locator answers exactly as the plain ray test does, including on edges and vertices.
#include <catch2/catch.hpp>

#include <chrono>
#include <limits>
#include <random>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/geo/point_locator.hpp"

namespace {

// The definition PointLocator must reproduce: the first feature whose box and rings hold the point.
int32_t reference_locate(const zila::PolygonSet& set, zila::Point p) {
  for (size_t f = 0; f < set.feature_count(); ++f) {
    if (set.feature_bbox(f).contains(p) && zila::feature_contains(set, f, p)) return static_cast<int32_t>(f);
  }
  return -1;
}

// Both ways of asking, one point at a time (locate) and many at once (locate_all, in batches that
// fetch ahead), give the reference answer.
void check_against_reference(const zila::PolygonSet& set, size_t random_points) {
  zila::PointLocator locator(set);
  zila::BBox box = set.bbox();
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> x(box.min_x - 0.1, box.max_x + 0.1), y(box.min_y - 0.1, box.max_y + 0.1);
  std::vector<zila::Point> points;
  for (size_t i = 0; i < random_points; ++i) points.push_back({x(random), y(random)});
  // Vertices, edge midpoints and points a hair off them: where a shortcut would go wrong.
  for (size_t r = 0; r < set.ring_count(); ++r) {
    auto ring = set.ring(r);
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      zila::Point mid{(ring[i].x + ring[j].x) / 2, (ring[i].y + ring[j].y) / 2};
      for (zila::Point p : {ring[i], mid, zila::Point{mid.x + 1e-12, mid.y}, zila::Point{mid.x, mid.y - 1e-10},
                            zila::Point{ring[i].x - 1e-8, ring[i].y + 1e-8}}) {
        points.push_back(p);
      }
    }
  }
  // The extent's corners and a point without coordinates.
  points.push_back({box.min_x, box.min_y});
  points.push_back({box.max_x, box.max_y});
  points.push_back({std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()});
  std::vector<double> lon, lat;
  for (zila::Point p : points) lon.push_back(p.x), lat.push_back(p.y);
  std::vector<int32_t> all(points.size(), -7);
  locator.locate_all(lon, lat, all);
  size_t mismatches = 0, mismatches_of_all = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const int32_t expected = reference_locate(set, points[i]);
    mismatches += locator.locate(points[i].x, points[i].y) != expected;
    mismatches_of_all += all[i] != expected;
  }
  CHECK(mismatches == 0);
  CHECK(mismatches_of_all == 0);
}

}  // namespace

TEST_CASE("The point locator matches the ray test on the fixture districts", "[join]") {
  zila::BoundaryOptions options;
  options.path = std::string(ZILA_FIXTURES_DIR) + "/districts.geojson";
  check_against_reference(zila::load_boundaries(options).lonlat, 20000);
}

TEST_CASE("The point locator matches the ray test on PAK ADM2, vertices and edges included", "[join]") {
  zila::BoundaryOptions options;
  options.path = std::string(ZILA_SHARED_DIR) + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  check_against_reference(zila::load_boundaries(options).lonlat, 20000);
}

TEST_CASE("Overlapping and nested polygons: the lowest feature index wins, holes are outside", "[join]") {
  zila::PolygonSet set;
  auto square = [](double x0, double y0, double size) {
    return std::vector<zila::Point>{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}};
  };
  set.begin_feature();
  set.begin_polygon();
  set.add_ring(square(0, 0, 10));
  set.add_ring(square(4, 4, 2));  // a hole
  set.begin_feature();
  set.begin_polygon();
  set.add_ring(square(5, 5, 10));  // overlaps the first
  zila::PointLocator locator(set);
  CHECK(locator.locate(1, 1) == 0);
  CHECK(locator.locate(4.5, 4.5) == -1);
  CHECK(locator.locate(7, 7) == 0);
  CHECK(locator.locate(12, 12) == 1);
  check_against_reference(set, 50000);
}

TEST_CASE("Regression: a 1M-vertex sliver builds the locator in bounded memory and time", "[join]") {
  // 7.5 degrees long, 2e-5 degrees wide: the fine grid cut the short side into 500 rows finer than the
  // edge margin and filed every zigzag edge in each of them (12 GB, minutes).
  const int n = 1'000'000;
  std::vector<zila::Point> ring;
  ring.reserve(n);
  for (int i = 0; i < n / 2; ++i) ring.push_back({60 + 15.0 * i / n, 30 + 1e-5 * (1 + i % 2)});
  for (int i = n / 2 - 1; i >= 0; --i) ring.push_back({60 + 15.0 * i / n, 30});
  zila::PolygonSet set;
  set.begin_feature();
  set.begin_polygon();
  set.add_ring(ring);
  auto start = std::chrono::steady_clock::now();
  zila::PointLocator locator(set);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 60);  // under a second here
  for (zila::Point p : {zila::Point{63.3, 30.000005}, zila::Point{61.00001, 30.000003}, zila::Point{63.3, 30.00003},
                        zila::Point{63.3, 29.99999}, zila::Point{59.9, 30.000005}, zila::Point{66, 30.0000151}}) {
    INFO(p.x << ", " << p.y);
    CHECK(locator.locate(p.x, p.y) == reference_locate(set, p));
  }
  CHECK(locator.locate(63.3, 30.000005) == 0);
}
