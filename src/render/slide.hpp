// The composed slide as a display list in pixels: the map viewport plus rectangles, polygons and
// text around it. Built without GL, then drawn by the PNG (SFML) and SVG back ends alike.
#pragma once
#include <string>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/map/legend.hpp"
#include "render/map_style.hpp"
#include "render/text_metrics.hpp"
#include "core/map/view_transform.hpp"

namespace zila {

// What the slide says; filled from the data by make_slide_content (slide_content.hpp) or by tests.
struct SlideContent {
  std::string title, subtitle;
  Legend legend;                       // title, class rows with counts, and the mode sentence
  std::string source;                  // "Source: ..."
  std::string note;                    // unmapped events; empty when every event is on the map
  std::vector<Rgba> district_colors;   // one per district
  BBox extent;                         // display CRS metres to fit into the map area
  bool labels = false;
};

enum class Anchor : uint8_t { left, center, right };

struct TextItem {
  std::string text;
  double x = 0, baseline = 0, px = 16;
  bool bold = false;
  Rgba color{30, 30, 30, 255};
  Anchor anchor = Anchor::left;
  double halo_px = 0;  // white outline behind the glyphs (labels on the map)
};

struct RectItem {
  double x = 0, y = 0, w = 0, h = 0;
  Rgba fill;
  Rgba stroke{0, 0, 0, 0};
  double stroke_px = 0;
};

struct PolygonItem {
  std::vector<Point> points;  // pixels, closed implicitly
  Rgba fill;
  Rgba stroke{0, 0, 0, 0};
  double stroke_px = 0;
};

struct SlideLayout {
  int width = 0, height = 0;
  Rgba background{255, 255, 255, 255};
  double map_x = 0, map_y = 0;  // top-left of the map area; `view` maps metres into that area
  ViewTransform view;           // view.width/height = the map area's size
  MapStyle style;
  std::vector<Rgba> district_colors;
  // Drawn after the map in this order: rectangles, polygons, text.
  std::vector<RectItem> rects;
  std::vector<PolygonItem> polygons;
  std::vector<TextItem> texts;
};

SlideLayout layout_slide(const SlideContent& content, const Boundaries& districts, int width, int height,
                         const TextMetrics& metrics);

// Scale-bar length: the largest 1/2/5 x 10^k metres not longer than `max_metres`.
double nice_scale_length(double max_metres);

// Angle (radians, clockwise from up) of true north on the map near `extent`, from a least-squares
// affine fit of projected against lon/lat vertices; 0 when the two sets do not correspond.
double north_angle(const Boundaries& districts, const BBox& extent);

}  // namespace zila
