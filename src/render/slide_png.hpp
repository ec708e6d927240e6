// PNG back end of the slide, into an sf::RenderTexture without multisampling: the maps through
// MapRenderer, shapes (scale bar, north arrow, legend swatches, leader lines) antialiased through a
// small multisampled layer, text. Needs an X display (see headless_display.hpp).
#pragma once
#include <SFML/Graphics.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "render/map_renderer.hpp"
#include "render/slide.hpp"

namespace zila {

class SlideRasterizer {
 public:
  // Creates the offscreen targets (the shapes' antialiasing clamped to what the driver offers) and the
  // map's GPU resources once; render() can then be called per frame. Throws zila::Error on GL failures.
  // `countries` (nullable, same display CRS) are drawn under the districts in kContextColor.
  SlideRasterizer(const Boundaries& districts, const Boundaries* provinces, unsigned width, unsigned height,
                  const Boundaries* countries = nullptr);

  sf::Image render(const SlideLayout& layout);
  // The same picture as RGBA rows bottom-up (OpenGL's order) without the flip and copies of
  // sf::Texture::copyToImage: for write_png, which can take rows in either order.
  std::unique_ptr<std::uint8_t[]> render_bottom_up(const SlideLayout& layout);
  unsigned antialiasing() const { return antialiasing_; }  // of the shapes
  MapRenderer& map() { return *map_; }

  // One shape of the slide, with whether multisampling would leave its pixels as they are.
  struct Shape {
    std::unique_ptr<sf::Shape> shape;
    bool on_pixel_edges = false;  // an upright box whose every edge lies on a pixel edge
  };

 private:
  void draw(const SlideLayout& layout);
  void draw_text(const TextItem& t);
  void draw_map(const ViewTransform& view, double x, double y, const SlideLayout& s, std::span<const Rgba> colors,
                float line_scale);
  // In order, as if drawn into a multisampled slide: runs of nearby shapes that need antialiasing
  // share one pass through shape_layer_; shapes on pixel edges go straight into the slide.
  void draw_shapes(std::span<const Shape> shapes);
  void draw_antialiased(std::span<const sf::Shape* const> shapes, sf::IntRect pixels);
  // Without multisampling: llvmpipe's 4x multisampling of 20k fill triangles made most of a 4K slide's
  // time, and the maps need none of it: their outlines are antialiased by their shader
  // (line.fragment.glsl) and cover the fills' edges.
  sf::RenderTexture target_;
  // Multisampled, at most kShapeLayerSide square: a whole multisampled 4K slide cost llvmpipe ~40% of
  // an export (allocating, clearing and resolving 33M samples) for a few small shapes. Each pass is
  // scissored to its shapes' pixels, resolved and copied premultiplied over the slide: within a level
  // the pixels of the multisampled slide, except where edges of two passes share a pixel (the inset's
  // white box and its frame, the inset map between them: up to 54 of 255 on 4 pixels at 960x540).
  sf::RenderTexture shape_layer_;
  unsigned antialiasing_ = 0;
  std::unique_ptr<MapRenderer> map_, countries_;
  sf::Font regular_, bold_;
};

// Writes `image` as PNG (fast settings, see png_writer.hpp); throws zila::Error naming the path
// when it cannot.
void save_png(const sf::Image& image, const std::string& path);

}  // namespace zila
