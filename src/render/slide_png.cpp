#include "render/slide_png.hpp"

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

void load_font(sf::Font& font, const char* path) {
  if (!font.loadFromFile(path)) throw Error(fmt::format("font '{}' not found (install fonts-dejavu-core)", path));
}

// Every slide has an opaque background, so a read-back without a single visible pixel means the
// driver failed to allocate or draw the target without saying so (Mesa at 14000x14000).
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
  sf::ContextSettings settings;
  antialiasing_ = std::min(8u, sf::RenderTexture::getMaximumAntialiasingLevel());  // Mesa: 4; more fails
  settings.antialiasingLevel = antialiasing_;
  if (!target_.create(width, height, settings) || !map_target_.create(width, height))
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
  const sf::IntRect port = map_target_.getViewport(map_view);
  map_target_.setActive(true);
  map_target_.clear(sf::Color::Transparent);
  map_target_.setView(map_view);
  MapStyle style = s.style;
  style.line_scale = line_scale;
  if (countries_) {
    MapStyle country_style = style;
    country_style.district_outline = {90, 90, 90, 255};  // borders: darker than districts, lighter than provinces
    country_style.district_outline_px = 1.6f;
    countries_->set_style(country_style);
    countries_->draw(map_target_, view);
  }
  map_->set_style(style);
  map_->set_district_colors(colors);
  map_->draw(map_target_, view);
  map_target_.display();
  // Pixel for pixel (nearest texels at whole pixels), premultiplied over the slide.
  target_.setActive(true);
  target_.setView(target_.getDefaultView());
  sf::Sprite map(map_target_.getTexture(), port);
  map.setPosition(static_cast<float>(port.left), static_cast<float>(port.top));
  target_.draw(map, sf::RenderStates(sf::BlendMode(sf::BlendMode::One, sf::BlendMode::OneMinusSrcAlpha)));
}

void SlideRasterizer::draw(const SlideLayout& s) {
  target_.setActive(true);
  target_.setView(target_.getDefaultView());
  target_.clear(to_sf(s.background));
  draw_map(s.view, s.map_x, s.map_y, s, s.district_colors, s.style.line_scale);
  for (const InsetItem& inset : s.insets) {
    sf::RectangleShape box({static_cast<float>(inset.view.width), static_cast<float>(inset.view.height)});
    box.setPosition(static_cast<float>(inset.x), static_cast<float>(inset.y));
    box.setFillColor(sf::Color::White);
    target_.draw(box);
    draw_map(inset.view, inset.x, inset.y, s, inset.district_colors, s.style.line_scale * 0.5f);
  }

  for (const RectItem& r : s.rects) {
    sf::RectangleShape shape({static_cast<float>(r.w), static_cast<float>(r.h)});
    shape.setPosition(static_cast<float>(r.x), static_cast<float>(r.y));
    shape.setFillColor(to_sf(r.fill));
    shape.setOutlineColor(to_sf(r.stroke));
    shape.setOutlineThickness(static_cast<float>(r.stroke_px));
    target_.draw(shape);
  }
  for (const PolygonItem& p : s.polygons) {
    sf::ConvexShape shape(p.points.size());
    for (size_t i = 0; i < p.points.size(); ++i) shape.setPoint(i, to_sf(p.points[i]));
    shape.setFillColor(to_sf(p.fill));
    shape.setOutlineColor(to_sf(p.stroke));
    shape.setOutlineThickness(static_cast<float>(p.stroke_px));
    target_.draw(shape);
  }
  for (const LineItem& l : s.lines) {
    const double dx = l.to.x - l.from.x, dy = l.to.y - l.from.y, len = std::hypot(dx, dy);
    sf::RectangleShape line({static_cast<float>(len), static_cast<float>(l.width_px)});
    line.setOrigin(0, static_cast<float>(l.width_px / 2));
    line.setPosition(to_sf(l.from));
    line.setRotation(static_cast<float>(std::atan2(dy, dx) * 180 / std::numbers::pi));
    line.setFillColor(to_sf(l.color));
    target_.draw(line);
    if (l.dot_px > 0) {
      sf::CircleShape dot(static_cast<float>(l.dot_px));
      dot.setOrigin(static_cast<float>(l.dot_px), static_cast<float>(l.dot_px));
      dot.setPosition(to_sf(l.from));
      dot.setFillColor(to_sf(l.color));
      target_.draw(dot);
    }
  }
  for (const TextItem& t : s.texts) draw_text(t);
  target_.display();  // resolves the multisampled buffer into the texture
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
