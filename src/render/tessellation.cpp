// Triangulation through the core's GEOS adapter (core/geos_ops.hpp).
#include "render/tessellation.hpp"

#include <chrono>
#include <cmath>
#include <fmt/core.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/geo/geos_ops.hpp"

namespace zila {

Tessellation tessellate(const PolygonSet& set, std::span<const std::string> names) {
  auto start = std::chrono::steady_clock::now();
  // Features on all cores, each with its thread's GEOS context (a context stays on one thread); the
  // results are joined in feature order, so the triangles are those of one thread.
  struct Feature {
    std::vector<Point> triangles;
    std::optional<Problem> problem;
  };
  std::vector<Feature> features(set.feature_count());
  tbb::enumerable_thread_specific<GeosContext> contexts;
  tbb::parallel_for(size_t{0}, set.feature_count(), [&](size_t f) {
    GeosContext& geos = contexts.local();
    GeosGeometry feature = GeosGeometry::from_feature(geos, set, f);
    std::optional<std::vector<Point>> triangles = feature ? feature.constrained_triangles() : std::nullopt;
    std::string name = f < names.size() ? names[f] : fmt::format("feature {}", f + 1);
    if (!triangles) {
      // GEOS rejects self-crossing rings: repair and try once more.
      GeosGeometry repaired = feature ? feature.valid_polygons() : GeosGeometry();
      triangles = repaired ? repaired.constrained_triangles() : std::nullopt;
      features[f].problem = triangles ? Problem{Severity::warning, Stage::tessellation, "", name, "invalid polygon repaired before triangulation"}
                                      : Problem{Severity::error, Stage::tessellation, "", name, "cannot be triangulated, not filled"};
    } else if (triangles->empty() && set.feature_offsets[f + 1] > set.feature_offsets[f]) {
      // Polygons the adapter leaves out (fewer than 3 vertices, a non-finite coordinate) or with no area.
      features[f].problem = Problem{Severity::error, Stage::tessellation, "", name, "no triangles (degenerate polygon), not filled"};
    }
    if (triangles) features[f].triangles = std::move(*triangles);
  });
  Tessellation t;
  t.feature_offsets.reserve(set.feature_count() + 1);
  size_t vertex_count = 0;
  for (const Feature& f : features) vertex_count += f.triangles.size();
  t.vertices.reserve(vertex_count);
  for (Feature& f : features) {
    t.vertices.insert(t.vertices.end(), f.triangles.begin(), f.triangles.end());
    t.feature_offsets.push_back(static_cast<uint32_t>(t.vertices.size() / 3));
    if (f.problem) t.problems.push_back(std::move(*f.problem));
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
