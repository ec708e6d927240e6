#include "core/map/box_grid.hpp"

#include <algorithm>
#include <cmath>

namespace zila {

BoxGrid::BoxGrid(const BBox& extent, size_t cells) {
  cells = std::max<size_t>(cells, 1);
  const bool usable = !extent.empty() && std::isfinite(extent.width()) && std::isfinite(extent.height());
  const double width = usable ? std::max(extent.width(), 1e-9) : 1, height = usable ? std::max(extent.height(), 1e-9) : 1;
  // Square cells of the area that gives about `cells` of them, at least one cell a side.
  const double side = std::sqrt(width * height / static_cast<double>(cells));
  columns_ = static_cast<size_t>(std::clamp(std::ceil(width / side), 1.0, static_cast<double>(cells)));
  rows_ = static_cast<size_t>(std::clamp(std::ceil(height / side), 1.0, static_cast<double>(cells)));
  x0_ = usable ? extent.min_x : 0, y0_ = usable ? extent.min_y : 0;
  columns_per_unit_ = static_cast<double>(columns_) / width;
  rows_per_unit_ = static_cast<double>(rows_) / height;
  cells_.resize(columns_ * rows_);
}

void BoxGrid::insert(uint32_t id, const BBox& box) {
  const CellRange r = cells_of(box);
  for (size_t row = r.row0; row <= r.row1 && r.col0 <= r.col1; ++row)
    for (size_t col = r.col0; col <= r.col1; ++col) cells_[row * columns_ + col].push_back(id);
}

void BoxGrid::collect(const BBox& box, std::vector<uint32_t>& out) const {
  out.clear();
  any_of(box, [&](uint32_t id) {
    out.push_back(id);
    return false;
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace zila
