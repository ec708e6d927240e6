// Ctrl+E / "Export PNG": the current map as a composed slide (title, legend, source, unmapped note)
// through the render engineer's offscreen SlideRasterizer, at 1920x1080.
#include <fmt/core.h>

#include "render/slide.hpp"
#include "render/slide_png.hpp"
#include "render/text_metrics.hpp"
#include "ui/map_app.hpp"

namespace zila::ui {

void MapApp::export_png() {
  const Dataset* d = state_.data();
  if (!d) return;
  try {
    SlideContent c;
    const std::string shown = state_.mode == MapMode::values ? ui_metric_label(state_.choice.metric) : state_.legend.title;
    c.title = fmt::format("{}, {}", shown, period_text(state_, state_.period()));
    c.subtitle = state_.region.empty() ? d->boundaries.source : state_.region;
    c.legend = state_.legend;
    c.source = "Source: " + d->events.source_names();
    if (d->join.events_unmatched > 0)
      c.note = fmt::format("{} events could not be placed on a district", d->join.events_unmatched);
    for (const Rgb& rgb : state_.district_colors) c.district_colors.push_back({rgb.r, rgb.g, rgb.b, 255});
    // What the user sees: the visible part of the map area.
    const PixelRect& a = state_.map_area;
    c.extent.expand(state_.view.to_map({a.x, a.y}));
    c.extent.expand(state_.view.to_map({a.x + a.w, a.y + a.h}));
    c.labels = state_.show_labels;
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
