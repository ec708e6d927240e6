// Point-in-polygon lookup for many points against one polygon set (the coordinate join).
#pragma once
#include <cstdint>
#include <vector>

#include "geometry.hpp"

namespace zila {

// Finds the district containing each point; uses a uniform grid over bounding boxes.
class PointLocator {
 public:
  explicit PointLocator(const PolygonSet& lonlat);
  int32_t locate(double lon, double lat) const;  // -1 when in no polygon
  // Nearest district within max_km (great-circle distance to the polygon boundary); -1 if none.
  int32_t nearest_within(double lon, double lat, double max_km) const;

 private:
  const PolygonSet& set_;
  BBox extent_;
  int cols_ = 1, rows_ = 1;
  double cell_w_ = 1, cell_h_ = 1;
  std::vector<uint32_t> cell_offsets_;
  std::vector<uint32_t> cell_features_;
  std::vector<BBox> feature_boxes_;
};

}  // namespace zila
