#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "golden.hpp"
#include "render/map_renderer.hpp"
#include "render/slide_png.hpp"

using namespace zila;

namespace {

const std::vector<Rgb> kFixtureColors{{254, 204, 92}, {240, 59, 32}, {189, 0, 38}};

sf::Image render_map(int highlight) {
  Boundaries districts = test::three_districts();
  Boundaries province = test::fixture_province();
  sf::RenderTexture target;
  sf::ContextSettings settings;
  settings.antialiasingLevel = std::min(4u, sf::RenderTexture::getMaximumAntialiasingLevel());
  REQUIRE(target.create(256, 256, settings));
  target.setActive(true);
  MapRenderer map(districts, &province);
  map.set_district_colors(kFixtureColors);
  map.set_highlight(highlight);
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
  sf::Image image = render_map(-1);
  ViewTransform view = ViewTransform::fit(test::three_districts().projected.bbox(), 256, 256);
  CHECK(pixel_at(image, view, {15000, 15000}) == sf::Color(254, 204, 92));
  CHECK(pixel_at(image, view, {160000, 70000}) == sf::Color(240, 59, 32));
  CHECK(pixel_at(image, view, {170000, 125000}) == sf::Color(240, 59, 32));  // the island
  CHECK(pixel_at(image, view, {50000, 50000}) == sf::Color(189, 0, 38));     // the enclave in the hole
  CHECK(pixel_at(image, view, {50000, 130000}) == sf::Color::White);         // outside every district
}

TEST_CASE("Golden: three districts with outlines") {
  auto result = test::compare_golden(render_map(-1), "map_three_districts");
  INFO(result.message);
  CHECK(result.ok);
}

TEST_CASE("Golden: highlighted district") {
  auto result = test::compare_golden(render_map(2), "map_highlight");
  INFO(result.message);
  CHECK(result.ok);
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
