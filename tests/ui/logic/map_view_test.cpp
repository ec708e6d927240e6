#include <catch2/catch.hpp>

#include <vector>

#include "core/map/map_frame.hpp"
#include "ui/logic/map_view.hpp"

using namespace zila;
using namespace zila::ui;

namespace {

// Two 10 km squares side by side (west "A" in province P, east "B" in Q), in metres.
Boundaries two_squares() {
  Boundaries b;
  b.names = {"A", "B"};
  b.parents = {"P", "Q"};
  for (double x0 : {0.0, 10000.0}) {
    b.projected.begin_feature();
    b.projected.begin_polygon();
    const std::vector<Point> ring{{x0, 0}, {x0 + 10000, 0}, {x0 + 10000, 10000}, {x0, 10000}};
    b.projected.add_ring(ring);
    b.label_points.push_back({x0 + 5000, 5000});
  }
  return b;
}

}  // namespace

TEST_CASE("Fitting into the free area centres the data there, not in the window") {
  BBox box;
  box.expand(Point{0, 0});
  box.expand(Point{20000, 10000});
  const PixelRect area{300, 0, 600, 500};
  const ViewTransform v = fit_in_area(box, 1200, 600, area);
  const Point centre = v.to_pixel({10000, 5000});
  CHECK(centre.x == Approx(600));
  CHECK(centre.y == Approx(250));
  const Point left = v.to_pixel({0, 5000}), right = v.to_pixel({20000, 5000});
  CHECK(left.x >= area.x);
  CHECK(right.x <= area.x + area.w);
}

TEST_CASE("A pixel is hit-tested to the district under it") {
  const Boundaries b = two_squares();
  const auto boxes = district_boxes(b);
  const ViewTransform v = fit_in_area(b.projected.bbox(), 400, 200, {0, 0, 400, 200}, 0);
  CHECK(district_at(b, boxes, v, v.to_pixel({2500, 5000})) == 0);
  CHECK(district_at(b, boxes, v, v.to_pixel({17500, 2000})) == 1);
  CHECK(district_at(b, boxes, v, v.to_pixel({25000, 5000})) == -1);
  ViewTransform zoomed = v;
  zoomed.zoom_at({100, 100}, 3);  // the point under the cursor stays put
  CHECK(district_at(b, boxes, zoomed, {100, 100}) == district_at(b, boxes, v, {100, 100}));
}

TEST_CASE("Region and dominant province") {
  const Boundaries b = two_squares();
  const BBox q = parent_bbox(b, "q");
  CHECK(q.min_x == 10000);
  CHECK(q.max_x == 20000);
  CHECK(parent_bbox(b, "nowhere").empty());
  const std::vector<double> mostly_q{1, 9};
  CHECK(dominant_parent(b, mostly_q) == "Q");
  const std::vector<double> split{5, 5};
  CHECK(dominant_parent(b, split, 0.6) == "");
  const std::vector<double> none{0, 0};
  CHECK(dominant_parent(b, none) == "");

  // One rule for the window and `zila render --extent auto`: a province with 55% of the events is the
  // region (render asked for 60% and showed the whole country).
  Cube cube;
  cube.bin = Bin::year;
  cube.district_count = 2;
  cube.period_starts = {15340, 15706};
  for (auto& v : cube.values) v.assign(4, 0.0);
  cube.values[static_cast<size_t>(Metric::events)] = {25, 30, 20, 25};  // [period][district]: 45 vs 55
  CHECK(default_region(b, cube) == "Q");
  cube.values[static_cast<size_t>(Metric::events)] = {30, 20, 25, 25};  // 55 vs 45
  CHECK(default_region(b, cube) == "P");
}

TEST_CASE("The legend counts the districts in the map area by their legend entry") {
  // 1 pixel per metre, centred on (5, 0): the 20 x 20 pixel view shows x from -5 to 15.
  ViewTransform view;
  view.center = {5, 0};
  view.width = view.height = 20;
  const std::vector<BBox> boxes{{0, 0, 1, 1}, {2, 0, 3, 1}, {10, 0, 11, 1}, {4.5, 0, 6, 1}, {-3, 0, -2, 1}};
  MapFrame frame;
  frame.legend.entries.resize(3);
  frame.legend_entry = {0, 1, 0, 2, -1};  // the last district has no entry: in view, counted for none
  size_t in_view = 0;
  CHECK(legend_counts_in_view(frame, boxes, view, {0, 0, 20, 20}, in_view) == std::vector<size_t>{2, 1, 1});
  CHECK(in_view == 5);
  // The left half of the window (x up to 5): the third district is out, the fourth straddles the edge.
  CHECK(legend_counts_in_view(frame, boxes, view, {0, 0, 10, 20}, in_view) == std::vector<size_t>{1, 1, 1});
  CHECK(in_view == 4);
  // A frame without entries per district (none built yet) counts nothing.
  frame.legend_entry.clear();
  CHECK(legend_counts_in_view(frame, boxes, view, {0, 0, 20, 20}, in_view) == std::vector<size_t>{0, 0, 0});
  CHECK(in_view == 0);
}
