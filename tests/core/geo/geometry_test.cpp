#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>

#include "core/geo/geometry.hpp"
#include "core/geo/geos_ops.hpp"

using zila::Point;
using zila::PolygonSet;

namespace {
// A 4x4 square with a 2x2 hole, plus a separate 1x1 square: one feature, two polygons.
PolygonSet square_with_hole_and_island() {
  PolygonSet set;
  set.begin_feature();
  set.begin_polygon();
  std::vector<Point> outer{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
  std::vector<Point> hole{{1, 1}, {1, 3}, {3, 3}, {3, 1}};
  set.add_ring(outer);
  set.add_ring(hole);
  set.begin_polygon();
  std::vector<Point> island{{10, 10}, {11, 10}, {11, 11}, {10, 11}};
  set.add_ring(island);
  return set;
}
}  // namespace

TEST_CASE("A polygon set stores rings open and counts features, polygons and rings") {
  PolygonSet set = square_with_hole_and_island();
  CHECK(set.feature_count() == 1);
  CHECK(set.polygon_count() == 2);
  CHECK(set.ring_count() == 3);
  CHECK(set.ring(0).size() == 4);  // closing vertex dropped
}

TEST_CASE("Point in polygon respects holes and multipolygons") {
  PolygonSet set = square_with_hole_and_island();
  CHECK(feature_contains(set, 0, {0.5, 0.5}));
  CHECK_FALSE(feature_contains(set, 0, {2, 2}));  // in the hole
  CHECK(feature_contains(set, 0, {10.5, 10.5}));  // in the island
  CHECK_FALSE(feature_contains(set, 0, {5, 5}));
}

TEST_CASE("Feature area subtracts holes and adds islands") {
  PolygonSet set = square_with_hole_and_island();
  CHECK(feature_area(set, 0) == Approx(16 - 4 + 1));
  auto box = set.feature_bbox(0);
  CHECK(box.min_x == 0);
  CHECK(box.max_y == 11);
}

TEST_CASE("A feature copied into another set keeps its polygons and rings") {
  PolygonSet source = square_with_hole_and_island();
  PolygonSet target;
  target.begin_feature();
  target.begin_polygon();
  std::vector<Point> first{{-5, -5}, {-4, -5}, {-4, -4}};
  target.add_ring(first);
  target.append_feature(source, 0);
  REQUIRE(target.feature_count() == 2);
  CHECK(target.polygon_count() == 3);
  CHECK(target.ring_count() == 4);
  CHECK(zila::feature_area(target, 1) == Approx(zila::feature_area(source, 0)));
  CHECK(zila::feature_contains(target, 1, {10.5, 10.5}));
  CHECK_FALSE(zila::feature_contains(target, 1, {2, 2}));
}

// ---- label points (GEOS adapter) --------------------------------------------------------------

namespace {
PolygonSet one_ring(const std::vector<Point>& ring) {
  PolygonSet set;
  set.begin_feature();
  set.begin_polygon();
  set.add_ring(ring);
  return set;
}
}  // namespace

TEST_CASE("Label points lie inside holed polygons and their largest part") {
  PolygonSet set = square_with_hole_and_island();
  Point p = zila::label_point(set, 0);
  CHECK(zila::feature_contains(set, 0, p));
  CHECK(p.x < 5);  // on the 4x4 square, not the 1x1 island
}

TEST_CASE("Regression: an empty hole ring or a non-finite vertex does not crash label_point") {
  // An empty hole used to be closed with `i % ring.size()`: a division by zero (SIGFPE).
  PolygonSet holed;
  holed.begin_feature();
  holed.begin_polygon();
  std::vector<Point> outer{{0, 0}, {4, 0}, {4, 4}, {0, 4}};
  holed.add_ring(outer);
  holed.add_ring(std::vector<Point>{});
  CHECK(zila::feature_contains(holed, 0, zila::label_point(holed, 0)));
  // Infinity (a vertex PROJ could not project) used to reach GEOSMaximumInscribedCircle_r.
  const double inf = std::numeric_limits<double>::infinity();
  PolygonSet broken = one_ring({{0, 0}, {4, 0}, {inf, 2}, {0, 4}});
  Point p = zila::label_point(broken, 0);  // the bounding-box fallback: no GEOS call on a non-finite ring
  CHECK(std::isinf(p.x));
}

TEST_CASE("Regression: label_point on a 1M-vertex sliver or circle does bounded work") {
  // GEOS 3.11 starts the inscribed-circle search from cells as wide as the short side: a 1M-vertex
  // zigzag strip 1e6 long and 2e-3 wide never finished (10k vertices already ran for minutes).
  const int n = 1'000'000;
  std::vector<Point> strip;
  strip.reserve(n);
  for (int i = 0; i < n / 2; ++i) strip.push_back({static_cast<double>(i), 1e-3 * (1 + i % 2)});
  for (int i = n / 2 - 1; i >= 0; --i) strip.push_back({static_cast<double>(i), 0});
  PolygonSet sliver = one_ring(strip);
  auto start = std::chrono::steady_clock::now();
  Point p = zila::label_point(sliver, 0);
  double sliver_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(zila::feature_contains(sliver, 0, p));
  CHECK(sliver_s < 60);  // ~0.4 s here; unbounded before

  std::vector<Point> circle;
  circle.reserve(n);
  for (int i = 0; i < n; ++i) {
    double a = 2 * M_PI * i / n;
    circle.push_back({1e5 * std::cos(a), 1e5 * std::sin(a)});
  }
  PolygonSet round = one_ring(circle);
  Point c = zila::label_point(round, 0);
  CHECK(std::hypot(c.x, c.y) < 1e5 / 100);  // the centre, within the search tolerance
}
