// Plain geometry types shared by the core: flat arrays plus offsets, no GDAL/GEOS types.
#pragma once
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace zila {

struct Point {
  double x = 0;
  double y = 0;
};

struct BBox {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  void expand(Point p) {
    if (p.x < min_x) min_x = p.x;
    if (p.y < min_y) min_y = p.y;
    if (p.x > max_x) max_x = p.x;
    if (p.y > max_y) max_y = p.y;
  }
  void expand(const BBox& b) {
    expand(Point{b.min_x, b.min_y});
    expand(Point{b.max_x, b.max_y});
  }
  bool empty() const { return min_x > max_x; }
  bool contains(Point p) const { return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y; }
  double width() const { return max_x - min_x; }
  double height() const { return max_y - min_y; }
};

// Polygons of many features in flat arrays (earcut/ImGui style):
//   feature f owns polygons [feature_offsets[f], feature_offsets[f+1]),
//   polygon p owns rings    [polygon_offsets[p], polygon_offsets[p+1]) — the first is the outer ring,
//   ring r owns vertices    [ring_offsets[r], ring_offsets[r+1]) — open (no repeated closing vertex).
struct PolygonSet {
  std::vector<Point> vertices;
  std::vector<uint32_t> ring_offsets{0};
  std::vector<uint32_t> polygon_offsets{0};
  std::vector<uint32_t> feature_offsets{0};

  size_t feature_count() const { return feature_offsets.size() - 1; }
  size_t polygon_count() const { return polygon_offsets.size() - 1; }
  size_t ring_count() const { return ring_offsets.size() - 1; }

  std::span<const Point> ring(size_t r) const {
    return {vertices.data() + ring_offsets[r], ring_offsets[r + 1] - ring_offsets[r]};
  }
  BBox feature_bbox(size_t f) const;
  BBox bbox() const;

  // Builders: call begin_feature, then for each polygon begin_polygon and add_ring (outer first).
  void begin_feature() { feature_offsets.push_back(feature_offsets.back()); }
  void begin_polygon() {
    polygon_offsets.push_back(polygon_offsets.back());
    ++feature_offsets.back();
  }
  void add_ring(std::span<const Point> ring_vertices);
  // Copies feature `feature` of `other` as a new feature of this set.
  void append_feature(const PolygonSet& other, size_t feature);
};

// Even-odd point-in-polygon over all rings of one feature (holes and multipolygons included).
bool feature_contains(const PolygonSet& set, size_t feature, Point p);

// Signed area of a ring (shoelace, counter-clockwise positive) in the set's units.
double ring_signed_area(std::span<const Point> ring);

// Planar area of one feature: outer rings minus holes.
double feature_area(const PolygonSet& set, size_t feature);

}  // namespace zila
