// The only file that includes geos_c.h (see geos_ops.hpp).
#include "core/geo/geos_ops.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace zila {
namespace {

void remember_error(const char* message, void* last_error) {
  *static_cast<std::string*>(last_error) = message ? message : "";
}

bool all_finite(std::span<const Point> ring) {
  return std::all_of(ring.begin(), ring.end(), [](Point p) { return std::isfinite(p.x) && std::isfinite(p.y); });
}

// A closed GEOS linear ring from an open ring of a set; nullptr for a ring GEOS must not see: fewer
// than 3 vertices, or a non-finite coordinate (GEOS's algorithms assume finite coordinates).
GEOSGeometry* make_ring(GEOSContextHandle_t handle, std::span<const Point> ring) {
  if (ring.size() < 3 || !all_finite(ring)) return nullptr;
  std::vector<double> xy;
  xy.reserve(2 * (ring.size() + 1));
  for (const Point& p : ring) xy.insert(xy.end(), {p.x, p.y});
  xy.insert(xy.end(), {ring[0].x, ring[0].y});
  GEOSCoordSequence* sequence =
      GEOSCoordSeq_copyFromBuffer_r(handle, xy.data(), static_cast<unsigned>(ring.size() + 1), 0, 0);
  return sequence ? GEOSGeom_createLinearRing_r(handle, sequence) : nullptr;
}

// Polygon p of the set; nullptr when its outer ring is unusable. Unusable holes are left out.
GEOSGeometry* make_polygon(GEOSContextHandle_t handle, const PolygonSet& set, size_t p) {
  uint32_t first = set.polygon_offsets[p], last = set.polygon_offsets[p + 1];
  if (first == last) return nullptr;
  GEOSGeometry* shell = make_ring(handle, set.ring(first));
  if (!shell) return nullptr;
  std::vector<GEOSGeometry*> holes;
  for (uint32_t r = first + 1; r < last; ++r) {
    if (GEOSGeometry* hole = make_ring(handle, set.ring(r))) holes.push_back(hole);
  }
  // The polygon takes ownership of the rings (not of the array), also when it fails.
  return GEOSGeom_createPolygon_r(handle, shell, holes.data(), static_cast<unsigned>(holes.size()));
}

}  // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, &remember_error, &last_error_);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

GeosGeometry::~GeosGeometry() {
  if (geometry_) GEOSGeom_destroy_r(context_->handle_, geometry_);
}

GeosGeometry::GeosGeometry(GeosGeometry&& other) noexcept
    : context_(other.context_), geometry_(std::exchange(other.geometry_, nullptr)) {}

GeosGeometry& GeosGeometry::operator=(GeosGeometry&& other) noexcept {
  if (this != &other) {
    if (geometry_) GEOSGeom_destroy_r(context_->handle_, geometry_);
    context_ = other.context_;
    geometry_ = std::exchange(other.geometry_, nullptr);
  }
  return *this;
}

GeosGeometry GeosGeometry::from_feature(GeosContext& context, const PolygonSet& set, size_t feature) {
  GEOSContextHandle_t handle = context.handle_;
  std::vector<GEOSGeometry*> polygons;
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    if (GEOSGeometry* polygon = make_polygon(handle, set, p)) polygons.push_back(polygon);
  }
  // The collection takes ownership of the polygons (not of the array).
  return {&context, GEOSGeom_createCollection_r(handle, GEOS_MULTIPOLYGON, polygons.data(),
                                                static_cast<unsigned>(polygons.size()))};
}

GeosGeometry GeosGeometry::from_polygon(GeosContext& context, const PolygonSet& set, size_t polygon) {
  return {&context, make_polygon(context.handle_, set, polygon)};
}

GeosGeometry GeosGeometry::clone() const { return {context_, GEOSGeom_clone_r(context_->handle_, geometry_)}; }

GeosGeometry GeosGeometry::boundary() const { return {context_, GEOSBoundary_r(context_->handle_, geometry_)}; }

GeosGeometry GeosGeometry::buffer(double distance) const {
  const int quadrant_segments = 4;  // arcs of the buffer: coarse is enough for a distance tolerance
  return {context_, GEOSBuffer_r(context_->handle_, geometry_, distance, quadrant_segments)};
}

GeosGeometry GeosGeometry::intersection(const GeosGeometry& other) const {
  return {context_, GEOSIntersection_r(context_->handle_, geometry_, other.geometry_)};
}

std::optional<double> GeosGeometry::length() const {
  double length = 0;
  if (!GEOSLength_r(context_->handle_, geometry_, &length)) return std::nullopt;
  return length;
}

GeosGeometry GeosGeometry::valid_polygons() const {
  GEOSContextHandle_t handle = context_->handle_;
  GeosGeometry valid{context_, GEOSMakeValid_r(handle, geometry_)};
  if (!valid) return {};
  std::vector<GEOSGeometry*> polygons;
  for (int i = 0; i < GEOSGetNumGeometries_r(handle, valid.geometry_); ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(handle, valid.geometry_, i);
    int type = GEOSGeomTypeId_r(handle, part);
    if (type == GEOS_POLYGON) {
      polygons.push_back(GEOSGeom_clone_r(handle, part));
    } else if (type == GEOS_MULTIPOLYGON) {
      for (int k = 0; k < GEOSGetNumGeometries_r(handle, part); ++k)
        polygons.push_back(GEOSGeom_clone_r(handle, GEOSGetGeometryN_r(handle, part, k)));
    }
  }
  return {context_, GEOSGeom_createCollection_r(handle, GEOS_MULTIPOLYGON, polygons.data(),
                                                static_cast<unsigned>(polygons.size()))};
}

std::optional<std::vector<Point>> GeosGeometry::constrained_triangles() const {
  GEOSContextHandle_t handle = context_->handle_;
  GeosGeometry triangles{context_, GEOSConstrainedDelaunayTriangulation_r(handle, geometry_)};
  if (!triangles) return std::nullopt;
  std::vector<Point> vertices;
  int count = GEOSGetNumGeometries_r(handle, triangles.geometry_);
  vertices.reserve(3 * static_cast<size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) {
    const GEOSGeometry* ring = GEOSGetExteriorRing_r(handle, GEOSGetGeometryN_r(handle, triangles.geometry_, i));
    const GEOSCoordSequence* sequence = ring ? GEOSGeom_getCoordSeq_r(handle, ring) : nullptr;
    if (!sequence) return std::nullopt;
    for (unsigned k = 0; k < 3; ++k) {
      Point p;
      if (!GEOSCoordSeq_getXY_r(handle, sequence, k, &p.x, &p.y)) return std::nullopt;
      vertices.push_back(p);
    }
  }
  return vertices;
}

std::optional<Point> GeosGeometry::inscribed_circle_centre(double tolerance) const {
  GEOSContextHandle_t handle = context_->handle_;
  // GEOS answers with the radius line: from the centre to the nearest boundary point.
  GeosGeometry line{context_, GEOSMaximumInscribedCircle_r(handle, geometry_, tolerance)};
  if (!line) return std::nullopt;
  GeosGeometry centre{context_, GEOSGeomGetStartPoint_r(handle, line.geometry_)};
  Point p;
  if (!centre || !GEOSGeomGetX_r(handle, centre.geometry_, &p.x) || !GEOSGeomGetY_r(handle, centre.geometry_, &p.y)) {
    return std::nullopt;
  }
  return p;
}

std::optional<Point> GeosGeometry::point_on_surface() const {
  GEOSContextHandle_t handle = context_->handle_;
  GeosGeometry point{context_, GEOSPointOnSurface_r(handle, geometry_)};
  Point p;
  if (!point || !GEOSGeomGetX_r(handle, point.geometry_, &p.x) || !GEOSGeomGetY_r(handle, point.geometry_, &p.y)) {
    return std::nullopt;
  }
  return p;
}

GeosPrepared::GeosPrepared(const GeosGeometry& geometry)
    : context_(geometry.context_),
      prepared_(geometry ? GEOSPrepare_r(geometry.context_->handle_, geometry.geometry_) : nullptr) {}

GeosPrepared::~GeosPrepared() {
  if (prepared_) GEOSPreparedGeom_destroy_r(context_->handle_, prepared_);
}

GeosPrepared::GeosPrepared(GeosPrepared&& other) noexcept
    : context_(other.context_), prepared_(std::exchange(other.prepared_, nullptr)) {}

std::optional<bool> GeosPrepared::intersects(const GeosGeometry& other) const {
  char answer = GEOSPreparedIntersects_r(context_->handle_, prepared_, other.geometry_);
  if (answer == 2) return std::nullopt;
  return answer == 1;
}

std::optional<bool> GeosPrepared::within_distance(const GeosGeometry& other, double distance) const {
  char answer = GEOSPreparedDistanceWithin_r(context_->handle_, prepared_, other.geometry_, distance);
  if (answer == 2) return std::nullopt;
  return answer == 1;
}

Point label_point(const PolygonSet& set, size_t feature) {
  // The largest polygon by outer-ring area carries the label.
  uint32_t best = set.feature_offsets[feature];
  double best_area = -1;
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    double area = std::abs(ring_signed_area(set.ring(set.polygon_offsets[p])));
    if (area > best_area) best_area = area, best = p;
  }
  BBox box = set.feature_bbox(feature);
  const Point fallback{(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};

  // One context per thread: label points are asked for district by district.
  thread_local GeosContext context;
  GeosGeometry polygon = GeosGeometry::from_polygon(context, set, best);
  if (!polygon) return fallback;
  BBox extent;
  for (Point p : set.ring(set.polygon_offsets[best])) extent.expand(p);
  const double longest = std::max(extent.width(), extent.height());
  const double shortest = std::min(extent.width(), extent.height());
  // GEOS starts the circle search from a grid of square cells as wide as the polygon's short side: a
  // long sliver would need millions of them. Past this aspect ratio the point on surface does.
  const double max_aspect_ratio = 1000;
  if (!(shortest * max_aspect_ratio >= longest)) return polygon.point_on_surface().value_or(fallback);
  // The search stops when the circle cannot grow by more than the tolerance; relative to the area (label
  // placement) but never below a thousandth of the extent, which bounds the cells GEOS refines.
  const double tolerance = std::max(std::sqrt(best_area) / 200, longest / 1000);
  // GEOS 3.11 seeds the search with the centroid: stopped at that tolerance in a thin curved polygon, it
  // can end outside. The point on surface is inside by construction.
  std::optional<Point> centre = polygon.inscribed_circle_centre(tolerance);
  if (centre && feature_contains(set, feature, *centre)) return *centre;
  return polygon.point_on_surface().value_or(fallback);
}

}  // namespace zila
