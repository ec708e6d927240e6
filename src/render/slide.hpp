// The composed slide as a display list in pixels: the map viewport plus rectangles, polygons and
// text around it. Built without GL, then drawn by the PNG (SFML) and SVG back ends alike.
#pragma once
#include <string>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/map/labels.hpp"
#include "core/map/legend.hpp"
#include "render/map_style.hpp"
#include "render/text_metrics.hpp"
#include "core/map/view_transform.hpp"

namespace zila {

// Districts outside the briefed region and neighbouring countries: a cool light grey that no legend
// class uses (zero is warm, "not significant" neutral).
inline constexpr Rgb kContextColor{202, 207, 216};

// What the slide says; filled from the data by make_slide_content (slide_content.hpp) or by tests.
struct SlideContent {
  std::string title, subtitle;
  Legend legend;                       // title, class rows with counts, and the mode sentence
  std::string source;                  // "Source: ..."
  std::string note;                    // unmapped events; empty when every event is on the map
  std::vector<Rgba> district_colors;   // one per district
  BBox extent;                         // display CRS metres to fit into the map area
  bool labels = false;
  LabelPriority label_priority;  // which districts are coloured, how strongly (MapFrame::label_priority)
  LabelSettings label_settings;  // density, pinned and hidden names
  // A region briefing: which districts are the region (empty: all), the legend row for the rest.
  std::vector<bool> region_districts;
  std::string context_label;           // "Outside Khyber Pakhtunkhwa"
  bool inset = false;                  // a locator map of all districts with the extent marked
  std::string stamp;                   // large date on the map (animation frames)
  struct Place {
    std::string name;
    Point at;  // display CRS metres
  };
  std::vector<Place> context_names;    // neighbouring countries, written where their label point is in view
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

// A leader line from a small district to its label, with a dot on the district.
struct LineItem {
  Point from, to;
  Rgba color;
  double width_px = 1;
  double dot_px = 0;  // radius of the dot at `from`
};

struct PolygonItem {
  std::vector<Point> points;  // pixels, closed implicitly
  Rgba fill;
  Rgba stroke{0, 0, 0, 0};
  double stroke_px = 0;
};

// A small map of every district in its own box (the locator inset), drawn after the main map.
struct InsetItem {
  double x = 0, y = 0;  // top-left; view.width/height = its size
  ViewTransform view;
  std::vector<Rgba> district_colors;
};

struct SlideLayout {
  int width = 0, height = 0;
  Rgba background{255, 255, 255, 255};
  double map_x = 0, map_y = 0;  // top-left of the map area; `view` maps metres into that area
  ViewTransform view;           // view.width/height = the map area's size
  MapStyle style;
  std::vector<Rgba> district_colors;
  std::vector<InsetItem> insets;
  // Drawn after the map and insets in this order: rectangles, polygons, lines, text.
  std::vector<RectItem> rects;
  std::vector<PolygonItem> polygons;
  std::vector<LineItem> lines;
  std::vector<TextItem> texts;
};

// Width / height of the map area of a width x height slide (for fitting an extent to it).
double map_area_aspect(int width, int height);

SlideLayout layout_slide(const SlideContent& content, const Boundaries& districts, int width, int height,
                         const TextMetrics& metrics);

// Scale-bar length: the largest 1/2/5 x 10^k metres not longer than `max_metres`.
double nice_scale_length(double max_metres);

// Angle (radians, clockwise from up) of true north on the map near `extent`, from a least-squares
// affine fit of projected against lon/lat vertices; 0 when the two sets do not correspond.
double north_angle(const Boundaries& districts, const BBox& extent);

}  // namespace zila
