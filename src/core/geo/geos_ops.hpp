// The GEOS adapter: every use of GEOS in Zila goes through this header, and only geos_ops.cpp includes
// geos_c.h. Callers see a context, owned geometries built from flat PolygonSet features, and the few
// operations Zila needs (label points, contiguity tests, constrained triangulation).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/geo/geometry.hpp"

// GEOS's opaque C types, declared exactly as geos_c.h declares them, so no caller needs that header.
struct GEOSContextHandle_HS;
struct GEOSGeom_t;
struct GEOSPrepGeom_t;

namespace zila {

// One reentrant GEOS context. A context and its geometries must stay on one thread: make one per call
// or per thread. It keeps GEOS's last error message for the caller's exceptions and messages.
class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  const std::string& last_error() const { return last_error_; }

 private:
  friend class GeosGeometry;
  friend class GeosPrepared;
  GEOSContextHandle_HS* handle_;
  std::string last_error_;
};

// An owned GEOS geometry. Null (false) when the operation that made it failed; the context's
// last_error() says why. Its context must outlive it.
class GeosGeometry {
 public:
  GeosGeometry() = default;
  ~GeosGeometry();
  GeosGeometry(GeosGeometry&& other) noexcept;
  GeosGeometry& operator=(GeosGeometry&& other) noexcept;
  GeosGeometry(const GeosGeometry&) = delete;
  GeosGeometry& operator=(const GeosGeometry&) = delete;

  explicit operator bool() const { return geometry_ != nullptr; }

  // All polygons of one feature as a MultiPolygon; rings with fewer than 3 vertices or a non-finite
  // coordinate are left out (a polygon whose outer ring is left out goes with it).
  static GeosGeometry from_feature(GeosContext& context, const PolygonSet& set, size_t feature);
  // Polygon `polygon` of the set (an index into polygon_offsets), by the same rules; null when its outer
  // ring is left out.
  static GeosGeometry from_polygon(GeosContext& context, const PolygonSet& set, size_t polygon);

  GeosGeometry clone() const;
  GeosGeometry boundary() const;
  GeosGeometry buffer(double distance) const;
  GeosGeometry intersection(const GeosGeometry& other) const;
  std::optional<double> length() const;
  // MakeValid, keeping only the polygons (MakeValid may add stray lines and points).
  GeosGeometry valid_polygons() const;
  // Constrained Delaunay triangulation of a polygonal geometry: interior triangles only (holes are
  // respected), 3 vertices per triangle. nullopt when GEOS fails (e.g. a self-crossing ring).
  std::optional<std::vector<Point>> constrained_triangles() const;
  // Centre of the largest circle inside a polygonal geometry, found to within `tolerance` of its radius.
  std::optional<Point> inscribed_circle_centre(double tolerance) const;
  // A point inside a polygonal geometry, found in about linear time (GEOS's point on surface).
  std::optional<Point> point_on_surface() const;

 private:
  friend class GeosPrepared;
  GeosGeometry(GeosContext* context, GEOSGeom_t* geometry) : context_(context), geometry_(geometry) {}
  GeosContext* context_ = nullptr;
  GEOSGeom_t* geometry_ = nullptr;
};

// A prepared geometry for repeated predicates against one geometry (GEOS indexes it lazily).
// The geometry it was made from must outlive it.
class GeosPrepared {
 public:
  explicit GeosPrepared(const GeosGeometry& geometry);
  ~GeosPrepared();
  GeosPrepared(GeosPrepared&& other) noexcept;
  GeosPrepared& operator=(GeosPrepared&& other) = delete;
  GeosPrepared(const GeosPrepared&) = delete;
  GeosPrepared& operator=(const GeosPrepared&) = delete;

  explicit operator bool() const { return prepared_ != nullptr; }
  // nullopt when GEOS fails.
  std::optional<bool> intersects(const GeosGeometry& other) const;
  std::optional<bool> within_distance(const GeosGeometry& other, double distance) const;

 private:
  GeosContext* context_;
  const GEOSPrepGeom_t* prepared_;
};

// A point well inside the feature's largest polygon (centre of its maximum inscribed circle), for labels
// and for testing which parent polygon a district lies in. The work is bounded whatever the vertex count
// or shape: the circle is searched to a tolerance relative to the polygon's extent, and a polygon more
// than 1000 times longer than wide, or whose circle centre is not inside it, gets GEOS's point on surface
// instead. Falls back to the centre of the feature's bounding box when GEOS cannot build the polygon
// (e.g. a non-finite coordinate).
Point label_point(const PolygonSet& set, size_t feature);

}  // namespace zila
