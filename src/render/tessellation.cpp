// Triangulation through the core's GEOS adapter (core/geos_ops.hpp).
#include "render/tessellation.hpp"

#include <chrono>
#include <cmath>
#include <fmt/core.h>

#include "core/geo/geos_ops.hpp"

namespace zila {

Tessellation tessellate(const PolygonSet& set, std::span<const std::string> names) {
  auto start = std::chrono::steady_clock::now();
  GeosContext geos;
  Tessellation t;
  t.feature_offsets.reserve(set.feature_count() + 1);
  for (size_t f = 0; f < set.feature_count(); ++f) {
    GeosGeometry feature = GeosGeometry::from_feature(geos, set, f);
    std::optional<std::vector<Point>> triangles = feature ? feature.constrained_triangles() : std::nullopt;
    std::string name = f < names.size() ? names[f] : fmt::format("feature {}", f + 1);
    if (!triangles) {
      // GEOS rejects self-crossing rings: repair and try once more.
      GeosGeometry repaired = feature ? feature.valid_polygons() : GeosGeometry();
      triangles = repaired ? repaired.constrained_triangles() : std::nullopt;
      t.problems.push_back(triangles ? Problem{Severity::warning, Stage::tessellation, "", name, "invalid polygon repaired before triangulation"}
                                     : Problem{Severity::error, Stage::tessellation, "", name, "cannot be triangulated, not filled"});
    } else if (triangles->empty() && set.feature_offsets[f + 1] > set.feature_offsets[f]) {
      // Polygons the adapter leaves out (fewer than 3 vertices, a non-finite coordinate) or with no area.
      t.problems.push_back({Severity::error, Stage::tessellation, "", name, "no triangles (degenerate polygon), not filled"});
    }
    if (triangles) t.vertices.insert(t.vertices.end(), triangles->begin(), triangles->end());
    t.feature_offsets.push_back(static_cast<uint32_t>(t.vertices.size() / 3));
  }
  t.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return t;
}

double tessellated_area(const Tessellation& t, size_t feature) {
  double sum = 0;
  for (uint32_t i = t.feature_offsets[feature]; i < t.feature_offsets[feature + 1]; ++i) {
    const Point &a = t.vertices[3 * i], &b = t.vertices[3 * i + 1], &c = t.vertices[3 * i + 2];
    sum += std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
  }
  return sum;
}

}  // namespace zila
