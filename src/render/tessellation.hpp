// Triangulating district polygons once at load (GEOS constrained Delaunay). No GL: unit-testable.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/geo/geometry.hpp"
#include "core/problems.hpp"

namespace zila {

struct Tessellation {
  std::vector<Point> vertices;               // 3 per triangle, counter-clockwise not guaranteed
  std::vector<uint32_t> feature_offsets{0};  // feature f owns triangles [offsets[f], offsets[f+1])
  std::vector<Problem> problems;             // repaired or unfilled features (stage tessellation), by name
  double ms = 0;                             // wall time of the whole tessellation

  size_t triangle_count() const { return vertices.size() / 3; }
};

// Holes are respected (GEOS returns only interior triangles). A feature GEOS rejects (self-crossing
// rings) is repaired with MakeValid and tried again; one that still fails, or whose polygons give no
// triangles (degenerate rings), gets none and a problem. `names` (optional, one per feature) only
// labels the problems.
Tessellation tessellate(const PolygonSet& set, std::span<const std::string> names = {});

// Sum of the absolute triangle areas of one feature.
double tessellated_area(const Tessellation& t, size_t feature);

}  // namespace zila
