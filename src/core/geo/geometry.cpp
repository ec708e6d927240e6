#include "core/geo/geometry.hpp"

#include <cmath>

namespace zila {

void PolygonSet::add_ring(std::span<const Point> ring_vertices) {
  size_t n = ring_vertices.size();
  // Store rings open: drop the closing vertex GDAL/GeoJSON repeat.
  if (n > 1 && ring_vertices[0].x == ring_vertices[n - 1].x && ring_vertices[0].y == ring_vertices[n - 1].y) --n;
  vertices.insert(vertices.end(), ring_vertices.begin(), ring_vertices.begin() + static_cast<std::ptrdiff_t>(n));
  ring_offsets.push_back(static_cast<uint32_t>(vertices.size()));
  ++polygon_offsets.back();
}

void PolygonSet::append_feature(const PolygonSet& other, size_t feature) {
  begin_feature();
  for (uint32_t p = other.feature_offsets[feature]; p < other.feature_offsets[feature + 1]; ++p) {
    begin_polygon();
    for (uint32_t r = other.polygon_offsets[p]; r < other.polygon_offsets[p + 1]; ++r) add_ring(other.ring(r));
  }
}

BBox PolygonSet::feature_bbox(size_t f) const {
  BBox box;
  uint32_t first_ring = polygon_offsets[feature_offsets[f]];
  uint32_t last_ring = polygon_offsets[feature_offsets[f + 1]];
  for (uint32_t v = ring_offsets[first_ring]; v < ring_offsets[last_ring]; ++v) box.expand(vertices[v]);
  return box;
}

BBox PolygonSet::bbox() const {
  BBox box;
  for (const Point& p : vertices) box.expand(p);
  return box;
}

bool feature_contains(const PolygonSet& set, size_t feature, Point p) {
  bool inside = false;
  uint32_t first_ring = set.polygon_offsets[set.feature_offsets[feature]];
  uint32_t last_ring = set.polygon_offsets[set.feature_offsets[feature + 1]];
  for (uint32_t r = first_ring; r < last_ring; ++r) {
    auto ring = set.ring(r);
    size_t n = ring.size();
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
      const Point& a = ring[i];
      const Point& b = ring[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

double ring_signed_area(std::span<const Point> ring) {
  double twice = 0;
  size_t n = ring.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) twice += (ring[j].x * ring[i].y) - (ring[i].x * ring[j].y);
  return twice / 2;
}

double feature_area(const PolygonSet& set, size_t feature) {
  double area = 0;
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    for (uint32_t r = set.polygon_offsets[p]; r < set.polygon_offsets[p + 1]; ++r) {
      double a = std::abs(ring_signed_area(set.ring(r)));
      area += (r == set.polygon_offsets[p]) ? a : -a;
    }
  }
  return area;
}

}  // namespace zila
