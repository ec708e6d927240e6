// Label placement, checked by geometry: on a lattice where the answer is known, and on the real
// drone-strike map of Khyber Pakhtunkhwa that the issue found wanting (coloured districts unlabelled,
// `Lower Dir` on coloured Bajaur).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "core/map/labels.hpp"
#include "core/pipeline.hpp"
#include "lattice.hpp"

namespace {

using zila::LabelBox;
using zila::LabelPlacement;
using zila::LabelPriority;
using zila::LabelRequest;
using zila::LabelView;

// DejaVu Sans at 13 px averages about 7.5 px a character; the algorithm only needs consistency.
double approx_width(std::string_view text) { return 7.5 * static_cast<double>(text.size()); }

zila::Boundaries lattice_boundaries(int rows, int cols, double size_m) {
  zila::Boundaries b;
  zila::PolygonSet unit = zila::test::unit_square_lattice(rows, cols);
  for (zila::Point& p : unit.vertices) p = {p.x * size_m, p.y * size_m};
  b.projected = unit;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      b.names.push_back("District " + std::to_string(r * cols + c));
      b.label_points.push_back({(c + 0.5) * size_m, (r + 0.5) * size_m});
      b.area_km2.push_back(size_m * size_m / 1e6);
    }
  return b;
}

LabelView view_fitting(const zila::BBox& box, double w, double h) {
  LabelView v;
  v.width = w, v.height = h;
  v.center = {(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
  v.pixels_per_metre = 0.9 * std::min(w / box.width(), h / box.height());
  return v;
}

// A request to name `b`'s districts in `view` in the order `pr` gives, text measured by approx_width.
LabelRequest request_for(const zila::Boundaries& b, const LabelPriority& pr, const LabelView& view, double text_height) {
  LabelRequest r;
  r.districts = &b;
  r.priority = &pr;
  r.view = view;
  r.text_width = approx_width;
  r.text_height = text_height;
  return r;
}

// Whether two leader lines cross (orientation test, independent of the library's).
bool cross(const zila::PlacedLabel& a, const zila::PlacedLabel& b) {
  auto side = [](zila::Point p, zila::Point q, zila::Point r) {
    return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  };
  const double d1 = side(a.anchor, a.leader_end, b.anchor), d2 = side(a.anchor, a.leader_end, b.leader_end);
  const double d3 = side(b.anchor, b.leader_end, a.anchor), d4 = side(b.anchor, b.leader_end, a.leader_end);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

// The rules every placement keeps: no overlaps, nothing outside the area, no label that is not
// leadered on another district's interior.
void check_rules(const zila::Boundaries& b, const LabelRequest& r, const LabelPlacement& p) {
  for (size_t i = 0; i < p.labels.size(); ++i) {
    const LabelBox& box = p.labels[i].box;
    INFO(b.names[p.labels[i].district]);
    CHECK(box.x0 >= r.view.x0);
    CHECK(box.y0 >= r.view.y0);
    CHECK(box.x1 <= r.view.x0 + r.view.width);
    CHECK(box.y1 <= r.view.y0 + r.view.height);
    if (!p.labels[i].leader) CHECK_FALSE(zila::label_covers_other_district(b, r.view, box, p.labels[i].district));
    for (size_t j = i + 1; j < p.labels.size(); ++j) {
      CHECK_FALSE(box.overlaps(p.labels[j].box));
      if (p.labels[i].leader && p.labels[j].leader) CHECK_FALSE(cross(p.labels[i], p.labels[j]));
    }
    for (const LabelBox& blocked : r.blocked) CHECK_FALSE(box.overlaps(blocked));
  }
}

// A lattice of `side` x `side` 1 km districts fitted into 900 x 600 px: a few pixels each, far more
// than names fit. Strengths spread pseudo-randomly; every `uncoloured_every`th district grey (0: none).
struct CrowdedMap {
  CrowdedMap(int side, size_t uncoloured_every) : b(lattice_boundaries(side, side, 1000)), values(b.size()) {
    pr.coloured.assign(b.size(), 0);
    for (size_t d = 0; d < b.size(); ++d)
      values[d] = static_cast<double>((d * 7919) % 1000), pr.coloured[d] = uncoloured_every == 0 || d % uncoloured_every != 0;
    pr.values = values;
    r = request_for(b, pr, view_fitting(b.projected.bbox(), 900, 600), 13);
    r.settings.density = 1;
  }
  CrowdedMap(const CrowdedMap&) = delete;  // `r` points into it
  const zila::Boundaries b;
  std::vector<double> values;
  LabelPriority pr;
  LabelRequest r;
};

std::set<size_t> labelled(const LabelPlacement& p) {
  std::set<size_t> out;
  for (const auto& l : p.labels) out.insert(l.district);
  return out;
}

}  // namespace

TEST_CASE("Labels: every coloured district, the strongest first, small ones leadered, none on a neighbour", "[unit]") {
  // 6 x 6 districts of 40 x 40 px: names (~80 px) never fit inside, so coloured ones need leaders.
  const zila::Boundaries b = lattice_boundaries(6, 6, 1000);
  LabelPriority pr;
  pr.coloured.assign(36, 0);
  std::vector<double> values(36, 0.0);
  for (size_t d : {7u, 14u, 21u, 28u}) pr.coloured[d] = 1, values[d] = static_cast<double>(d);
  pr.values = values;
  LabelRequest r = request_for(b, pr, view_fitting(b.projected.bbox(), 600, 400), 15);
  r.view.pixels_per_metre = 0.04;  // 40 px districts, 240 px map in a 600 x 400 area
  r.settings.density = 1;
  const LabelPlacement p = zila::place_labels(r);
  check_rules(b, r, p);
  CHECK(p.unplaced.empty());
  // Interior districts have no room; border ones may hang their names over the empty outside.
  const std::set<size_t> named = labelled(p);
  for (size_t d : {7u, 14u, 21u, 28u}) CHECK(named.contains(d));
  for (const auto& l : p.labels) CHECK(l.leader == (pr.coloured[l.district] != 0));
  for (size_t d : named) {
    const size_t row = d / 6, col = d % 6;
    if (!pr.coloured[d]) CHECK((row == 0 || row == 5 || col == 0 || col == 5));
  }

  SECTION("wide districts hold their names inside") {
    r.view.pixels_per_metre = 0.2;  // 200 px districts
    r.view.width = 1400, r.view.height = 1400;
    const LabelPlacement inside = zila::place_labels(r);
    check_rules(b, r, inside);
    CHECK(inside.labels.size() == 36);
    for (const auto& l : inside.labels) CHECK_FALSE(l.leader);
  }
  SECTION("hidden names never show, pinned ones always do, first") {
    r.settings.hidden = {"District 7"};
    r.settings.pinned = {"District 0"};
    const LabelPlacement q = zila::place_labels(r);
    check_rules(b, r, q);
    const std::set<size_t> shown = labelled(q);
    CHECK_FALSE(shown.contains(7));
    for (size_t d : {0u, 14u, 21u, 28u}) CHECK(shown.contains(d));
    CHECK(q.labels.front().district == 0);
  }
  SECTION("blocked areas (title, legend) stay free") {
    const zila::Point centre = r.view.to_pixel({3000, 3000});
    r.blocked = {{centre.x - 150, centre.y - 150, centre.x + 150, centre.y + 150}};
    const LabelPlacement q = zila::place_labels(r);
    check_rules(b, r, q);
    CHECK(q.unplaced.empty());
  }
}

TEST_CASE("Labels: the density control trims the uncoloured districts, largest kept", "[unit]") {
  const zila::Boundaries b = lattice_boundaries(3, 3, 1000);
  LabelPriority pr;
  pr.coloured.assign(9, 0);
  pr.coloured[4] = 1;
  LabelRequest r = request_for(b, pr, view_fitting(b.projected.bbox(), 900, 900), 15);
  r.settings.density = 0;
  CHECK(labelled(zila::place_labels(r)) == std::set<size_t>{4});
  r.settings.density = 0.5;
  CHECK(labelled(zila::place_labels(r)).size() == 5);  // the coloured one and 4 of 8
  r.settings.density = 1;
  CHECK(labelled(zila::place_labels(r)).size() == 9);
}

TEST_CASE("Labels on the real drone-strike map of Khyber Pakhtunkhwa: every coloured district named, none on a "
          "neighbour",
          "[real]") {
  const std::string shared = ZILA_SHARED_DIR;
  zila::PipelineOptions o;
  o.boundaries.path = shared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.parents_path = shared + "/geodata/pak/geoBoundaries-PAK-ADM1_simplified.geojson";
  o.events.path = shared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  o.events.default_category = zila::Category::operation;
  o.aliases_path = std::string(ZILA_GEODATA_DIR) + "/aliases.csv";
  o.bin = zila::Bin::year;
  const zila::Dataset data = zila::run_pipeline(o);
  const zila::Boundaries& b = data.boundaries;

  zila::MapSpec spec;
  spec.choice.window.mode = GENERATE(zila::WindowMode::per_period, zila::WindowMode::cumulative);
  const zila::ValueMatrix values = zila::compute_values(data.cube, spec.choice);
  const zila::Classification classes = zila::classify_for(values, spec.style, false, 0);
  size_t period = 0;
  while (period + 1 < data.cube.period_count() && zila::pretty_period(data.cube.bin, data.cube.period_starts[period]) != "2012")
    ++period;
  zila::MapFrame frame;
  zila::build_map_frame(data.cube, data.join, values, classes, spec, period, frame);
  const LabelPriority& pr = frame.label_priority;

  // The window's default view at 1280 x 720: KP fitted into the map area right of a 340 px panel.
  zila::BBox kp;
  for (size_t d = 0; d < b.size(); ++d)
    if (b.parents[d] == "Khyber Pakhtunkhwa") kp.expand(b.projected.feature_bbox(d));
  REQUIRE_FALSE(kp.empty());
  LabelRequest r = request_for(b, pr, view_fitting(kp, 940, 720), 15);
  r.view.x0 = 340;
  r.blocked = {{340, 0, 640, 90}};  // the title
  const LabelPlacement p = zila::place_labels(r);
  check_rules(b, r, p);
  CHECK(p.unplaced.empty());

  const std::set<size_t> named = labelled(p);
  std::set<std::string> coloured_in_view;
  for (size_t d = 0; d < b.size(); ++d) {
    const zila::Point a = r.view.to_pixel(b.label_points[d]);
    if (!pr.coloured[d] || a.x < r.view.x0 || a.x > r.view.x0 + r.view.width || a.y < 0 || a.y > r.view.height) continue;
    coloured_in_view.insert(b.names[d]);
    INFO(b.names[d]);
    CHECK(named.contains(d));
  }
  std::string names;
  for (const auto& l : p.labels) names += b.names[l.district] + (l.leader ? "* " : " ");
  INFO(coloured_in_view.size() << " coloured districts in view; labels: " << names);
  // 2004 - 2012 colours the tribal belt the issue names (Bajaur among them); 2012 alone, fewer.
  const bool cumulative = spec.choice.window.mode == zila::WindowMode::cumulative;
  CHECK(coloured_in_view.size() >= (cumulative ? 7u : 3u));
  for (const char* name : {"Bajaur", "North Waziristan", "South Waziristan", "Khyber", "Kurram", "Orakzai", "Bannu"}) {
    if (!cumulative && name != std::string("North Waziristan") && name != std::string("South Waziristan") &&
        name != std::string("Orakzai"))
      continue;
    INFO(name);
    CHECK(coloured_in_view.contains(name));
  }
}

TEST_CASE("Labels on a crowded map (1,600 coloured districts a few pixels wide): the rules hold once it is full", "[unit]") {
  // Far more coloured districts than names fit: most end unplaced, and the placed ones, found through
  // the grids of what is taken, must still keep every rule the list scans kept.
  CrowdedMap map(40, 0);  // every district coloured
  const zila::Boundaries& b = map.b;
  LabelRequest& r = map.r;
  const zila::Point centre = r.view.to_pixel({20000, 20000});
  r.blocked = {{centre.x - 100, centre.y - 40, centre.x + 100, centre.y + 40}};
  const LabelPlacement p = zila::place_labels(r);
  check_rules(b, r, p);
  CHECK(p.labels.size() > 20);
  CHECK(p.labels.size() + p.unplaced.size() == b.size());
  size_t leadered = 0;
  for (size_t i = 0; i < p.labels.size(); ++i) {
    const zila::PlacedLabel& l = p.labels[i];
    leadered += l.leader;
    for (size_t j = 0; j < p.labels.size(); ++j) {
      if (j == i) continue;
      // Padding: kLabelPaddingPx clear on each side of every label.
      if (j > i) CHECK_FALSE(l.box.grown(zila::kLabelPaddingPx - 1e-6).overlaps(p.labels[j].box.grown(zila::kLabelPaddingPx - 1e-6)));
      if (!l.leader) continue;
      // No leader runs through another label: points along it, none inside another's box.
      const LabelBox inner = p.labels[j].box.grown(-0.01);
      for (int k = 0; k <= 64; ++k) {
        const double t = k / 64.0;
        const double x = l.anchor.x + t * (l.leader_end.x - l.anchor.x), y = l.anchor.y + t * (l.leader_end.y - l.anchor.y);
        CHECK_FALSE((x > inner.x0 && x < inner.x1 && y > inner.y0 && y < inner.y1));
      }
    }
  }
  CHECK(leadered > 0);
}

TEST_CASE("Labels placed a few districts at a time (as the window spreads them over frames) are the same placement", "[unit]") {
  CrowdedMap map(30, 3);  // two districts in three coloured
  const LabelRequest& r = map.r;
  const LabelPlacement whole = zila::place_labels(r);
  REQUIRE(whole.labels.size() > 20);
  REQUIRE_FALSE(whole.unplaced.empty());

  zila::LabelPlacer placer(r);
  const auto past = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  size_t runs = 0, placed = 0;
  while (!placer.run(past)) {
    ++runs;
    // What is drawn meanwhile: the first labels of the whole placement, more with each run.
    const LabelPlacement& so_far = placer.placement();
    REQUIRE(so_far.labels.size() >= placed);
    REQUIRE(so_far.labels.size() <= whole.labels.size());
    for (size_t i = 0; i < so_far.labels.size(); ++i) REQUIRE(so_far.labels[i].district == whole.labels[i].district);
    placed = so_far.labels.size();
  }
  CHECK(runs > 10);  // 900 candidates, a few each run once the deadline has passed
  CHECK(placer.done());
  const LabelPlacement& parts = placer.placement();
  REQUIRE(parts.labels.size() == whole.labels.size());
  for (size_t i = 0; i < parts.labels.size(); ++i) {
    CHECK(parts.labels[i].district == whole.labels[i].district);
    CHECK(parts.labels[i].leader == whole.labels[i].leader);
    CHECK(parts.labels[i].box.x0 == whole.labels[i].box.x0);
    CHECK(parts.labels[i].box.y0 == whole.labels[i].box.y0);
  }
  CHECK(parts.unplaced == whole.unplaced);
  CHECK(zila::LabelPlacer(LabelRequest{}).done());  // nothing to place
}
