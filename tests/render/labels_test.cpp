// Labels on a slide of the real drone-strike map of Khyber Pakhtunkhwa (2004 - 2012): every coloured
// district named (inside it, or by a leader line), no name on a neighbour, the picture pinned by a
// golden image. The placement itself is tested by geometry in tests/core/map/labels_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "golden.hpp"
#include "core/pipeline.hpp"
#include "core/project.hpp"
#include "render/slide_content.hpp"
#include "render/slide_png.hpp"

using namespace zila;

namespace {

Project kp_drone_project() {
  const std::string shared = ZILA_SHARED_DIR;
  Project p;
  p.data.boundaries.path = shared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  p.data.parents_path = shared + "/geodata/pak/geoBoundaries-PAK-ADM1_simplified.geojson";
  p.data.events.path = shared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  p.data.events.default_category = Category::operation;
  p.data.aliases_path = std::string(ZILA_GEODATA_DIR) + "/aliases.csv";
  p.data.bin = Bin::year;
  p.render.width = 1280;
  p.render.height = 720;
  p.render.labels = true;
  p.render.extent = "Khyber Pakhtunkhwa";
  p.render.period = "2012";
  p.render.window.mode = WindowMode::cumulative;
  p.render.source = "Source: New America drone strikes";
  return p;
}

}  // namespace

TEST_CASE("Golden: a KP slide names every coloured district, none on a neighbour") {
  const Project p = kp_drone_project();
  const Dataset data = run_pipeline(p.data);
  const SlideContent c = make_slide_content(data, p.render, resolve_period(data.cube, p.render.period));
  TextMetrics metrics;
  const SlideLayout layout = layout_slide(c, data.boundaries, p.render.width, p.render.height, metrics);

  std::set<std::string> texts;
  for (const TextItem& t : layout.texts) texts.insert(t.text);
  const LabelView view{layout.view.center, layout.view.pixels_per_metre, layout.map_x, layout.map_y, layout.view.width,
                       layout.view.height};
  size_t coloured = 0;
  for (size_t d = 0; d < data.boundaries.size(); ++d) {
    const Point a = view.to_pixel(data.boundaries.label_points[d]);
    const bool in_view = a.x > layout.map_x && a.y > layout.map_y && a.x < layout.map_x + layout.view.width &&
                         a.y < layout.map_y + layout.view.height;
    if (!in_view || !c.label_priority.coloured[d]) continue;
    ++coloured;
    INFO(data.boundaries.names[d]);
    CHECK(texts.contains(data.boundaries.names[d]));
  }
  CHECK(coloured >= 7);
  for (const char* name : {"Bajaur", "Khyber", "North Waziristan", "Bannu"}) CHECK(texts.contains(name));
  CHECK_FALSE(layout.lines.empty());  // the small tribal districts are leadered

  SlideRasterizer raster(data.boundaries, &data.provinces, static_cast<unsigned>(p.render.width),
                         static_cast<unsigned>(p.render.height));
  const auto result = test::compare_golden(raster.render(layout), "slide_labels_kp");
  INFO(result.message);
  CHECK(result.ok);
}

TEST_CASE("Pinned and hidden names and the density reach the slide, and survive the project file") {
  Project p = kp_drone_project();
  p.render.label_settings = {0.0, {"Lahore"}, {"Bannu"}};
  const Dataset data = run_pipeline(p.data);
  TextMetrics metrics;
  auto names = [&](const RenderSettings& s) {
    const SlideContent c = make_slide_content(data, s, resolve_period(data.cube, s.period));
    std::set<std::string> out;
    for (const TextItem& t : layout_slide(c, data.boundaries, s.width, s.height, metrics).texts) out.insert(t.text);
    return out;
  };
  const std::set<std::string> shown = names(p.render);
  CHECK_FALSE(shown.contains("Bannu"));  // coloured, but hidden
  CHECK(shown.contains("Lahore"));       // pinned, though outside KP's coloured set
  CHECK(shown.contains("Bajaur"));
  CHECK_FALSE(shown.contains("Chitral"));  // grey, and the density is 0
  RenderSettings denser = p.render;
  denser.label_settings.density = 1;
  CHECK(names(denser).contains("Chitral"));

  const std::string path = std::string(ZILA_RENDER_OUT_DIR) + "/labels_project.zila.json";
  std::filesystem::create_directories(ZILA_RENDER_OUT_DIR);
  save_project(p, path);
  CHECK(load_project(path).render.label_settings == p.render.label_settings);
  p.render.label_settings.density = 1.5;
  CHECK_THROWS_WITH(validate_render_settings(p.render), Catch::Contains("label density 1.5"));
}
