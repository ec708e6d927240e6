#include "render/slide_png.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <fmt/core.h>

#include <SFML/OpenGL.hpp>

#include "core/error.hpp"
#include "render/png_writer.hpp"
#include "render/text_metrics.hpp"

namespace zila {
namespace {

sf::Color to_sf(Rgba c) { return {c.r, c.g, c.b, c.a}; }
sf::Vector2f to_sf(Point p) { return {static_cast<float>(p.x), static_cast<float>(p.y)}; }

// Layers hold premultiplied colour (drawn with SFML's alpha blending over transparency).
const sf::RenderStates kPremultipliedOver(sf::BlendMode(sf::BlendMode::One, sf::BlendMode::OneMinusSrcAlpha));

// The shape layer's largest side: the 4K slide's scale bar and north arrow each fit in one pass.
constexpr unsigned kShapeLayerSide = 1024;

using Shape = SlideRasterizer::Shape;

// An upright box filled with `color`.
Shape box(float x, float y, float w, float h, Rgba color) {
  auto shape = std::make_unique<sf::RectangleShape>(sf::Vector2f(w, h));
  shape->setPosition(x, y);
  shape->setFillColor(to_sf(color));
  auto whole = [](float v) { return v == std::round(v); };
  const bool on_pixel_edges = whole(x) && whole(y) && whole(x + w) && whole(y + h);
  return {std::move(shape), on_pixel_edges};
}

// The rectangle as SFML draws it (fill, then the outline around it), in boxes: a fill that cannot be
// seen costs nothing (the map's frame: a quarter of a 4K slide), and most boxes of a slide lie on
// pixel edges (every size a whole number of pixels at 1920x1080 and 3840x2160).
void add_rect(const RectItem& r, std::vector<Shape>& shapes) {
  const float x = static_cast<float>(r.x), y = static_cast<float>(r.y), w = static_cast<float>(r.w),
              h = static_cast<float>(r.h), t = static_cast<float>(r.stroke_px);
  if (r.fill.a > 0) shapes.push_back(box(x, y, w, h, r.fill));
  if (r.stroke.a == 0 || t <= 0) return;
  shapes.push_back(box(x - t, y - t, w + 2 * t, t, r.stroke));  // top, corners included
  shapes.push_back(box(x - t, y + h, w + 2 * t, t, r.stroke));  // bottom, corners included
  shapes.push_back(box(x - t, y, t, h, r.stroke));
  shapes.push_back(box(x + w, y, t, h, r.stroke));
}

void add_polygon(const PolygonItem& p, std::vector<Shape>& shapes) {
  auto shape = std::make_unique<sf::ConvexShape>(p.points.size());
  for (size_t i = 0; i < p.points.size(); ++i) shape->setPoint(i, to_sf(p.points[i]));
  shape->setFillColor(to_sf(p.fill));
  shape->setOutlineColor(to_sf(p.stroke));
  shape->setOutlineThickness(static_cast<float>(p.stroke_px));
  shapes.push_back({std::move(shape)});
}

void add_line(const LineItem& l, std::vector<Shape>& shapes) {
  const double dx = l.to.x - l.from.x, dy = l.to.y - l.from.y, len = std::hypot(dx, dy);
  auto line = std::make_unique<sf::RectangleShape>(sf::Vector2f(static_cast<float>(len), static_cast<float>(l.width_px)));
  line->setOrigin(0, static_cast<float>(l.width_px / 2));
  line->setPosition(to_sf(l.from));
  line->setRotation(static_cast<float>(std::atan2(dy, dx) * 180 / std::numbers::pi));
  line->setFillColor(to_sf(l.color));
  shapes.push_back({std::move(line)});
  if (l.dot_px <= 0) return;
  auto dot = std::make_unique<sf::CircleShape>(static_cast<float>(l.dot_px));
  dot->setOrigin(static_cast<float>(l.dot_px), static_cast<float>(l.dot_px));
  dot->setPosition(to_sf(l.from));
  dot->setFillColor(to_sf(l.color));
  shapes.push_back({std::move(dot)});
}

// The whole pixels a shape may touch, within `area`; empty when it misses it.
sf::IntRect pixels_touched(const sf::Shape& shape, const sf::IntRect& area) {
  const sf::FloatRect b = shape.getGlobalBounds();
  const int left = static_cast<int>(std::floor(b.left)), top = static_cast<int>(std::floor(b.top));
  const sf::IntRect touched(left, top, static_cast<int>(std::ceil(b.left + b.width)) - left,
                            static_cast<int>(std::ceil(b.top + b.height)) - top);
  sf::IntRect inside;
  return touched.intersects(area, inside) ? inside : sf::IntRect();
}

sf::IntRect joined(const sf::IntRect& a, const sf::IntRect& b) {
  const int left = std::min(a.left, b.left), top = std::min(a.top, b.top);
  return {left, top, std::max(a.left + a.width, b.left + b.width) - left,
          std::max(a.top + a.height, b.top + b.height) - top};
}

void load_font(sf::Font& font, const char* path) {
  if (!font.loadFromFile(path)) throw Error(fmt::format("font '{}' not found (install fonts-dejavu-core)", path));
}

// Every slide has an opaque background, so a read-back without a single visible pixel means the
// driver failed to allocate or draw the target without saying so (Mesa did past 2 GiB a buffer).
void require_drawn(const std::uint8_t* rgba, size_t pixel_count, unsigned width, unsigned height) {
  for (size_t i = 0; i < pixel_count; ++i)
    if (rgba[4 * i + 3] != 0) return;
  throw Error(fmt::format("OpenGL returned an empty {}x{} picture: the size is beyond what this graphics driver can "
                          "draw; try a smaller --size",
                          width, height));
}

}  // namespace

SlideRasterizer::SlideRasterizer(const Boundaries& districts, const Boundaries* provinces, unsigned width,
                                 unsigned height, const Boundaries* countries) {
  unsigned max_size = sf::Texture::getMaximumSize();
  if (width > max_size || height > max_size)
    throw Error(fmt::format("{}x{} is larger than this OpenGL's largest texture ({})", width, height, max_size));
  sf::ContextSettings multisampled;
  antialiasing_ = std::min(8u, sf::RenderTexture::getMaximumAntialiasingLevel());  // Mesa: 4; more fails
  multisampled.antialiasingLevel = antialiasing_;
  if (!target_.create(width, height) ||
      !shape_layer_.create(std::min(width, kShapeLayerSide), std::min(height, kShapeLayerSide), multisampled))
    throw Error(fmt::format("cannot create a {}x{} offscreen OpenGL target", width, height));
  target_.setActive(true);
  map_ = std::make_unique<MapRenderer>(districts, provinces);
  if (countries && countries->size() > 0) {
    countries_ = std::make_unique<MapRenderer>(*countries, nullptr);
    const Rgb c = kContextColor;
    countries_->set_district_colors(std::vector<Rgba>(countries->size(), Rgba{c.r, c.g, c.b, 255}));
  }
  load_font(regular_, kFontRegular);
  load_font(bold_, kFontBold);
}

void SlideRasterizer::draw_text(const TextItem& t) {
  if (t.text.empty()) return;
  sf::Text text(sf::String::fromUtf8(t.text.begin(), t.text.end()), t.bold ? bold_ : regular_,
                static_cast<unsigned>(std::lround(t.px)));
  text.setFillColor(to_sf(t.color));
  if (t.halo_px > 0) {
    text.setOutlineColor(sf::Color(255, 255, 255, 235));
    text.setOutlineThickness(static_cast<float>(t.halo_px));
  }
  // SFML puts the baseline one character size below the position; anchor by SFML's own advance.
  float advance = text.findCharacterPos(text.getString().getSize()).x - text.findCharacterPos(0).x;
  double left = t.anchor == Anchor::left ? t.x : t.anchor == Anchor::center ? t.x - advance / 2 : t.x - advance;
  text.setPosition(std::round(static_cast<float>(left)), std::round(static_cast<float>(t.baseline - t.px)));
  target_.draw(text);
}

// One map (the slide's or an inset) into its own viewport, so nothing spills over the legend.
void SlideRasterizer::draw_map(const ViewTransform& view, double x, double y, const SlideLayout& s,
                               std::span<const Rgba> colors, float line_scale) {
  sf::View map_view = target_.getDefaultView();
  map_view.setViewport(sf::FloatRect(static_cast<float>(x / s.width), static_cast<float>(y / s.height),
                                     static_cast<float>(view.width / s.width), static_cast<float>(view.height / s.height)));
  target_.setActive(true);
  target_.setView(map_view);
  MapStyle style = s.style;
  style.line_scale = line_scale;
  if (countries_) {
    MapStyle country_style = style;
    country_style.district_outline = {90, 90, 90, 255};  // borders: darker than districts, lighter than provinces
    country_style.district_outline_px = 1.6f;
    countries_->set_style(country_style);
    countries_->draw(target_, view);
  }
  map_->set_style(style);
  map_->set_district_colors(colors);
  map_->draw(target_, view);
  target_.setView(target_.getDefaultView());
}

void SlideRasterizer::draw_shapes(std::span<const Shape> shapes) {
  const sf::Vector2u slide = target_.getSize(), layer = shape_layer_.getSize();
  const sf::IntRect area(0, 0, static_cast<int>(slide.x), static_cast<int>(slide.y));
  std::vector<const sf::Shape*> run;  // nearby shapes for one pass through the layer
  sf::IntRect run_pixels;
  auto finish_run = [&] {
    if (!run.empty()) draw_antialiased(run, run_pixels);
    run.clear();
  };
  for (const Shape& s : shapes) {
    const sf::IntRect pixels = pixels_touched(*s.shape, area);
    if (pixels.width == 0 || pixels.height == 0) continue;
    if (s.on_pixel_edges) {
      // Over the run's shapes only after them; elsewhere the order does not show.
      if (!run.empty() && run_pixels.intersects(pixels)) finish_run();
      target_.setActive(true);
      target_.draw(*s.shape);
      continue;
    }
    const sf::IntRect grown = run.empty() ? pixels : joined(run_pixels, pixels);
    if (!run.empty() && (static_cast<unsigned>(grown.width) > layer.x || static_cast<unsigned>(grown.height) > layer.y)) {
      finish_run();
      run_pixels = pixels;
    } else {
      run_pixels = grown;
    }
    run.push_back(s.shape.get());
  }
  finish_run();
}

// In tiles of the layer's size when the shapes span more (a long leader line, a frame at a size that
// puts it between pixels), each scissored to the pixels it covers: clearing and resolving cost by area.
void SlideRasterizer::draw_antialiased(std::span<const sf::Shape* const> shapes, sf::IntRect pixels) {
  const int layer_w = static_cast<int>(shape_layer_.getSize().x), layer_h = static_cast<int>(shape_layer_.getSize().y);
  for (int top = pixels.top; top < pixels.top + pixels.height; top += layer_h)
    for (int left = pixels.left; left < pixels.left + pixels.width; left += layer_w) {
      const int w = std::min(layer_w, pixels.left + pixels.width - left), h = std::min(layer_h, pixels.top + pixels.height - top);
      shape_layer_.setActive(true);
      shape_layer_.setView(sf::View(sf::FloatRect(static_cast<float>(left), static_cast<float>(top),
                                                  static_cast<float>(layer_w), static_cast<float>(layer_h))));
      glEnable(GL_SCISSOR_TEST);
      glScissor(0, layer_h - h, w, h);  // GL counts rows from the bottom
      shape_layer_.clear(sf::Color::Transparent);
      for (const sf::Shape* shape : shapes) shape_layer_.draw(*shape);
      shape_layer_.display();  // resolves the samples, within the scissor too
      glDisable(GL_SCISSOR_TEST);
      target_.setActive(true);
      sf::Sprite tile(shape_layer_.getTexture(), {0, 0, w, h});
      tile.setPosition(static_cast<float>(left), static_cast<float>(top));
      target_.draw(tile, kPremultipliedOver);
    }
}

void SlideRasterizer::draw(const SlideLayout& s) {
  target_.setActive(true);
  target_.setView(target_.getDefaultView());
  target_.clear(to_sf(s.background));
  draw_map(s.view, s.map_x, s.map_y, s, s.district_colors, s.style.line_scale);
  for (const InsetItem& inset : s.insets) {
    const Shape background[] = {box(static_cast<float>(inset.x), static_cast<float>(inset.y),
                                    static_cast<float>(inset.view.width), static_cast<float>(inset.view.height),
                                    {255, 255, 255, 255})};
    draw_shapes(background);
    draw_map(inset.view, inset.x, inset.y, s, inset.district_colors, s.style.line_scale * 0.5f);
  }
  std::vector<Shape> shapes;
  for (const RectItem& r : s.rects) add_rect(r, shapes);
  for (const PolygonItem& p : s.polygons) add_polygon(p, shapes);
  for (const LineItem& l : s.lines) add_line(l, shapes);
  draw_shapes(shapes);
  target_.setActive(true);
  for (const TextItem& t : s.texts) draw_text(t);
  target_.display();
}

sf::Image SlideRasterizer::render(const SlideLayout& layout) {
  draw(layout);
  sf::Image image = target_.getTexture().copyToImage();
  require_drawn(image.getPixelsPtr(), static_cast<size_t>(image.getSize().x) * image.getSize().y, image.getSize().x,
                image.getSize().y);
  return image;
}

std::unique_ptr<std::uint8_t[]> SlideRasterizer::render_bottom_up(const SlideLayout& layout) {
  draw(layout);
  sf::Vector2u size = target_.getSize();
  auto pixels = std::make_unique_for_overwrite<std::uint8_t[]>(static_cast<size_t>(size.x) * size.y * 4);
  target_.setActive(true);
  while (glGetError() != GL_NO_ERROR) {}  // SFML's release build leaves errors unread: not ours
  sf::Texture::bind(&target_.getTexture());
  glPixelStorei(GL_PACK_ALIGNMENT, 4);  // RGBA rows are always a multiple of 4 bytes
  glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.get());
  sf::Texture::bind(nullptr);
  if (glGetError() != GL_NO_ERROR) throw Error("cannot read the rendered slide back from OpenGL");
  require_drawn(pixels.get(), static_cast<size_t>(size.x) * size.y, size.x, size.y);
  return pixels;
}

void save_png(const sf::Image& image, const std::string& path) {
  write_png({image.getPixelsPtr(), image.getSize().x, image.getSize().y, false}, path);
}

}  // namespace zila
