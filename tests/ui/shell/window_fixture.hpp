// What the window tests share: the default data's window, loading it, moving the slider, reading a
// district's colour off the screen.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/core.h>
#include <SFML/Graphics/Image.hpp>
#include <SFML/Window/Mouse.hpp>
#include <unistd.h>

#include "ui/shell/map_app.hpp"

namespace zila::ui::window_fixture {

inline PipelineOptions default_data() {
  const std::string shared = ZILA_SHARED_DIR;
  PipelineOptions o;
  o.boundaries.path = shared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.parents_path = shared + "/geodata/pak/geoBoundaries-PAK-ADM1_simplified.geojson";
  o.events.path = shared + "/events/reported_district_events_2024_2025.csv";
  o.bin = Bin::month;
  return o;
}

// A scratch folder of this process: helpers and CI run these tests concurrently on one machine.
inline std::filesystem::path scratch_dir(const std::string& name) {
  return std::filesystem::temp_directory_path() / fmt::format("{}_{}", name, ::getpid());
}

inline size_t district_named(const Dataset& d, const std::string& name) {
  auto it = std::find(d.boundaries.names.begin(), d.boundaries.names.end(), name);
  REQUIRE(it != d.boundaries.names.end());
  return static_cast<size_t>(it - d.boundaries.names.begin());
}

inline size_t period_labelled(const Dataset& d, const std::string& label) {
  for (size_t p = 0; p < d.cube.period_count(); ++p)
    if (period_label(d.cube.bin, d.cube.period_starts[p]) == label) return p;
  FAIL("no period " << label);
  return 0;
}

// The default data's window; labels off, so the pixel at a district's label point is its fill.
inline ViewOptions window_options(unsigned width = 1280, unsigned height = 800, bool labels = false) {
  ViewOptions options;
  options.data = default_data();
  options.width = width;
  options.height = height;
  options.ui_scale = 1;
  options.labels = labels;
  options.exit_after_frames = 1;  // no vsync wait
  return options;
}

// Loads the window's data and puts the mouse over a panel: no hover tooltip or outline on the map.
inline AppState& load(MapApp& app) {
  REQUIRE(app.load_now());
  sf::Mouse::setPosition({5, 5}, app.window());
  return app.state();
}

// Moves the slider from the first period (where a load leaves it) to the period labelled `label`.
inline void show_period(AppState& s, const std::string& label) {
  timeline_step(s.timeline, static_cast<int>(period_labelled(*s.data(), label)), s.values->has_data);
}

// The colour on screen at a district's label point (labels are off, so it is the fill).
inline Rgb pixel_at(MapApp& app, size_t district) {
  AppState& s = app.state();
  const Point px = s.view.to_pixel(s.data()->boundaries.label_points[district]);
  REQUIRE(s.map_area.contains(px));
  sf::Image image;
  REQUIRE(app.frame(&image));
  const sf::Color c = image.getPixel(static_cast<unsigned>(px.x), static_cast<unsigned>(px.y));
  return {c.r, c.g, c.b};
}

inline bool near(Rgb a, Rgb b) { return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b) <= 12; }

}  // namespace zila::ui::window_fixture
