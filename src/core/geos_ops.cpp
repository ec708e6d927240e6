#include "geos_ops.hpp"

#include <geos_c.h>

#include <cmath>
#include <vector>

namespace zila {
namespace {

// One GEOS context per thread: the reentrant API is not safe to share across threads.
GEOSContextHandle_t geos_context() {
  thread_local struct Holder {
    GEOSContextHandle_t handle = GEOS_init_r();
    ~Holder() { GEOS_finish_r(handle); }
  } holder;
  return holder.handle;
}

GEOSGeometry* make_ring(GEOSContextHandle_t ctx, std::span<const Point> ring) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ring.size() + 1), 2);
  for (size_t i = 0; i <= ring.size(); ++i) {
    const Point& p = ring[i % ring.size()];  // close the ring
    GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), p.x, p.y);
  }
  return GEOSGeom_createLinearRing_r(ctx, seq);
}

}  // namespace

Point label_point(const PolygonSet& set, size_t feature) {
  // The largest polygon by outer-ring area carries the label.
  uint32_t best = set.feature_offsets[feature];
  double best_area = -1;
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    double area = std::abs(ring_signed_area(set.ring(set.polygon_offsets[p])));
    if (area > best_area) best_area = area, best = p;
  }
  GEOSContextHandle_t ctx = geos_context();
  uint32_t first = set.polygon_offsets[best], last = set.polygon_offsets[best + 1];
  std::vector<GEOSGeometry*> holes;
  for (uint32_t r = first + 1; r < last; ++r) holes.push_back(make_ring(ctx, set.ring(r)));
  GEOSGeometry* polygon = GEOSGeom_createPolygon_r(ctx, make_ring(ctx, set.ring(first)), holes.data(),
                                                   static_cast<unsigned>(holes.size()));
  BBox box = set.feature_bbox(feature);
  Point result{(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
  if (polygon) {
    double tolerance = std::sqrt(std::max(best_area, 1e-12)) / 200;
    if (GEOSGeometry* line = GEOSMaximumInscribedCircle_r(ctx, polygon, tolerance)) {
      GEOSGeometry* centre = GEOSGeomGetStartPoint_r(ctx, line);
      if (centre) {
        GEOSGeomGetX_r(ctx, centre, &result.x);
        GEOSGeomGetY_r(ctx, centre, &result.y);
        GEOSGeom_destroy_r(ctx, centre);
      }
      GEOSGeom_destroy_r(ctx, line);
    }
    GEOSGeom_destroy_r(ctx, polygon);
  }
  return result;
}

}  // namespace zila
