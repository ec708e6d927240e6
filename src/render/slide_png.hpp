// PNG back end of the slide: the map through MapRenderer into a target without multisampling, copied
// into an antialiased sf::RenderTexture, everything else through SFML shapes and text straight into
// that. Needs an X display (see headless_display.hpp).
#pragma once
#include <SFML/Graphics.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "render/map_renderer.hpp"
#include "render/slide.hpp"

namespace zila {

class SlideRasterizer {
 public:
  // Creates the offscreen target (antialiasing clamped to what the driver offers) and the map's GPU
  // resources once; render() can then be called per frame. Throws zila::Error on GL failures.
  // `countries` (nullable, same display CRS) are drawn under the districts in kContextColor.
  SlideRasterizer(const Boundaries& districts, const Boundaries* provinces, unsigned width, unsigned height,
                  const Boundaries* countries = nullptr);

  sf::Image render(const SlideLayout& layout);
  // The same picture as RGBA rows bottom-up (OpenGL's order) without the flip and copies of
  // sf::Texture::copyToImage: for write_png, which can take rows in either order.
  std::unique_ptr<std::uint8_t[]> render_bottom_up(const SlideLayout& layout);
  unsigned antialiasing() const { return antialiasing_; }
  MapRenderer& map() { return *map_; }

 private:
  void draw(const SlideLayout& layout);
  void draw_text(const TextItem& t);
  void draw_map(const ViewTransform& view, double x, double y, const SlideLayout& s, std::span<const Rgba> colors,
                float line_scale);
  sf::RenderTexture target_;
  // The maps are drawn here first, over transparency (premultiplied): llvmpipe's 4x multisampling of
  // 20k fill triangles made most of a 4K slide's time, and the map needs none of it: its outlines are
  // antialiased by their shader (line.fragment.glsl) and cover the fills' edges.
  sf::RenderTexture map_target_;
  unsigned antialiasing_ = 0;
  std::unique_ptr<MapRenderer> map_, countries_;
  sf::Font regular_, bold_;
};

// Writes `image` as PNG (fast settings, see png_writer.hpp); throws zila::Error naming the path
// when it cannot.
void save_png(const sf::Image& image, const std::string& path);

}  // namespace zila
