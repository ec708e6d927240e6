#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "golden.hpp"
#include "core/error.hpp"
#include "render/export.hpp"
#include "render/png_writer.hpp"
#include "render/slide_content.hpp"
#include "render/slide_png.hpp"
#include "render/slide_svg.hpp"

using namespace zila;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = std::string(ZILA_RENDER_TEST_DIR) + "/fixtures";

Project fixture_project() {
  Project p;
  p.data.boundaries.path = kFixtures + "/three_districts.geojson";
  p.data.parents_path = kFixtures + "/province.geojson";
  p.data.events.path = kFixtures + "/events.csv";
  p.render.width = 960;
  p.render.height = 540;
  p.render.classes.classes = 3;
  p.render.title = "Reported events, fixture";
  p.render.labels = true;
  p.render.extent = "all";
  return p;
}

struct Loaded {
  Dataset data;
};

Loaded load(const Project& p) { return Loaded{run_pipeline(p.data)}; }

sf::Image render(const Loaded& l, const RenderSettings& s) {
  TextMetrics metrics;
  SlideLayout layout = layout_slide(make_slide_content(l.data, s, resolve_period(l.data.cube, s.period)),
                                    l.data.boundaries, s.width, s.height, metrics);
  SlideRasterizer raster(l.data.boundaries, &l.data.provinces, static_cast<unsigned>(s.width), static_cast<unsigned>(s.height));
  return raster.render(layout);
}

fs::path scratch(const std::string& name) {
  fs::path dir = fs::path(ZILA_RENDER_OUT_DIR) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("Golden: the fixture slide with title, legend, note, scale bar, north arrow and labels") {
  Project p = fixture_project();
  Loaded l = load(p);
  auto result = test::compare_golden(render(l, p.render), "slide_fixture");
  INFO(result.message);
  CHECK(result.ok);
}

TEST_CASE("The slide says what is not on the map and which period it shows") {
  Project p = fixture_project();
  Loaded l = load(p);
  SlideContent c = make_slide_content(l.data, p.render, resolve_period(l.data.cube, ""));
  CHECK(c.subtitle == "March 2025");
  CHECK(c.note.find("2 events") != std::string::npos);  // the Atlantis row
  RenderSettings cumulative = p.render;
  cumulative.window.mode = WindowMode::cumulative;
  CHECK(make_slide_content(l.data, cumulative, 2).subtitle == "Jan 2025 \xE2\x80\x93 Mar 2025");
  RenderSettings rolling = p.render;
  rolling.window = {WindowMode::rolling, 2};
  CHECK(make_slide_content(l.data, rolling, 2).subtitle == "2 months to Mar 2025");
  CHECK(make_slide_content(l.data, rolling, 0).subtitle == "January 2025");  // one month so far
}

TEST_CASE("A slide paints with the window's colours: zero class, legend and note from the same map frame") {
  Project p = fixture_project();
  p.render.title.clear();  // the frame's own title
  Loaded l = load(p);
  const size_t period = resolve_period(l.data.cube, "");
  const SlideContent c = make_slide_content(l.data, p.render, period);
  MapFrame frame;
  const MapSpec spec = map_spec(p.render);
  REQUIRE(spec.style.mode == LegendMode::locked);  // --classes global by default, as the window
  const ValueMatrix values = compute_values(l.data.cube, spec.choice);
  build_map_frame(l.data.cube, l.data.join, values, classify_for(values, spec.style, false, period), spec, period, frame);
  REQUIRE(c.district_colors.size() == frame.district_colors.size());
  for (size_t d = 0; d < frame.district_colors.size(); ++d) {
    const Rgb rgb = frame.district_colors[d];
    CHECK(c.district_colors[d] == Rgba{rgb.r, rgb.g, rgb.b, 255});
  }
  REQUIRE_FALSE(c.legend.entries.empty());
  CHECK(c.legend.entries.front().color == kZeroColor);  // {238, 236, 230}, not render's old {236, 236, 236}
  // The unmapped note, then the count of the run's problems (here one unmatched name).
  REQUIRE(l.data.problems.data_problem_count() == 1);
  CHECK(c.note == unmapped_note(l.data.join) + " 1 problem, see the join report.");
  CHECK(c.title == "Events by district");
}

TEST_CASE("Project save and load reproduce the identical picture") {
  Project p = fixture_project();
  p.render.period = "2025-02";
  p.render.ramp = "Blues";
  p.render.window.mode = WindowMode::cumulative;
  fs::path dir = scratch("project");
  save_project(p, (dir / "fixture.zila.json").string());
  Project again = load_project((dir / "fixture.zila.json").string());
  CHECK(project_json(again) == project_json(p));
  sf::Image first = render(load(p), p.render), second = render(load(again), again.render);
  REQUIRE(first.getSize() == second.getSize());
  size_t bytes = 4ull * first.getSize().x * first.getSize().y;
  CHECK(std::equal(first.getPixelsPtr(), first.getPixelsPtr() + bytes, second.getPixelsPtr()));
}

TEST_CASE("All periods: one frame per period, classes locked, and a GIF") {
  Project p = fixture_project();
  p.render.width = 480;
  p.render.height = 270;
  p.render.gif = true;
  p.render.out = (scratch("frames") / "frames").string();
  Loaded l = load(p);
  ExportReport report = export_frames(l.data, &l.data.provinces, p.render);
  REQUIRE(l.data.cube.period_count() == 3);
  CHECK(report.files.size() == 4);  // three frames and the GIF
  CHECK(fs::exists(p.render.out + "/frame_0003.png"));
  CHECK(fs::file_size(p.render.out + "/animation.gif") > 1000);
  std::vector<std::string> first_labels;
  for (size_t period = 0; period < 3; ++period) {
    SlideContent c = make_slide_content(l.data, p.render, period);
    std::vector<std::string> labels;
    for (const LegendEntry& e : c.legend.entries) labels.push_back(e.label);
    if (period == 0) first_labels = labels;
    CHECK(labels == first_labels);
  }
}

TEST_CASE("SVG has one path per district, the title, and no GL") {
  Project p = fixture_project();
  Loaded l = load(p);
  TextMetrics metrics;
  SlideLayout layout =
      layout_slide(make_slide_content(l.data, p.render, 2), l.data.boundaries, 960, 540, metrics);
  std::string svg = slide_svg(layout, l.data.boundaries, &l.data.provinces);
  size_t titles = 0;
  for (size_t at = svg.find("<title>"); at != std::string::npos; at = svg.find("<title>", at + 1)) ++titles;
  CHECK(titles == 3);
  CHECK(svg.find("Reported events, fixture") != std::string::npos);
  CHECK(svg.find("fill-rule=\"evenodd\"") != std::string::npos);
}

namespace {

// The shapes as SFML drew them into the whole slide multisampled, before the slide lost its
// multisampling: the reference for the shape layer.
sf::Image shapes_multisampled(const SlideLayout& s, unsigned antialiasing) {
  sf::ContextSettings settings;
  settings.antialiasingLevel = antialiasing;
  sf::RenderTexture target;
  REQUIRE(target.create(static_cast<unsigned>(s.width), static_cast<unsigned>(s.height), settings));
  auto color = [](Rgba c) { return sf::Color(c.r, c.g, c.b, c.a); };
  auto at = [](Point p) { return sf::Vector2f(static_cast<float>(p.x), static_cast<float>(p.y)); };
  target.clear(color(s.background));
  for (const RectItem& r : s.rects) {
    sf::RectangleShape shape({static_cast<float>(r.w), static_cast<float>(r.h)});
    shape.setPosition(static_cast<float>(r.x), static_cast<float>(r.y));
    shape.setFillColor(color(r.fill));
    shape.setOutlineColor(color(r.stroke));
    shape.setOutlineThickness(static_cast<float>(r.stroke_px));
    target.draw(shape);
  }
  for (const PolygonItem& p : s.polygons) {
    sf::ConvexShape shape(p.points.size());
    for (size_t i = 0; i < p.points.size(); ++i) shape.setPoint(i, at(p.points[i]));
    shape.setFillColor(color(p.fill));
    shape.setOutlineColor(color(p.stroke));
    shape.setOutlineThickness(static_cast<float>(p.stroke_px));
    target.draw(shape);
  }
  for (const LineItem& l : s.lines) {
    const double dx = l.to.x - l.from.x, dy = l.to.y - l.from.y;
    sf::RectangleShape line({static_cast<float>(std::hypot(dx, dy)), static_cast<float>(l.width_px)});
    line.setOrigin(0, static_cast<float>(l.width_px / 2));
    line.setPosition(at(l.from));
    line.setRotation(static_cast<float>(std::atan2(dy, dx) * 180 / 3.14159265358979));
    line.setFillColor(color(l.color));
    target.draw(line);
    sf::CircleShape dot(static_cast<float>(l.dot_px));
    dot.setOrigin(static_cast<float>(l.dot_px), static_cast<float>(l.dot_px));
    dot.setPosition(at(l.from));
    dot.setFillColor(color(l.color));
    target.draw(dot);
  }
  target.display();
  return target.getTexture().copyToImage();
}

}  // namespace

TEST_CASE("Shapes off pixel edges are antialiased as in a multisampled slide, in their order") {
  SlideLayout s;
  s.width = 400, s.height = 300;
  s.style.district_outline.a = s.style.province_outline.a = 0;  // no districts: an empty map
  const Rgba ink{30, 30, 30, 255}, red{200, 30, 30, 255}, white{255, 255, 255, 255};
  s.rects = {
      {10.5, 20.25, 120.3, 40.7, {0, 0, 0, 0}, {120, 120, 120, 255}, 1.5},  // a frame between pixels
      {40.3, 30.6, 30.2, 9.7, ink, ink, 1.0},                            // scale-bar segments sharing an edge
      {70.5, 30.6, 30.2, 9.7, white, ink, 1.0},
      {60, 50, 100, 30, {0, 90, 200, 255}, red, 2},                      // on pixel edges, over the segments
      {150.7, 60.2, 40.1, 30.3, {255, 255, 255, 200}, {0, 0, 0, 0}, 0},  // translucent, over that box
      {250, 100, 60, 40, {0, 150, 0, 255}},                              // on pixel edges, alone
  };
  s.polygons = {{{{300.2, 150.7}, {280.4, 220.1}, {310.9, 200.3}}, ink, ink, 1.2},
                {{{300.2, 150.7}, {310.9, 200.3}, {330.6, 215.8}}, white, ink, 1.2}};
  s.lines = {{{20.3, 250.6}, {220.7, 180.2}, ink, 1.3, 2.6}};

  Boundaries none;
  SlideRasterizer raster(none, nullptr, 400, 300);
  REQUIRE(raster.antialiasing() > 1);
  const sf::Image actual = raster.render(s), expected = shapes_multisampled(s, raster.antialiasing());
  int largest = 0;
  size_t blended = 0;  // pixels of the reference that mix two colours: the antialiasing is there
  for (unsigned y = 0; y < 300; ++y)
    for (unsigned x = 0; x < 400; ++x) {
      const sf::Color a = actual.getPixel(x, y), e = expected.getPixel(x, y);
      largest = std::max({largest, std::abs(a.r - e.r), std::abs(a.g - e.g), std::abs(a.b - e.b), std::abs(a.a - e.a)});
      const bool pure = e == sf::Color::White || e == sf::Color(30, 30, 30) || e == sf::Color(120, 120, 120) ||
                        e == sf::Color(0, 90, 200) || e == sf::Color(200, 30, 30) || e == sf::Color(0, 150, 0);
      blended += pure ? 0 : 1;
    }
  CHECK(blended > 500);
  CHECK(largest <= 2);  // premultiplied compositing rounds differently by a level
}

TEST_CASE("Scale bar lengths are round numbers") {
  CHECK(nice_scale_length(73000) == 50000);
  CHECK(nice_scale_length(199) == 100);
  CHECK(nice_scale_length(2500) == 2000);
}

TEST_CASE("write_png: rows in either order, RGB when opaque and RGBA otherwise, read back exactly") {
  const unsigned w = 7, h = 5;  // odd sizes catch stride mistakes
  std::vector<std::uint8_t> pixels(w * h * 4);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i * 37 % 251);
  for (bool opaque : {true, false}) {
    for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = opaque ? 255 : static_cast<std::uint8_t>(i % 200);
    for (bool bottom_up : {false, true}) {
      std::string path = std::string(ZILA_RENDER_OUT_DIR) + "/write_png_test.png";
      std::filesystem::create_directories(ZILA_RENDER_OUT_DIR);
      zila::write_png({pixels.data(), w, h, bottom_up}, path);
      sf::Image back;
      REQUIRE(back.loadFromFile(path));
      REQUIRE(back.getSize() == sf::Vector2u(w, h));
      for (unsigned y = 0; y < h; ++y)
        for (unsigned x = 0; x < w; ++x) {
          const std::uint8_t* p = &pixels[((bottom_up ? h - 1 - y : y) * w + x) * 4];
          CHECK(back.getPixel(x, y) == sf::Color(p[0], p[1], p[2], p[3]));
        }
    }
  }
  CHECK_THROWS_AS(zila::write_png({pixels.data(), w, h, false}, "/nonexistent/dir/x.png"), zila::Error);
}
