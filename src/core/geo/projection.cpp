#include "core/geo/projection.hpp"

#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <fmt/core.h>

#include "core/error.hpp"

namespace zila {

std::string fitted_albers(const BBox& e) {
  double span = e.max_y - e.min_y;
  double lat_1 = e.min_y + span / 6, lat_2 = e.max_y - span / 6;
  if (span < 1e-6) lat_1 = e.min_y - 1, lat_2 = e.max_y + 1;  // degenerate extent: any cone works
  return fmt::format("+proj=aea +lat_0={:.4f} +lat_1={:.4f} +lat_2={:.4f} +lon_0={:.4f} +datum=WGS84 +units=m +no_defs",
                     (e.min_y + e.max_y) / 2, lat_1, lat_2, (e.min_x + e.max_x) / 2);
}

struct LonLatProjector::State {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
};

LonLatProjector::LonLatProjector(const std::string& target_crs) : state_(std::make_unique<State>()) {
  state_->context = proj_context_create();
  proj_log_level(state_->context, PJ_LOG_NONE);
  PJ* raw = proj_create_crs_to_crs(state_->context, "EPSG:4326", target_crs.c_str(), nullptr);
  if (raw) {
    // EPSG:4326 is lat,lon in PROJ's authority order; visualisation order makes it lon,lat.
    state_->transform = proj_normalize_for_visualization(state_->context, raw);
    proj_destroy(raw);
  }
  if (!state_->transform) {
    std::string reason = proj_context_errno_string(state_->context, proj_context_errno(state_->context));
    proj_context_destroy(state_->context);
    throw Error(fmt::format("cannot use display CRS '{}': {}", target_crs, reason));
  }
}

LonLatProjector::~LonLatProjector() {
  proj_destroy(state_->transform);
  proj_context_destroy(state_->context);
}

Point LonLatProjector::project(Point lonlat) const {
  PJ_COORD c = proj_trans(state_->transform, PJ_FWD, proj_coord(lonlat.x, lonlat.y, 0, 0));
  return {c.xy.x, c.xy.y};
}

Point LonLatProjector::unproject(Point projected) const {
  PJ_COORD c = proj_trans(state_->transform, PJ_INV, proj_coord(projected.x, projected.y, 0, 0));
  return {c.lp.lam, c.lp.phi};
}

PolygonSet LonLatProjector::project(const PolygonSet& lonlat) const {
  PolygonSet out = lonlat;
  // proj_trans_generic transforms the interleaved x/y arrays in place in one call.
  proj_trans_generic(state_->transform, PJ_FWD, &out.vertices[0].x, sizeof(Point), out.vertices.size(),
                     &out.vertices[0].y, sizeof(Point), out.vertices.size(), nullptr, 0, 0, nullptr, 0, 0);
  return out;
}

double geodesic_area_km2(const PolygonSet& lonlat, size_t feature) {
  static const geod_geodesic wgs84 = [] {
    geod_geodesic g;
    geod_init(&g, 6378137, 1 / 298.257223563);
    return g;
  }();
  double total_m2 = 0;
  for (uint32_t p = lonlat.feature_offsets[feature]; p < lonlat.feature_offsets[feature + 1]; ++p) {
    for (uint32_t r = lonlat.polygon_offsets[p]; r < lonlat.polygon_offsets[p + 1]; ++r) {
      auto ring = lonlat.ring(r);
      std::vector<double> lats(ring.size()), lons(ring.size());
      for (size_t i = 0; i < ring.size(); ++i) lats[i] = ring[i].y, lons[i] = ring[i].x;
      double area = 0;
      geod_polygonarea(&wgs84, lats.data(), lons.data(), static_cast<int>(ring.size()), &area, nullptr);
      area = std::abs(area);
      total_m2 += (r == lonlat.polygon_offsets[p]) ? area : -area;
    }
  }
  return total_m2 / 1e6;
}

}  // namespace zila
