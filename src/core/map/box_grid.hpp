// Which of many boxes may meet a query box, without testing them all: each box is filed under the
// cells of a uniform grid that it touches. Label placement asks this for every spot it tries (which
// placed labels and leader lines does the spot meet, which districts lie under it); with list scans a
// map of 100k districts took seconds to label. The answer is a superset: callers keep their exact test.
#pragma once
#include <cstdint>
#include <vector>

#include "core/geo/geometry.hpp"

namespace zila {

class BoxGrid {
 public:
  BoxGrid() = default;
  // A grid over `extent` of about `cells` cells, square where the extent allows. Boxes and queries
  // beyond the extent fall into its edge cells.
  BoxGrid(const BBox& extent, size_t cells);

  void insert(uint32_t id, const BBox& box);

  // visit(id) for every box filed in a cell that `box` touches, until visit returns true (then true).
  // An id filed in several of those cells may be visited more than once.
  template <typename Visit>
  bool any_of(const BBox& box, Visit&& visit) const {
    const CellRange r = cells_of(box);
    for (size_t row = r.row0; row <= r.row1 && r.col0 <= r.col1; ++row)
      for (size_t col = r.col0; col <= r.col1; ++col)
        for (const uint32_t id : cells_[row * columns_ + col])
          if (visit(id)) return true;
    return false;
  }

  // The ids filed in the cells that `box` touches, each once, in ascending order.
  void collect(const BBox& box, std::vector<uint32_t>& out) const;

 private:
  struct CellRange {
    size_t col0 = 1, col1 = 0, row0 = 1, row1 = 0;  // empty
  };
  // A coordinate's cell, clamped to the grid. NaN goes to the first: a box with a NaN side meets
  // nothing under the callers' exact tests anyway.
  static size_t clamped_cell(double at, size_t count) {
    if (!(at > 0)) return 0;
    return at >= static_cast<double>(count) ? count - 1 : static_cast<size_t>(at);
  }
  CellRange cells_of(const BBox& box) const {
    if (cells_.empty() || box.empty()) return {};
    return {clamped_cell((box.min_x - x0_) * columns_per_unit_, columns_), clamped_cell((box.max_x - x0_) * columns_per_unit_, columns_),
            clamped_cell((box.min_y - y0_) * rows_per_unit_, rows_), clamped_cell((box.max_y - y0_) * rows_per_unit_, rows_)};
  }

  double x0_ = 0, y0_ = 0, columns_per_unit_ = 0, rows_per_unit_ = 0;
  size_t columns_ = 0, rows_ = 0;
  std::vector<std::vector<uint32_t>> cells_;
};

}  // namespace zila
