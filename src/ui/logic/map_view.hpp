// Where the map sits on screen and what is under the cursor: fitting, regions, hit-testing
// (labels: core/map/labels). Pure functions over ViewTransform and the core's plain geometry; no window.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/map/map_frame.hpp"
#include "core/map/view_transform.hpp"

namespace zila::ui {

// A rectangle in window pixels (the part of the window not covered by side panels).
struct PixelRect {
  double x = 0, y = 0, w = 0, h = 0;
  bool contains(Point p) const { return p.x >= x && p.y >= y && p.x < x + w && p.y < y + h; }
  bool overlaps(const PixelRect& o) const { return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h; }
};

// A transform for a `window_w` x `window_h` target that shows `box` centred in `free_area`.
ViewTransform fit_in_area(const BBox& box, double window_w, double window_h, const PixelRect& free_area,
                          double margin = 0.04);

// Bounding box of the districts whose parent (province) equals `parent`, compared case-insensitively;
// empty when none.
BBox parent_bbox(const Boundaries& b, std::string_view parent);

// Bounding boxes of each district in projected metres, to skip most polygon tests when hit-testing.
std::vector<BBox> district_boxes(const Boundaries& b);

// The district under `pixel`, or -1.
int district_at(const Boundaries& b, std::span<const BBox> boxes, const ViewTransform& view, Point pixel);

// The legend's district counts over the districts whose box meets `area` of `view`: what the reader
// sees. Each district counts for its entry in `frame.legend_entry`, as the slides count theirs;
// `in_view` is set to the number of districts in view.
std::vector<size_t> legend_counts_in_view(const MapFrame& frame, std::span<const BBox> boxes, const ViewTransform& view,
                                          const PixelRect& area, size_t& in_view);

}  // namespace zila::ui
