// The view layers (MapRenderer::set_view_layers, render/view_layers.hpp) against drawing from the
// geometry: the same pictures, to the rounding of 8-bit premultiplied strokes, on the fixtures, the
// 20000-district raster and real PAK ADM2 + ADM1, after colour changes, with hover and selection,
// translucent and missing colours, and the map in a viewport of a larger target.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "core/geo/boundaries.hpp"
#include "fixtures.hpp"
#include "render/map_renderer.hpp"

using namespace zila;

namespace {

struct Difference {
  int largest = 0;     // largest difference of a channel
  size_t pixels = 0;   // pixels that differ at all
};

Difference compare(const sf::Image& a, const sf::Image& b) {
  REQUIRE(a.getSize() == b.getSize());
  Difference d;
  const sf::Uint8 *p = a.getPixelsPtr(), *q = b.getPixelsPtr();
  const size_t n = size_t{a.getSize().x} * a.getSize().y;
  for (size_t i = 0; i < n; ++i) {
    int most = 0;
    for (int c = 0; c < 4; ++c) most = std::max(most, std::abs(p[4 * i + c] - q[4 * i + c]));
    d.largest = std::max(d.largest, most);
    d.pixels += most > 0;
  }
  return d;
}

// Draws the map into `port` (a fraction of the target, as slides place it) over a background.
struct Drawing {
  sf::RenderTexture target;
  sf::FloatRect port{0, 0, 1, 1};
  sf::Color background = sf::Color::White;

  sf::Image draw(MapRenderer& map, const ViewTransform& view) {
    target.setActive(true);
    target.setView(target.getDefaultView());
    target.clear(background);
    sf::View in_port = target.getDefaultView();
    in_port.setViewport(port);
    target.setView(in_port);
    map.draw(target, view);
    target.setView(target.getDefaultView());
    target.display();
    return target.getTexture().copyToImage();
  }
};

// The frame from the geometry, then the same view twice from the layers (the first of them makes
// them), each compared. A fill and one stroke over it blend exactly as GL does; where strokes overlap
// (both neighbours stroke a border, a province line over it) they are kept premultiplied in 8 bits,
// which rounds once where GL rounds after each: measured at most 4 of 255 on PAK ADM2 + ADM1 (the
// golden images allow 24).
// Both ways of composing the layers: on the CPU and by shaders/view_layers.fragment.glsl.
void check_same_picture(Drawing& drawing, MapRenderer& map, const ViewTransform& view, const char* what) {
  map.set_view_layers(false);
  const sf::Image geometry = drawing.draw(map, view);
  CHECK_FALSE(map.drew_from_view_layers());
  map.set_view_layers(true);
  for (const auto compose : {MapRenderer::LayerCompose::cpu, MapRenderer::LayerCompose::shader}) {
    map.set_layer_compose(compose);
    drawing.draw(map, view);  // a view's first frame is drawn from the geometry
    for (int frame = 0; frame < 2; ++frame) {
      const Difference d = compare(drawing.draw(map, view), geometry);
      INFO(what << (compose == MapRenderer::LayerCompose::cpu ? ", on the CPU" : ", by the shader") << ", frame "
                << frame << ": " << d.pixels << " pixels differ, by at most " << d.largest);
      CHECK(map.drew_from_view_layers());
      CHECK(d.largest <= 4);
    }
  }
  map.set_layer_compose(MapRenderer::LayerCompose::cpu);
}

}  // namespace

TEST_CASE("View layers: runs cover exactly the pixels a frame changes; a box composes as the whole") {
  // 9 x 4 layers, rows bottom-up: district numbers + 1 (0: none, 0xFFFFFF: outside), two strokes.
  constexpr unsigned w = 9, h = 4;
  const std::vector<Rgba8> ids = {1, 1, 1, 2, 2, 0, 0, 3, 3,          //
                                  1, 1, 2, 2, 2, 0, 3, 3, 3,          //
                                  0, 1, 1, 2, 0xFFFFFF, 0, 3, 3, 1,   //
                                  0, 0, 0, 0, 0, 0, 0, 0, 0};
  std::vector<Rgba8> strokes(w * h, 0);
  strokes[1 * w + 5] = 0x80402010;  // over no district
  strokes[1 * w + 1] = 0x40202020;  // over district 0
  auto district = [&](unsigned x, unsigned y) { return static_cast<int>(ids[y * w + x] & 0xFFFFFF) - 1; };
  for (const bool raster_edges : {false, true}) {
    ViewLayers layers;
    layers.set(w, h, ids, strokes, raster_edges);
    INFO("raster edges " << raster_edges);
    // Every pixel of a district or a stroke is in exactly one run of its row, a fill run only of
    // pixels of its district without a stroke or (with raster edges) a neighbour along +x or +y of
    // another district; no other pixel is in a run.
    for (unsigned y = 0; y < h; ++y) {
      std::vector<int> covered(w, 0);
      for (std::uint32_t r = layers.row_first_run[y]; r < layers.row_first_run[y + 1]; ++r) {
        const ViewLayers::Run& run = layers.runs[r];
        for (unsigned x = run.x; x < run.x + run.length; ++x) {
          ++covered[x];
          if (run.district < 0) {
            const ViewLayers::DetailPixel& p = layers.details[run.first_detail + x - run.x];
            CHECK(p.district == (district(x, y) == 0xFFFFFE ? ViewLayers::kOutside : district(x, y)));
            CHECK(p.stroke == strokes[y * w + x]);
            continue;
          }
          CHECK(district(x, y) == run.district);
          CHECK(strokes[y * w + x] == 0);
          if (raster_edges) {
            const int right = district(std::min(x + 1, w - 1), y), above = district(x, std::min(y + 1, h - 1));
            CHECK((right == run.district || right == 0xFFFFFE));
            CHECK((above == run.district || above == 0xFFFFFE));
          }
        }
      }
      for (unsigned x = 0; x < w; ++x) {
        const bool changes = (district(x, y) >= 0 && district(x, y) != 0xFFFFFE) || strokes[y * w + x] != 0;
        CHECK(covered[x] == (changes ? 1 : 0));
      }
    }
    CHECK(layers.row_first_run[h] == layers.row_first_run[h - 1]);  // the top row changes nothing
    CHECK(layers.used_height == 3);
    // Opaque, translucent and (district 2) transparent colours; the outline over raster edges.
    const std::vector<std::uint8_t> colors = {200, 10, 10, 255, 10, 200, 10, 128, 1, 2, 3, 0};
    const float outline[4] = {0.2f, 0.2f, 0.2f, 0.6f};
    const Rgba8 background = 0xFF5A3C1E;
    std::vector<Rgba8> whole(w * h, background);
    compose(layers, colors, std::span<const float, 4>(outline), {0, 0, w, h}, whole);
    for (unsigned y = 0; y < h; ++y)
      for (unsigned x = 0; x < w; ++x) {
        const Rgba8 pixel = whole[y * w + x];
        const int d = district(x, y);
        if ((d < 0 || d == 0xFFFFFE) && strokes[y * w + x] == 0) CHECK(pixel == background);
        if (!raster_edges && strokes[y * w + x] == 0 && d == 0) CHECK(pixel == 0xFF0A0AC8u);  // the opaque fill
        if (!raster_edges && d == 2) CHECK(pixel == background);  // transparent
        if (!raster_edges && d == 1) CHECK((pixel != background && pixel >> 24 == 255));  // translucent over it
      }
    // Every box (the visible area clips runs at both ends) composes the same pixels.
    for (unsigned bx = 0; bx < w; ++bx)
      for (unsigned bw = 1; bx + bw <= w; ++bw) {
        const PixelBox box{bx, 1, bw, 2};
        std::vector<Rgba8> part(size_t{bw} * 2, background);
        compose(layers, colors, std::span<const float, 4>(outline), box, part);
        for (unsigned y = 0; y < 2; ++y)
          for (unsigned x = 0; x < bw; ++x) REQUIRE(part[y * bw + x] == whole[(1 + y) * w + bx + x]);
      }
  }
}

TEST_CASE("View layers: the fixture districts, colours changed, hover and selection, in a viewport") {
  const Boundaries districts = test::three_districts();
  const Boundaries province = test::fixture_province();
  Drawing drawing;
  REQUIRE(drawing.target.create(320, 300));
  drawing.target.setActive(true);
  MapRenderer map(districts, &province);
  const ViewTransform view = ViewTransform::fit(districts.projected.bbox(), 256, 256);
  map.set_district_colors(std::vector<Rgb>{{254, 204, 92}, {240, 59, 32}, {189, 0, 38}});
  check_same_picture(drawing, map, view, "opaque colours");
  // A time-slider step: only the colours change (one translucent, one missing: transparent).
  map.set_district_colors(std::span<const Rgba>(std::vector<Rgba>{{10, 120, 200, 128}, {240, 59, 32, 255}}));
  check_same_picture(drawing, map, view, "translucent and missing colours");
  map.set_highlight(2, 1);
  check_same_picture(drawing, map, view, "hover and selection");
  drawing.port = {0.1f, 0.05f, 0.8f, 256.f / 300};
  drawing.background = sf::Color(30, 60, 90);
  check_same_picture(drawing, map, view, "in a viewport, on a dark background");
  MapStyle thick = map.style();
  thick.line_scale = 2.5f;
  map.set_style(thick);
  check_same_picture(drawing, map, view, "another style");
  check_same_picture(drawing, map, ViewTransform{{60000, 50000}, 0.02, 256, 256}, "zoomed in");
}

TEST_CASE("View layers: 20000 districts from the raster, with outlines from the raster and without") {
  const Boundaries districts = test::grid(200, 100, 1000);
  Drawing drawing;
  REQUIRE(drawing.target.create(800, 400));
  drawing.target.setActive(true);
  MapRenderer map(districts, nullptr);
  std::vector<Rgb> colors(districts.size());
  for (size_t d = 0; d < colors.size(); ++d) colors[d] = {static_cast<uint8_t>(d * 37), static_cast<uint8_t>(d / 7), 90};
  map.set_district_colors(colors);
  const ViewTransform outlined{{100000, 50000}, 0.004, 800, 400};  // 4 px per district, texels under a pixel
  REQUIRE(map.uses_district_raster(outlined));
  check_same_picture(drawing, map, outlined, "raster, outlined");
  const ViewTransform small{{100000, 50000}, 0.0025, 800, 400};
  REQUIRE(map.uses_district_raster(small));
  check_same_picture(drawing, map, small, "raster, no outlines");
  check_same_picture(drawing, map, ViewTransform{{20000, 10000}, 0.05, 800, 400}, "polygons");
}

TEST_CASE("View layers: PAK ADM2 with provinces at 1920x1080") {
  BoundaryOptions adm2, adm1;
  adm2.path = std::string(ZILA_SHARED_DIR) + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  adm1.path = std::string(ZILA_SHARED_DIR) + "/geodata/pak/geoBoundaries-PAK-ADM1_simplified.geojson";
  const Boundaries districts = load_boundaries(adm2), provinces = load_boundaries(adm1);
  Drawing drawing;
  REQUIRE(drawing.target.create(1920, 1080));
  drawing.target.setActive(true);
  MapRenderer map(districts, &provinces);
  std::vector<Rgb> colors(districts.size());
  for (size_t d = 0; d < colors.size(); ++d) colors[d] = {static_cast<uint8_t>(40 + d), static_cast<uint8_t>(200 - d), 120};
  map.set_district_colors(colors);
  const ViewTransform view = ViewTransform::fit(districts.projected.bbox(), 1920, 1080);
  check_same_picture(drawing, map, view, "fitted");
  std::reverse(colors.begin(), colors.end());
  map.set_district_colors(colors);
  map.set_highlight(5, 17);
  check_same_picture(drawing, map, view, "next period, hover and selection");
}

TEST_CASE("View layers: with a visible area, only it is drawn, as from the geometry") {
  const Boundaries districts = test::three_districts();
  const Boundaries province = test::fixture_province();
  Drawing drawing;
  REQUIRE(drawing.target.create(256, 256));
  drawing.target.setActive(true);
  MapRenderer map(districts, &province);
  map.set_district_colors(std::vector<Rgb>{{254, 204, 92}, {240, 59, 32}, {189, 0, 38}});
  const ViewTransform view = ViewTransform::fit(districts.projected.bbox(), 256, 256);
  map.set_view_layers(false);
  const sf::Image whole = drawing.draw(map, view);
  const sf::IntRect visible(40, 30, 150, 170);  // the window's map area beside its panels
  map.set_visible_area(visible);
  for (const auto compose : {MapRenderer::LayerCompose::cpu, MapRenderer::LayerCompose::shader}) {
    map.set_layer_compose(compose);
    for (const bool layers : {false, true}) {
      map.set_view_layers(layers);
      drawing.draw(map, view);
      const sf::Image part = drawing.draw(map, view);
      CHECK(map.drew_from_view_layers() == layers);
      int inside = 0, outside = 0;
      for (unsigned y = 0; y < 256; ++y) {
        for (unsigned x = 0; x < 256; ++x) {
          const sf::Color p = part.getPixel(x, y), w = whole.getPixel(x, y);
          const int most = std::max({std::abs(p.r - w.r), std::abs(p.g - w.g), std::abs(p.b - w.b)});
          if (visible.contains(static_cast<int>(x), static_cast<int>(y)))
            inside = std::max(inside, most);
          else if (p != drawing.background)
            ++outside;
        }
      }
      INFO((layers ? "from the layers" : "from the geometry") << ", compose " << static_cast<int>(compose));
      CHECK(inside <= 4);
      CHECK(outside == 0);
    }
  }
}

TEST_CASE("View layers: composed on the CPU for software rasterisers, by the shader on GPUs, unless overridden") {
  using Compose = MapRenderer::LayerCompose;
  // GL_RENDERER / GL_VENDOR strings as drivers report them.
  for (const char* software : {"llvmpipe (LLVM 15.0.6, 256 bits) / Mesa", "softpipe / Mesa",
                               "Mesa DRI Intel(R) swrast / Intel", "Apple Software Renderer / Apple Computer, Inc.",
                               "GDI Generic / Microsoft Corporation"}) {
    INFO(software);
    CHECK(MapRenderer::software_rasteriser(software));
    CHECK(MapRenderer::layer_compose_for(software, nullptr) == Compose::cpu);
    CHECK(MapRenderer::layer_compose_for(software, "") == Compose::cpu);
    CHECK(MapRenderer::layer_compose_for(software, "shader") == Compose::shader);
  }
  for (const char* gpu : {"NVIDIA H200/PCIe/SSE2 / NVIDIA Corporation",
                          "AMD Radeon RX 6800 (navi21, LLVM 15.0.6, DRM 3.49, 6.1.0) / AMD",
                          "Mesa Intel(R) UHD Graphics 620 (KBL GT2) / Intel"}) {
    INFO(gpu);
    CHECK_FALSE(MapRenderer::software_rasteriser(gpu));
    CHECK(MapRenderer::layer_compose_for(gpu, nullptr) == Compose::shader);
    CHECK(MapRenderer::layer_compose_for(gpu, "cpu") == Compose::cpu);
  }
  CHECK_THROWS_WITH(MapRenderer::layer_compose_for("llvmpipe / Mesa", "gpu"),
                    Catch::Contains("ZILA_LAYER_COMPOSE") && Catch::Contains("shader"));
  // This run's driver, as the renderer read it.
  const std::string driver = MapRenderer::gl_renderer_and_vendor();
  INFO(driver);
  CHECK(driver.find(" / ") != std::string::npos);
}
