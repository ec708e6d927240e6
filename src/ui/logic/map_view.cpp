#include "ui/logic/map_view.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/text.hpp"

namespace zila::ui {

ViewTransform fit_in_area(const BBox& box, double window_w, double window_h, const PixelRect& free_area,
                          double margin) {
  const PixelRect area = free_area.w > 1 && free_area.h > 1 ? free_area : PixelRect{0, 0, window_w, window_h};
  ViewTransform v = ViewTransform::fit(box, area.w, area.h, margin);
  // Shift the centre so the box's centre lands on the area's centre rather than the window's.
  v.width = window_w;
  v.height = window_h;
  const double dx = (area.x + area.w / 2) - window_w / 2;
  const double dy = (area.y + area.h / 2) - window_h / 2;
  v.pan_pixels(dx, dy);
  return v;
}

BBox parent_bbox(const Boundaries& b, std::string_view parent) {
  BBox box;
  for (size_t i = 0; i < b.size() && i < b.parents.size(); ++i)
    if (!parent.empty() && ascii_iequals(b.parents[i], parent)) box.expand(b.projected.feature_bbox(i));
  return box;
}

std::vector<BBox> district_boxes(const Boundaries& b) {
  std::vector<BBox> boxes(b.projected.feature_count());
  for (size_t i = 0; i < boxes.size(); ++i) boxes[i] = b.projected.feature_bbox(i);
  return boxes;
}

int district_at(const Boundaries& b, std::span<const BBox> boxes, const ViewTransform& view, Point pixel) {
  const Point p = view.to_map(pixel);
  for (size_t i = 0; i < boxes.size() && i < b.projected.feature_count(); ++i)
    if (boxes[i].contains(p) && feature_contains(b.projected, i, p)) return static_cast<int>(i);
  return -1;
}

std::vector<size_t> legend_counts_in_view(const MapFrame& frame, std::span<const BBox> boxes, const ViewTransform& view,
                                          const PixelRect& area, size_t& in_view) {
  std::vector<size_t> counts(frame.legend.entries.size(), 0);
  const Point top_left = view.to_map({area.x, area.y}), bottom_right = view.to_map({area.x + area.w, area.y + area.h});
  in_view = 0;
  for (size_t d = 0; d < boxes.size() && d < frame.legend_entry.size(); ++d) {
    const BBox& b = boxes[d];
    if (b.max_x < top_left.x || b.min_x > bottom_right.x || b.max_y < bottom_right.y || b.min_y > top_left.y) continue;
    ++in_view;
    const int k = frame.legend_entry[d];
    if (k >= 0 && static_cast<size_t>(k) < counts.size()) ++counts[static_cast<size_t>(k)];
  }
  return counts;
}

}  // namespace zila::ui
