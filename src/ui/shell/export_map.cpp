// Ctrl+E / "Export PNG": the map as shown, composed as a slide by the same function as `zila render`
// (render/slide_content.hpp: title, legend, source, unmapped note from the window's MapFrame) and
// drawn by the render engineer's offscreen SlideRasterizer, at 1920x1080.
#include <fmt/core.h>

#include "render/slide.hpp"
#include "render/slide_content.hpp"
#include "render/slide_png.hpp"
#include "render/text_metrics.hpp"
#include "ui/shell/map_app.hpp"

namespace zila::ui {

BBox visible_extent(const AppState& s) {
  BBox extent;
  const PixelRect& a = s.map_area;
  extent.expand(s.view.to_map({a.x, a.y}));
  extent.expand(s.view.to_map({a.x + a.w, a.y + a.h}));
  return extent;
}

void MapApp::export_png() {
  const Dataset* d = state_.data();
  if (!d) return;
  try {
    const SlideContent c = slide_content(*d, state_.frame, {}, {visible_extent(state_), {}}, state_.show_labels);
    const unsigned w = 1920, h = 1080;
    const SlideLayout layout = layout_slide(c, d->boundaries, static_cast<int>(w), static_cast<int>(h), TextMetrics{});
    const Boundaries* provinces = d->provinces.size() ? &d->provinces : nullptr;
    SlideRasterizer rasterizer(d->boundaries, provinces, w, h);
    save_png(rasterizer.render(layout), state_.export_path);
    state_.messages.push_back(fmt::format("Exported {}", state_.export_path));
  } catch (const std::exception& e) {
    state_.messages.push_back(fmt::format("Export failed: {}", e.what()));
  }
  window_.setActive(true);  // the offscreen target took the GL context
}

}  // namespace zila::ui
