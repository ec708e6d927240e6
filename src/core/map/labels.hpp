// District labels for maps that brief: which names a map shows and where, the same in the window and
// on slides. Districts the map colours come first, strongest value first; each gets its name inside
// its polygon, or beside it with a leader line when the polygon is too small; a label never covers
// another district's interior unless it is leadered, and no two labels overlap. No GL: the caller
// measures text and draws.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/map/map_frame.hpp"

namespace zila {

// Where the map lies on the target. pixel = ((x - center.x) * ppm + width / 2 + x0,
// (center.y - y) * ppm + height / 2 + y0): a view transform offset by the map area's top-left.
struct LabelView {
  Point center;
  double pixels_per_metre = 1;
  double x0 = 0, y0 = 0, width = 1, height = 1;  // the map area in target pixels

  Point to_pixel(Point map) const {
    return {(map.x - center.x) * pixels_per_metre + width / 2 + x0, (center.y - map.y) * pixels_per_metre + height / 2 + y0};
  }
  Point to_map(Point pixel) const {
    return {(pixel.x - x0 - width / 2) / pixels_per_metre + center.x, center.y - (pixel.y - y0 - height / 2) / pixels_per_metre};
  }
};

// A rectangle in target pixels.
struct LabelBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const LabelBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  LabelBox grown(double by) const { return {x0 - by, y0 - by, x1 + by, y1 + by}; }
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
};

// The user's choices, kept in the project file.
struct LabelSettings {
  // Share of the districts the map does not colour that may be labelled (largest first, where the
  // name fits): 0 = only coloured and pinned districts, 1 = every district with room.
  double density = 0.5;
  std::vector<std::string> pinned;  // district names always labelled (leadered when needed)
  std::vector<std::string> hidden;  // district names never labelled
  bool operator==(const LabelSettings&) const = default;
};
inline constexpr double kLabelPaddingPx = 3;  // free space kept around each label (at scale 1)

struct LabelRequest {
  const Boundaries* districts = nullptr;
  const LabelPriority* priority = nullptr;
  LabelView view;
  LabelBox area;  // where labels may go, in target pixels; empty: the whole view
  std::function<double(std::string_view)> text_width;  // pixels
  double text_height = 12;                              // pixels, one line
  double scale = 1;                                     // paddings and leader lengths scale with it
  std::vector<LabelBox> blocked;                        // title, legend, scale bar: never under a label
  LabelSettings settings;
};

struct PlacedLabel {
  size_t district = 0;
  LabelBox box;         // the text's box
  bool leader = false;  // drawn away from its district, with a line from `anchor` to `leader_end`
  Point anchor, leader_end;
};

struct LabelPlacement {
  std::vector<PlacedLabel> labels;
  // Coloured or pinned districts in view that found no place at all (a very crowded view).
  std::vector<size_t> unplaced;
};

LabelPlacement place_labels(const LabelRequest& request);

// place_labels a district at a time: run() places until a deadline, so that the window can spread a
// placement over frames (strongest districts first, as the placement's order is) rather than stall
// on a map of many thousand districts. The same placement, however it is split. The request is
// copied; its districts and priority must stay as they are until the placer is done or dropped.
class LabelPlacer {
 public:
  explicit LabelPlacer(const LabelRequest& request);
  ~LabelPlacer();
  LabelPlacer(LabelPlacer&&) noexcept;
  LabelPlacer& operator=(LabelPlacer&&) noexcept;

  // Places districts until every candidate has been tried (true) or `deadline` has passed.
  bool run(std::chrono::steady_clock::time_point deadline);
  bool done() const;
  const LabelPlacement& placement() const;  // so far

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether a point of `box` (inset by `inset` pixels, so a label may graze a border) lies inside a
// district other than `own`: what a label that is not leadered must never do.
bool label_covers_other_district(const Boundaries& districts, const LabelView& view, const LabelBox& box, size_t own,
                                 double inset = 1.5);

}  // namespace zila
