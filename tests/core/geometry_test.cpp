#include <catch2/catch.hpp>

#include "core/geometry.hpp"

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
