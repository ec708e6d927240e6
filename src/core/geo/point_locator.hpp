// Point-in-polygon lookup for many points against one polygon set (the coordinate join).
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>
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
  // -1 when in no polygon; safe from several threads.
  int32_t locate(double lon, double lat) const {
    const Point p{lon, lat};
    if (!extent_.contains(p)) return -1;
    if (fine_cells_.empty()) return locate_by_ray(p);
    const size_t cell = fine_cell_of(p);
    const int32_t value = fine_cells_[cell];
    return value >= -1 ? value : locate_in_boundary_cell(value, cell, p);
  }
  // locate(lon[i], lat[i]) into out[i] for every i, the grid's memory fetched a few points ahead:
  // the grid outgrows a core's cache, and one point at a time each waits on its loads in turn.
  void locate_all(std::span<const double> lon, std::span<const double> lat, std::span<int32_t> out) const;
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
    uint32_t first_edge = 0;  // its slots' edges follow one another from here
    int32_t constant_owner = -1;  // first feature without edges here that holds the whole cell
  };

  void build_fine_grid();
  int32_t locate_by_ray(Point p) const;  // the reference answer, through the coarse bbox grid
  // The fine cell of a point within the extent. A point computed into the neighbour of the cell it
  // touches (rounding) is answered alike: every edge within kMargin of a cell is filed in it.
  size_t fine_cell_of(Point p) const {
    const int c = std::min(static_cast<int>((p.x - extent_.min_x) * fine_cols_per_degree_), fine_cols_ - 1);
    const int r = std::min(static_cast<int>((p.y - extent_.min_y) * fine_rows_per_degree_), fine_rows_ - 1);
    return static_cast<size_t>(r) * static_cast<size_t>(fine_cols_) + static_cast<size_t>(c);
  }
  // `value`: fine_cells_[cell], -2 - index into boundary_.
  int32_t locate_in_boundary_cell(int32_t value, size_t cell, Point p) const;
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
  double fine_cols_per_degree_ = 1, fine_rows_per_degree_ = 1;  // 1 / fine_w_, 1 / fine_h_: no division a point
  std::vector<int32_t> fine_cells_;
  std::vector<BoundaryCell> boundary_;
  std::vector<Slot> slots_;
  std::vector<Edge> edges_;
};

}  // namespace zila
