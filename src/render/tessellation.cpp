// GEOS (C API, reentrant) is confined to this file within src/render.
#include "render/tessellation.hpp"

#include <geos_c.h>

#include <chrono>
#include <cmath>
#include <fmt/core.h>

namespace zila {
namespace {

// GEOS reports through printf-style callbacks; failures are detected by null results instead.
void ignore_message(const char*, ...) {}

struct GeosContext {
  GEOSContextHandle_t handle = GEOS_init_r();
  GeosContext() {
    GEOSContext_setErrorHandler_r(handle, ignore_message);
    GEOSContext_setNoticeHandler_r(handle, ignore_message);
  }
  ~GeosContext() { GEOS_finish_r(handle); }
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
};

// Owns one GEOS geometry.
struct Geom {
  GEOSContextHandle_t ctx;
  GEOSGeometry* g;
  Geom(GEOSContextHandle_t c, GEOSGeometry* geometry) : ctx(c), g(geometry) {}
  ~Geom() {
    if (g) GEOSGeom_destroy_r(ctx, g);
  }
  Geom(const Geom&) = delete;
  Geom& operator=(const Geom&) = delete;
};

GEOSGeometry* make_ring(GEOSContextHandle_t ctx, std::span<const Point> ring) {
  // Our rings are open; GEOS wants them closed.
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ring.size() + 1), 2);
  for (size_t i = 0; i <= ring.size(); ++i) {
    const Point& p = ring[i % ring.size()];
    GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), p.x, p.y);
  }
  return GEOSGeom_createLinearRing_r(ctx, seq);
}

GEOSGeometry* make_feature(GEOSContextHandle_t ctx, const PolygonSet& set, size_t feature) {
  std::vector<GEOSGeometry*> polygons;
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    uint32_t first = set.polygon_offsets[p], last = set.polygon_offsets[p + 1];
    if (first == last || set.ring(first).size() < 3) continue;
    std::vector<GEOSGeometry*> holes;
    for (uint32_t r = first + 1; r < last; ++r)
      if (set.ring(r).size() >= 3) holes.push_back(make_ring(ctx, set.ring(r)));
    polygons.push_back(GEOSGeom_createPolygon_r(ctx, make_ring(ctx, set.ring(first)), holes.data(),
                                                static_cast<unsigned>(holes.size())));
  }
  return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()));
}

// MakeValid may return a collection mixing polygons with stray lines and points: keep the polygons.
GEOSGeometry* polygonal_part(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
  std::vector<GEOSGeometry*> polygons;
  int n = GEOSGetNumGeometries_r(ctx, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, g, i);
    int type = GEOSGeomTypeId_r(ctx, part);
    if (type == GEOS_POLYGON) {
      polygons.push_back(GEOSGeom_clone_r(ctx, part));
    } else if (type == GEOS_MULTIPOLYGON) {
      for (int k = 0; k < GEOSGetNumGeometries_r(ctx, part); ++k)
        polygons.push_back(GEOSGeom_clone_r(ctx, GEOSGetGeometryN_r(ctx, part, k)));
    }
  }
  return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()));
}

bool append_triangles(GEOSContextHandle_t ctx, const GEOSGeometry* triangles, std::vector<Point>& out) {
  int n = GEOSGetNumGeometries_r(ctx, triangles);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* ring = GEOSGetExteriorRing_r(ctx, GEOSGetGeometryN_r(ctx, triangles, i));
    const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
    if (!seq) return false;
    for (unsigned k = 0; k < 3; ++k) {
      Point p;
      if (!GEOSCoordSeq_getXY_r(ctx, seq, k, &p.x, &p.y)) return false;
      out.push_back(p);
    }
  }
  return true;
}

}  // namespace

Tessellation tessellate(const PolygonSet& set, std::span<const std::string> names) {
  auto start = std::chrono::steady_clock::now();
  GeosContext geos;
  GEOSContextHandle_t ctx = geos.handle;
  Tessellation t;
  t.feature_offsets.reserve(set.feature_count() + 1);
  for (size_t f = 0; f < set.feature_count(); ++f) {
    std::string name = f < names.size() ? names[f] : fmt::format("feature {}", f + 1);
    Geom feature(ctx, make_feature(ctx, set, f));
    Geom triangles(ctx, GEOSConstrainedDelaunayTriangulation_r(ctx, feature.g));
    if (!triangles.g) {
      Geom valid(ctx, GEOSMakeValid_r(ctx, feature.g));
      Geom polygons(ctx, valid.g ? polygonal_part(ctx, valid.g) : nullptr);
      triangles.g = polygons.g ? GEOSConstrainedDelaunayTriangulation_r(ctx, polygons.g) : nullptr;
      t.messages.push_back(triangles.g ? fmt::format("{}: invalid polygon repaired before triangulation", name)
                                       : fmt::format("{}: cannot be triangulated, not filled", name));
    }
    size_t before = t.vertices.size();
    if (triangles.g && !append_triangles(ctx, triangles.g, t.vertices)) {
      t.vertices.resize(before);
      t.messages.push_back(fmt::format("{}: unexpected triangulation output, not filled", name));
    }
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
