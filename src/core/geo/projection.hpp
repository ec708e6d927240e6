// PROJ adapter: lon/lat to a display projection, and geodesic areas. Plain types only.
#pragma once
#include <memory>
#include <string>

#include "core/geo/geometry.hpp"

namespace zila {

// An Albers equal-area conic fitted to a lon/lat extent (standard parallels at 1/6 and 5/6 of its
// latitude span), so areas are true and shapes look right for a country-sized extent.
std::string fitted_albers(const BBox& lonlat_extent);

// Transforms EPSG:4326 lon/lat into `target_crs` (any PROJ string, EPSG:xxxx, WKT), in visualisation
// axis order (x east, y north). Throws zila::Error when PROJ cannot build the transformation.
class LonLatProjector {
 public:
  explicit LonLatProjector(const std::string& target_crs);
  ~LonLatProjector();
  LonLatProjector(const LonLatProjector&) = delete;
  LonLatProjector& operator=(const LonLatProjector&) = delete;

  // Projects a whole polygon set (same offsets, new vertices). Points PROJ cannot project are kept as
  // they were reported by PROJ (infinity); the caller checks.
  PolygonSet project(const PolygonSet& lonlat) const;
  Point project(Point lonlat) const;
  Point unproject(Point projected) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Area on the WGS84 ellipsoid (Karney's algorithm), outer rings minus holes, in km².
double geodesic_area_km2(const PolygonSet& lonlat, size_t feature);

}  // namespace zila
