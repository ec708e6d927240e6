#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "golden.hpp"
#include "render/map_renderer.hpp"
#include "render/slide_png.hpp"

using namespace zila;

namespace {

const std::vector<Rgb> kFixtureColors{{254, 204, 92}, {240, 59, 32}, {189, 0, 38}};

sf::Image render_map(int selected = -1, int hovered = -1) {
  Boundaries districts = test::three_districts();
  Boundaries province = test::fixture_province();
  sf::RenderTexture target;
  sf::ContextSettings settings;
  settings.antialiasingLevel = std::min(4u, sf::RenderTexture::getMaximumAntialiasingLevel());
  REQUIRE(target.create(256, 256, settings));
  target.setActive(true);
  MapRenderer map(districts, &province);
  map.set_district_colors(kFixtureColors);
  map.set_highlight(selected, hovered);
  target.clear(sf::Color::White);
  map.draw(target, ViewTransform::fit(districts.projected.bbox(), 256, 256));
  target.display();
  return target.getTexture().copyToImage();
}

sf::Color pixel_at(const sf::Image& image, const ViewTransform& view, Point map) {
  Point p = view.to_pixel(map);
  return image.getPixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y));
}

}  // namespace

TEST_CASE("Each district is filled with its colour, the enclave shows through the hole") {
  sf::Image image = render_map();
  ViewTransform view = ViewTransform::fit(test::three_districts().projected.bbox(), 256, 256);
  CHECK(pixel_at(image, view, {15000, 15000}) == sf::Color(254, 204, 92));
  CHECK(pixel_at(image, view, {160000, 70000}) == sf::Color(240, 59, 32));
  CHECK(pixel_at(image, view, {170000, 125000}) == sf::Color(240, 59, 32));  // the island
  CHECK(pixel_at(image, view, {50000, 50000}) == sf::Color(189, 0, 38));     // the enclave in the hole
  CHECK(pixel_at(image, view, {50000, 130000}) == sf::Color::White);         // outside every district
}

TEST_CASE("Golden: three districts with outlines") {
  auto result = test::compare_golden(render_map(), "map_three_districts");
  INFO(result.message);
  CHECK(result.ok);
}

TEST_CASE("Golden: selected and hovered districts are outlined") {
  auto result = test::compare_golden(render_map(2, 1), "map_highlight");
  INFO(result.message);
  CHECK(result.ok);
}

TEST_CASE("Selection and hover leave the fill colour as the legend gives it") {
  const sf::Image image = render_map(2, 1);
  const ViewTransform view = ViewTransform::fit(test::three_districts().projected.bbox(), 256, 256);
  CHECK(pixel_at(image, view, {50000, 50000}) == sf::Color(189, 0, 38));   // selected: the enclave
  CHECK(pixel_at(image, view, {160000, 70000}) == sf::Color(240, 59, 32));  // hovered
  // The selection's outline is there: dark on the enclave's edge (the hole's ring at x = 30 km).
  const sf::Color edge = pixel_at(image, view, {30000, 50000});
  CHECK(edge.r + edge.g + edge.b < 150);
}

TEST_CASE("Outlines keep their pixel width when zoomed in") {
  Boundaries districts = test::three_districts();
  sf::RenderTexture target;
  REQUIRE(target.create(256, 256));
  target.setActive(true);
  MapRenderer map(districts, nullptr);
  std::vector<Rgba> colors(3, Rgba{0, 0, 0, 255});
  map.set_district_colors(std::span<const Rgba>(colors));
  MapStyle style;
  style.district_outline = {255, 255, 255, 255};
  style.district_outline_px = 3;
  map.set_style(style);
  // Summed coverage across the left edge of the first district (x = 0), where only one ring runs.
  auto stroke_width = [&](double ppm) {
    ViewTransform view{{0, 15000}, ppm, 256, 256};
    target.clear(sf::Color::Black);
    map.draw(target, view);
    target.display();
    sf::Image image = target.getTexture().copyToImage();
    double sum = 0;
    for (unsigned x = 0; x < 256; ++x) sum += image.getPixel(x, 128).r / 255.0;
    return sum;
  };
  CHECK(stroke_width(0.01) == Approx(3).margin(0.3));
  CHECK(stroke_width(2.0) == Approx(3).margin(0.3));
}

namespace {

// Every district's colour, distinct from its neighbours', for probing which district a pixel shows.
Rgb probe_color(size_t d) {
  return {static_cast<uint8_t>(d & 255), static_cast<uint8_t>((d >> 8) & 255), static_cast<uint8_t>(40 + d % 7)};
}

}  // namespace

TEST_CASE("More districts than a texture row holds: each district shows its own colour, as polygons and from the raster") {
  // 20000 districts: more than one 4096-wide row of the colour texture, more than the 16384 texels a
  // one-row texture can hold on llvmpipe, and enough for the district raster.
  constexpr size_t kColumns = 200, kRows = 100;
  const Boundaries districts = test::grid(kColumns, kRows, 1000);
  REQUIRE(districts.size() >= MapRenderer::kRasterMinDistricts);
  sf::RenderTexture target;
  REQUIRE(target.create(600, 300));
  target.setActive(true);
  MapRenderer map(districts, nullptr);
  std::vector<Rgb> colors(districts.size());
  for (size_t d = 0; d < colors.size(); ++d) colors[d] = probe_color(d);
  map.set_district_colors(colors);
  auto centre_of = [&](size_t d) {
    return Point{(static_cast<double>(d % kColumns) + 0.5) * 1000, (static_cast<double>(d / kColumns) + 0.5) * 1000};
  };
  auto shown_at = [&](const sf::Image& image, const ViewTransform& view, size_t d) {
    const Point p = view.to_pixel(centre_of(d));
    return image.getPixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y));
  };
  auto expected = [](size_t d) { return sf::Color(probe_color(d).r, probe_color(d).g, probe_color(d).b); };

  SECTION("polygons, zoomed in on single districts") {
    for (size_t d : {size_t{0}, size_t{4095}, size_t{4096}, size_t{16384}, size_t{19999}}) {
      const ViewTransform view{centre_of(d), 0.1, 600, 300};  // 100 px per district
      REQUIRE_FALSE(map.uses_district_raster(view));
      target.clear(sf::Color::White);
      map.draw(target, view);
      target.display();
      INFO("district " << d);
      CHECK(shown_at(target.getTexture().copyToImage(), view, d) == expected(d));
    }
  }
  SECTION("the raster, all districts at 3 px each") {
    const ViewTransform view{{100000, 50000}, 0.003, 600, 300};
    REQUIRE(map.uses_district_raster(view));
    target.clear(sf::Color::White);
    map.draw(target, view);
    target.display();
    const sf::Image image = target.getTexture().copyToImage();
    size_t wrong = 0;
    for (size_t d = 0; d < districts.size(); ++d) wrong += shown_at(image, view, d) != expected(d);
    CHECK(wrong == 0);
  }
}

TEST_CASE("District outlines are left out while districts are only a few pixels wide") {
  // 64 districts are drawn as polygons, 20000 from the raster: both follow the rule.
  const size_t side = GENERATE(size_t{8}, size_t{150});
  const Boundaries districts = test::grid(side, side, 1000);
  sf::RenderTexture target;
  REQUIRE(target.create(128, 128));
  target.setActive(true);
  MapRenderer map(districts, nullptr);
  map.set_district_colors(std::vector<Rgb>(districts.size(), Rgb{255, 255, 255}));
  MapStyle style;
  style.district_outline = {0, 0, 0, 255};
  map.set_style(style);
  auto dark_pixels = [&](double district_px) {
    const double centre = static_cast<double>(side) * 500.0;
    const ViewTransform view{{centre, centre}, district_px / 1000, 128, 128};
    target.clear(sf::Color::White);
    map.draw(target, view);
    target.display();
    const sf::Image image = target.getTexture().copyToImage();
    size_t dark = 0;
    for (unsigned y = 0; y < 128; ++y)
      for (unsigned x = 0; x < 128; ++x) dark += image.getPixel(x, y).r < 200;
    return dark;
  };
  INFO(side << " x " << side << " districts");
  const bool raster = side == 150;
  CHECK(map.uses_district_raster(ViewTransform{{}, MapRenderer::kMinOutlinedDistrictPx * 2 / 1000, 128, 128}) == raster);
  CHECK(dark_pixels(MapRenderer::kMinOutlinedDistrictPx * 2) > 0);
  CHECK(dark_pixels(MapRenderer::kMinOutlinedDistrictPx / 2) == 0);
  // Zoomed in on a few districts in the middle: polygons, outlines of the visible cells only.
  CHECK(dark_pixels(40) > 0);
}
