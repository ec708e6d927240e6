// Point-in-polygon lookup for many points against one polygon set (the coordinate join).
#pragma once
#include <cstdint>
#include <vector>

#include "core/geo/geometry.hpp"

namespace zila {

// Finds the district containing each point. The answer is defined by the even-odd ray test of
// feature_contains (the first feature, by index, whose bounding box and rings contain the point);
// a fine grid only makes it fast:
//  - a cell no edge comes near lies wholly in one feature (or none): answered from the cell;
//  - a boundary cell keeps its edges and, per feature, whether its centre is inside; a point's
//    answer flips with each edge the segment centre->point crosses. When that segment passes within
//    1e-9 degrees of an edge end or the point lies that close to an edge, the full ray test answers.
class PointLocator {
 public:
  explicit PointLocator(const PolygonSet& lonlat);
  int32_t locate(double lon, double lat) const;  // -1 when in no polygon; safe from several threads
  // Nearest district within max_km (great-circle distance to the polygon boundary); -1 if none.
  int32_t nearest_within(double lon, double lat, double max_km) const;
  // Distance in km from the point to district `feature`: 0 inside it, else to its nearest edge.
  double distance_km(double lon, double lat, int32_t feature) const;

 private:
  struct Edge {
    Point a, b;
  };
  struct Slot {  // one feature with edges in a boundary cell
    uint32_t feature = 0;
    uint32_t first_edge = 0, edge_count = 0;
    bool centre_inside = false;
  };
  struct BoundaryCell {
    uint32_t first_slot = 0, slot_count = 0;
    int32_t constant_owner = -1;  // first feature without edges here that holds the whole cell
  };

  void build_fine_grid();
  int32_t locate_by_ray(Point p) const;  // the reference answer, through the coarse bbox grid
  int32_t locate_in_boundary_cell(const BoundaryCell& cell, Point centre, Point p) const;
  double edge_distance_km(Point p, size_t feature) const;  // to the feature's nearest edge

  const PolygonSet& set_;
  BBox extent_;
  // Coarse grid over feature bounding boxes, for the reference answer.
  int cols_ = 1, rows_ = 1;
  double cell_w_ = 1, cell_h_ = 1;
  std::vector<uint32_t> cell_offsets_;
  std::vector<uint32_t> cell_features_;
  std::vector<BBox> feature_boxes_;
  // Fine grid: per cell the owner (>= -1) or -2 - index into boundary_.
  int fine_cols_ = 1, fine_rows_ = 1;
  double fine_w_ = 1, fine_h_ = 1;
  std::vector<int32_t> fine_cells_;
  std::vector<BoundaryCell> boundary_;
  std::vector<Slot> slots_;
  std::vector<Edge> edges_;
};

}  // namespace zila
