// Mapping from projected map coordinates (metres) to pixels, and back. No GL: unit-testable.
#pragma once
#include <algorithm>

#include "core/geo/geometry.hpp"

namespace zila {

// pixel_x = (x - center.x) * pixels_per_metre + width / 2
// pixel_y = (center.y - y) * pixels_per_metre + height / 2   (map north is up, pixel y grows down)
struct ViewTransform {
  Point center;
  double pixels_per_metre = 1;
  double width = 1, height = 1;  // viewport in pixels

  Point to_pixel(Point map) const {
    return {(map.x - center.x) * pixels_per_metre + width / 2, (center.y - map.y) * pixels_per_metre + height / 2};
  }
  Point to_map(Point pixel) const {
    return {(pixel.x - width / 2) / pixels_per_metre + center.x, center.y - (pixel.y - height / 2) / pixels_per_metre};
  }
  // Fits `box` into the viewport with a margin (fraction of the smaller side).
  static ViewTransform fit(const BBox& box, double viewport_w, double viewport_h, double margin = 0.05) {
    ViewTransform v;
    v.width = viewport_w;
    v.height = viewport_h;
    v.center = {(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
    double usable_w = viewport_w * (1 - 2 * margin), usable_h = viewport_h * (1 - 2 * margin);
    double bw = std::max(box.width(), 1e-9), bh = std::max(box.height(), 1e-9);
    v.pixels_per_metre = std::min(usable_w / bw, usable_h / bh);
    return v;
  }
  // Zooms by `factor` keeping the map point under `pixel` fixed.
  void zoom_at(Point pixel, double factor) {
    Point anchor = to_map(pixel);
    pixels_per_metre *= factor;
    Point moved = to_map(pixel);
    center.x += anchor.x - moved.x;
    center.y += anchor.y - moved.y;
  }
  void pan_pixels(double dx, double dy) {
    center.x -= dx / pixels_per_metre;
    center.y += dy / pixels_per_metre;
  }
};

}  // namespace zila
