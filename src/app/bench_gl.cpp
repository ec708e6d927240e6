#include "bench_gl.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include <SFML/Graphics.hpp>
#include <SFML/OpenGL.hpp>

#include "bench_common.hpp"
#include "core/error.hpp"
#include "core/geo/geos_ops.hpp"
#include "core/map/labels.hpp"
#include "render/export.hpp"
#include "render/headless_display.hpp"
#include "render/map_renderer.hpp"
#include "render/png_writer.hpp"
#include "render/tessellation.hpp"
#include "render/text_metrics.hpp"
#include "ui/logic/map_view.hpp"
#include "ui/shell/panels.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A jittered grid of `n` quads sharing jittered corners: no overlaps, no gaps, like real districts.
Boundaries scale_fixture(size_t n, uint64_t seed) {
  const size_t side = static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> jitter(-0.3, 0.3);
  std::vector<Point> corners((side + 1) * (side + 1));
  for (size_t r = 0; r <= side; ++r) {
    for (size_t c = 0; c <= side; ++c) {
      bool edge = r == 0 || c == 0 || r == side || c == side;
      corners[r * (side + 1) + c] = {(static_cast<double>(c) + (edge ? 0 : jitter(random))) * 1000,
                                     (static_cast<double>(r) + (edge ? 0 : jitter(random))) * 1000};
    }
  }
  Boundaries b;
  for (size_t i = 0; i < n; ++i) {
    size_t r = i / side, c = i % side;
    std::vector<Point> ring{corners[r * (side + 1) + c], corners[r * (side + 1) + c + 1],
                            corners[(r + 1) * (side + 1) + c + 1], corners[(r + 1) * (side + 1) + c]};
    b.projected.begin_feature();
    b.projected.begin_polygon();
    b.projected.add_ring(ring);
    b.names.push_back(fmt::format("synthetic cell {}", i));
  }
  b.lonlat = b.projected;
  return b;
}

// How the view moves between the timed frames: not at all (a time-slider step, or any redraw over an
// unchanged map), or by a pixel each frame (panning: everything is drawn from the geometry again).
enum class ViewMotion { still, panning };

// A map frame into `target` (cleared first, glFinish after; an offscreen target is displayed, a
// window is not swapped: no wait for the screen).
double frame_ms(sf::RenderTarget& target, MapRenderer& renderer, ViewTransform view, int reps,
                ViewMotion motion = ViewMotion::still) {
  int frame = 0;
  auto* texture = dynamic_cast<sf::RenderTexture*>(&target);
  return median_ms(reps, [&] {
    if (motion == ViewMotion::panning) view.pan_pixels(++frame % 2 ? 1 : -1, 0);
    target.clear(sf::Color::White);
    renderer.draw(target, view);
    if (texture) texture->display();
    glFinish();
  });
}

// The view of the frame rows: all the districts in the target.
ViewTransform fitted_view(const sf::RenderTarget& target, const Boundaries& b) {
  return ViewTransform::fit(b.projected.bbox(), target.getSize().x, target.getSize().y);
}

double frame_ms(sf::RenderTexture& target, MapRenderer& renderer, const Boundaries& b, int reps,
                ViewMotion motion = ViewMotion::still) {
  return frame_ms(target, renderer, fitted_view(target, b), reps, motion);
}

double upload_ms(MapRenderer& renderer, const std::vector<Rgb>& colors, int reps) {
  return median_ms(reps, [&] {
    renderer.set_district_colors(colors);
    glFinish();
  });
}

// Beside the frame over an unchanged view (the renderer's view layers composed on the CPU, see
// MapRenderer::set_view_layers): the same composed by the view-layers shader, a frame while panning,
// and the same frame drawn from the geometry every time (the way of Zila before the layers, and of a
// renderer without them), under `prefix`.
void frame_rows(sf::RenderTexture& target, MapRenderer& renderer, const Boundaries& b, int reps, const std::string& prefix,
                json& zila) {
  zila[prefix + "frame_1080p_panning_ms"] = frame_ms(target, renderer, b, reps, ViewMotion::panning);
  const MapRenderer::LayerCompose chosen = renderer.layer_compose();
  renderer.set_layer_compose(MapRenderer::LayerCompose::shader);
  zila[prefix + "frame_1080p_shader_ms"] = frame_ms(target, renderer, b, reps);
  renderer.set_layer_compose(chosen);
  renderer.set_view_layers(false);
  zila[prefix + "frame_1080p_geometry_ms"] = frame_ms(target, renderer, b, reps);
  renderer.set_view_layers(true);
}

// The map of the window (1920x1080, its map area beside the side panels at UI scale 1) over an
// unchanged view, as a time-slider step redraws it (MapApp::draw_map): the view layers composed on
// the CPU into an offscreen map layer within the map area, whose map area a sprite copies into the
// window; "before", composed over the whole layer; by the view-layers shader straight into the window
// (the alternative the window does not take: slower on llvmpipe); and the window's way while panning
// (the map layer from the geometry).
void window_rows(sf::RenderWindow& window, MapRenderer& renderer, const Boundaries& b, int reps, const std::string& prefix,
                 json& zila) {
  const ui::PanelLayout layout = ui::compute_layout(1920, 1080, 1);
  const ui::PixelRect a = layout.map_area();
  const sf::IntRect area(static_cast<int>(a.x), static_cast<int>(a.y), static_cast<int>(std::ceil(a.w)),
                         static_cast<int>(std::ceil(a.h)));
  ViewTransform view = ui::fit_in_area(b.projected.bbox(), 1920, 1080, a);
  sf::RenderTexture layer;
  if (!layer.create(1920, 1080)) throw Error("cannot create a 1920x1080 map layer");
  auto window_frames = [&](std::optional<sf::IntRect> visible, ViewMotion motion) {
    renderer.set_visible_area(visible);
    int frame = 0;
    return median_ms(reps, [&] {
      if (motion == ViewMotion::panning) view.pan_pixels(++frame % 2 ? 1 : -1, 0);
      layer.clear(sf::Color::White);
      renderer.draw(layer, view);
      layer.display();
      window.setActive(true);
      window.clear(sf::Color::White);
      sf::Sprite copy(layer.getTexture(), area);
      copy.setPosition(static_cast<float>(area.left), static_cast<float>(area.top));
      window.draw(copy, sf::RenderStates(sf::BlendNone));
      glFinish();
    });
  };
  zila[prefix + "window_frame_1080p_ms"] = window_frames(area, ViewMotion::still);
  zila[prefix + "window_frame_1080p_panning_ms"] = window_frames(area, ViewMotion::panning);
  zila[prefix + "window_frame_1080p_before_ms"] = window_frames(std::nullopt, ViewMotion::still);
  window.setActive(true);
  renderer.set_visible_area(area);
  const MapRenderer::LayerCompose chosen = renderer.layer_compose();
  renderer.set_layer_compose(MapRenderer::LayerCompose::shader);
  zila[prefix + "window_frame_1080p_shader_ms"] = frame_ms(window, renderer, view, reps);
  renderer.set_layer_compose(chosen);
  renderer.set_visible_area(std::nullopt);
}

// The upload alone and a whole step (CPU part + upload: what the window pays per step), stepping
// through the periods, under `prefix` ("" for the districts, "scale_" for the 100k grid).
void slider_step_gl_rows(SliderStep& step, MapRenderer& renderer, int reps, const std::string& prefix, json& zila) {
  const size_t periods = std::max<size_t>(step.values->periods, 1);
  size_t period = 0;
  zila[prefix + "colour_upload_ms"] = upload_ms(renderer, step.frame.district_colors, reps);
  zila[prefix + "slider_step_total_ms"] = median_ms(reps, [&] {
    step.colour(period++ % periods);
    renderer.set_district_colors(step.frame.district_colors);
    glFinish();
  });
}

// The district labels that the window places again after each step (they are on by default), over
// `b` fitted into 1920x1080, names measured in DejaVu at the window's 12 px.
double label_placement_ms(const Boundaries& b, const MapFrame& frame, int reps) {
  const TextMetrics metrics;
  const ViewTransform view = ViewTransform::fit(b.projected.bbox(), 1920, 1080);
  LabelRequest request;
  request.districts = &b;
  request.priority = &frame.label_priority;
  request.view = {view.center, view.pixels_per_metre, 0, 0, view.width, view.height};
  request.text_width = [&](std::string_view name) { return metrics.width(name, 12); };
  request.text_height = 12;
  return median_ms(reps, [&] { place_labels(request); });
}

// The choropleth of the frame rows for the QGIS peer (bench/qgis_peer.py draws the same): the
// boundary file, the display CRS and the extent of `view`, each district's value and colour as the
// renderer has them, the classes' bounds and colours, the district outlines and the background.
void write_frame_choropleth(const Boundaries& b, const SliderStep& step, const MapStyle& style, const ViewTransform& view,
                            const std::string& path) {
  auto rgb = [](auto c) { return json::array({c.r, c.g, c.b}); };
  const MapFrame& frame = step.frame;
  const Classification& classes = frame.coloring.classes;
  const auto row = step.values->windowed.begin() + static_cast<std::ptrdiff_t>(frame.period * step.values->districts);
  const std::vector<double> values(row, row + static_cast<std::ptrdiff_t>(step.values->districts));
  json out{{"boundaries", b.source}, {"layer", b.layer}, {"name_field", b.name_field}, {"display_crs", b.display_crs},
           {"width", std::lround(view.width)}, {"height", std::lround(view.height)}, {"names", b.names}, {"values", values},
           {"background", json::array({255, 255, 255})}};
  const Point low = view.to_map({0, view.height}), high = view.to_map({view.width, 0});
  out["extent"] = json::array({low.x, low.y, high.x, high.y});
  for (const Rgb& c : frame.district_colors) out["district_colors"].push_back(rgb(c));
  for (size_t k = 0; k < classes.class_count(); ++k)
    out["classes"].push_back(
        {{"lower", classes.lower[k]}, {"upper", classes.upper[k]}, {"color", rgb(frame.coloring.class_colors[k])}});
  const Rgba line = style.district_outline;
  out["outline"] = {{"color", json::array({line.r, line.g, line.b, line.a})},
                    {"width_px", style.district_outline_px * style.line_scale}};
  std::ofstream file(path);
  file << out.dump() << "\n";
  if (!file) throw Error(fmt::format("{}: cannot write the frame's choropleth", path));
}

// The PNG encoding of the 4K slide alone: write_png (bands deflated on all cores) against SFML's
// sf::Image::saveToFile (stb_image_write, one thread), on the pixels of the exported slide.
void png_encode_rows(const std::string& slide_png, const std::string& out, int reps, json& zila) {
  sf::Image slide;
  if (!slide.loadFromFile(slide_png)) throw Error(fmt::format("{}: cannot read the exported slide back", slide_png));
  const PixelsView pixels{slide.getPixelsPtr(), slide.getSize().x, slide.getSize().y, false};
  zila["png_encode_4k_ms"] = median_ms(reps, [&] { write_png(pixels, out); });
  zila["png_encode_4k_sfml_ms"] = median_ms(1, [&] {
    if (!slide.saveToFile(out)) throw Error(fmt::format("{}: SFML cannot write it", out));
  });
}

}  // namespace

std::string frame_choropleth_path(const std::string& dir) { return (fs::path(dir) / "frame_choropleth.json").string(); }

void gl_rows(const GlBenchSettings& s, const Dataset& data, json& zila) {
  fmt::print("{}\n", ensure_display());
  sf::RenderWindow window(sf::VideoMode(1920, 1080), "zila bench", sf::Style::None);
  {
    sf::RenderTexture target;
    if (!target.create(1920, 1080)) throw Error("cannot create a 1920x1080 offscreen target");
    target.setActive(true);
    MapRenderer renderer(data.boundaries, nullptr);
    fmt::print("view layers composed by: {} (GL driver: {}; ZILA_LAYER_COMPOSE overrides)\n",
               name_of(renderer.layer_compose()), MapRenderer::gl_renderer_and_vendor());
    zila["layer_compose"] = name_of(renderer.layer_compose());
    SliderStep step(data.cube);
    step.colour(data.cube.period_count() - 1);
    slider_step_gl_rows(step, renderer, s.reps * 20, "", zila);
    zila["label_placement_ms"] = label_placement_ms(data.boundaries, step.frame, s.reps * 4);
    write_frame_choropleth(data.boundaries, step, renderer.style(), fitted_view(target, data.boundaries),
                           frame_choropleth_path(s.dir));
    zila["frame_1080p_ms"] = frame_ms(target, renderer, data.boundaries, s.reps * 4);
    frame_rows(target, renderer, data.boundaries, s.reps * 4, "", zila);
    window_rows(window, renderer, data.boundaries, s.reps * 4, "", zila);
  }
  RenderSettings render;
  render.width = 3840, render.height = 2160;
  render.out = (fs::path(s.dir) / "zila_bench_4k.png").string();
  zila["export_4k_png_ms"] = median_ms(std::min(s.reps, 3), [&] { export_picture(data, nullptr, render); });
  png_encode_rows(render.out, (fs::path(s.dir) / "zila_bench_4k_again.png").string(), std::min(s.reps, 3), zila);

  // Scale fixture: 100k polygons, 24 periods of random counts.
  Boundaries grid = scale_fixture(100000, s.seed);
  grid.label_points.resize(grid.size());
  for (size_t d = 0; d < grid.size(); ++d) grid.label_points[d] = label_point(grid.projected, d);
  Cube cube;
  cube.district_count = grid.size();
  cube.period_starts.resize(24);
  std::mt19937_64 random(s.seed);
  std::poisson_distribution<int> events(3.0);
  for (auto& metric : cube.values) metric.assign(cube.period_count() * cube.district_count, 0.0);
  for (double& v : cube.values[static_cast<size_t>(Metric::events)]) v = events(random);
  zila["scale_polygons"] = grid.size();
  zila["scale_tessellation_ms"] = tessellate(grid.projected).ms;
  sf::RenderTexture target;
  if (!target.create(1920, 1080)) throw Error("cannot create a 1920x1080 offscreen target");
  target.setActive(true);
  MapRenderer renderer(grid, nullptr);
  SliderStep step(cube);
  size_t period = 0;
  zila["scale_slider_step_cpu_ms"] = median_ms(s.reps * 10, [&] { step.colour(period++ % cube.period_count()); });
  slider_step_gl_rows(step, renderer, s.reps * 10, "scale_", zila);
  zila["scale_label_placement_ms"] = label_placement_ms(grid, step.frame, 3);
  zila["scale_frame_1080p_ms"] = frame_ms(target, renderer, grid, s.reps * 4);
  frame_rows(target, renderer, grid, s.reps * 4, "scale_", zila);
  window_rows(window, renderer, grid, s.reps * 4, "scale_", zila);
}

}  // namespace zila
