#include "render/map_renderer.hpp"

#include <cmath>
#include <fmt/core.h>
#include <sstream>

#include "core/error.hpp"
#include "render/shaders.hpp"
#include "render/tessellation.hpp"

namespace zila {
namespace {

// SFML prints shader logs to sf::err(); capture them so the exception carries the GLSL log.
void load_shader(sf::Shader& shader, std::string_view vertex, std::string_view fragment, const char* name) {
  if (!sf::Shader::isAvailable()) throw Error("this OpenGL context has no GLSL shaders");
  std::ostringstream log;
  std::streambuf* previous = sf::err().rdbuf(log.rdbuf());
  bool ok = shader.loadFromMemory(std::string(vertex), std::string(fragment));
  sf::err().rdbuf(previous);
  if (!ok) throw Error(fmt::format("shader '{}' failed to compile or link:\n{}", name, log.str()));
}

sf::Glsl::Vec4 to_glsl(Rgba c) { return {c.r / 255.f, c.g / 255.f, c.b / 255.f, c.a / 255.f}; }

// Miter join longer than this (very sharp corners) is clipped: a spike would look worse than a
// slightly thinner corner.
constexpr double kMaxMiter = 3.0;

// Each ring becomes quads along its segments; both quad corners at a vertex share that vertex's
// miter, so consecutive quads meet without gaps or overlaps.
void append_ring_strokes(std::span<const Point> ring, Point origin, std::vector<sf::Vertex>& out) {
  std::vector<Point> pts;
  pts.reserve(ring.size());
  for (const Point& p : ring)
    if (pts.empty() || p.x != pts.back().x || p.y != pts.back().y) pts.push_back(p);
  while (pts.size() > 1 && pts.front().x == pts.back().x && pts.front().y == pts.back().y) pts.pop_back();
  size_t n = pts.size();
  if (n < 2) return;
  auto normal = [&](size_t a, size_t b) {
    double dx = pts[b].x - pts[a].x, dy = pts[b].y - pts[a].y, len = std::hypot(dx, dy);
    return Point{-dy / len, dx / len};
  };
  std::vector<Point> miter(n);
  for (size_t i = 0; i < n; ++i) {
    Point n0 = normal((i + n - 1) % n, i), n1 = normal(i, (i + 1) % n);
    Point m{n0.x + n1.x, n0.y + n1.y};
    double len = std::hypot(m.x, m.y);
    if (len < 1e-9) {  // the ring doubles back on itself: use the segment normal
      miter[i] = n1;
      continue;
    }
    m = {m.x / len, m.y / len};
    double scale = std::min(1.0 / std::max(m.x * n1.x + m.y * n1.y, 1e-9), kMaxMiter);
    miter[i] = {m.x * scale, m.y * scale};
  }
  auto vertex = [&](size_t i, float side) {
    return sf::Vertex({static_cast<float>(pts[i].x - origin.x), static_cast<float>(pts[i].y - origin.y)},
                      sf::Color(side > 0 ? 255 : 0, 0, 0),
                      {static_cast<float>(miter[i].x * side), static_cast<float>(miter[i].y * side)});
  };
  for (size_t i = 0; i < n; ++i) {
    size_t j = (i + 1) % n;
    sf::Vertex a = vertex(i, 1), b = vertex(i, -1), c = vertex(j, 1), d = vertex(j, -1);
    out.insert(out.end(), {a, b, c, c, b, d});
  }
}

void upload(sf::VertexBuffer& buffer, const std::vector<sf::Vertex>& vertices) {
  if (vertices.empty()) return;
  if (!buffer.create(vertices.size()) || !buffer.update(vertices.data()))
    throw Error("cannot create an OpenGL vertex buffer for the map");
}

}  // namespace

MapRenderer::MapRenderer(const Boundaries& districts, const Boundaries* provinces)
    : district_count_(districts.size()) {
  load_shader(fill_shader_, shaders::fill_vertex, shaders::fill_fragment, "fill");
  load_shader(line_shader_, shaders::line_vertex, shaders::line_fragment, "line");
  const PolygonSet& set = districts.projected;
  BBox box = set.bbox();
  origin_ = box.empty() ? Point{} : Point{(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};

  Tessellation tess = tessellate(set, districts.names);
  tessellation_ms_ = tess.ms;
  messages_ = std::move(tess.messages);
  std::vector<sf::Vertex> vertices;
  vertices.reserve(tess.vertices.size());
  for (size_t f = 0; f < set.feature_count(); ++f)
    for (uint32_t i = 3 * tess.feature_offsets[f]; i < 3 * tess.feature_offsets[f + 1]; ++i)
      vertices.emplace_back(sf::Vector2f(static_cast<float>(tess.vertices[i].x - origin_.x),
                                         static_cast<float>(tess.vertices[i].y - origin_.y)),
                            sf::Color::White, sf::Vector2f(static_cast<float>(f), 0));
  upload(fill_, vertices);

  vertices.clear();
  district_line_ranges_.resize(set.feature_count());
  for (size_t f = 0; f < set.feature_count(); ++f) {
    district_line_ranges_[f].first = vertices.size();
    for (uint32_t p = set.feature_offsets[f]; p < set.feature_offsets[f + 1]; ++p)
      for (uint32_t r = set.polygon_offsets[p]; r < set.polygon_offsets[p + 1]; ++r)
        append_ring_strokes(set.ring(r), origin_, vertices);
    district_line_ranges_[f].count = vertices.size() - district_line_ranges_[f].first;
  }
  upload(district_lines_, vertices);

  if (provinces) {
    vertices.clear();
    for (size_t r = 0; r < provinces->projected.ring_count(); ++r)
      append_ring_strokes(provinces->projected.ring(r), origin_, vertices);
    upload(province_lines_, vertices);
  }

  if (district_count_ > sf::Texture::getMaximumSize())
    throw Error(fmt::format("{} districts exceed the largest texture ({})", district_count_,
                            sf::Texture::getMaximumSize()));
  if (district_count_ > 0 && !colors_.create(static_cast<unsigned>(district_count_), 1))
    throw Error("cannot create the district colour texture");
  colors_.setSmooth(false);
  std::vector<Rgba> transparent(district_count_, Rgba{0, 0, 0, 0});
  set_district_colors(transparent);
}

void MapRenderer::set_district_colors(std::span<const Rgb> colors) {
  std::vector<Rgba> rgba(district_count_, Rgba{0, 0, 0, 0});
  for (size_t i = 0; i < std::min(colors.size(), district_count_); ++i)
    rgba[i] = {colors[i].r, colors[i].g, colors[i].b, 255};
  set_district_colors(std::span<const Rgba>(rgba));
}

void MapRenderer::set_district_colors(std::span<const Rgba> colors) {
  if (district_count_ == 0) return;
  std::vector<sf::Uint8> pixels(4 * district_count_, 0);
  for (size_t i = 0; i < std::min(colors.size(), district_count_); ++i) {
    pixels[4 * i] = colors[i].r;
    pixels[4 * i + 1] = colors[i].g;
    pixels[4 * i + 2] = colors[i].b;
    pixels[4 * i + 3] = colors[i].a;
  }
  colors_.update(pixels.data());
}

void MapRenderer::set_highlight(int district) {
  highlight_ = district >= 0 && static_cast<size_t>(district) < district_count_ ? district : -1;
}

void MapRenderer::draw_lines(sf::RenderTarget& target, sf::RenderStates states, const sf::VertexBuffer& lines,
                             Range range, Rgba color, float width_px) {
  if (range.count == 0 || color.a == 0 || width_px <= 0) return;
  float half_extent = std::max(width_px, 1.f) / 2 + 1;  // one pixel of feather for the antialiasing
  line_shader_.setUniform("u_color", to_glsl(color));
  line_shader_.setUniform("u_stroke", width_px);
  line_shader_.setUniform("u_half_extent", half_extent);
  states.shader = &line_shader_;
  target.draw(lines, range.first, range.count, states);
}

void MapRenderer::draw(sf::RenderTarget& target, const ViewTransform& view) {
  // Our own pixel view (y down, origin top-left) over the caller's viewport; the caller's view returns.
  sf::View previous = target.getView();
  sf::View pixels(sf::FloatRect(0, 0, static_cast<float>(view.width), static_cast<float>(view.height)));
  pixels.setViewport(previous.getViewport());
  target.setView(pixels);

  double s = view.pixels_per_metre;
  sf::RenderStates states;
  states.blendMode = sf::BlendAlpha;
  states.transform = sf::Transform(static_cast<float>(s), 0, static_cast<float>((origin_.x - view.center.x) * s + view.width / 2),
                                   0, static_cast<float>(-s), static_cast<float>((view.center.y - origin_.y) * s + view.height / 2),
                                   0, 0, 1);

  if (fill_.getVertexCount() > 0) {
    fill_shader_.setUniform("u_colors", colors_);
    fill_shader_.setUniform("u_highlight", highlight_);
    sf::RenderStates fill_states = states;
    fill_states.shader = &fill_shader_;
    target.draw(fill_, fill_states);
  }

  sf::IntRect port = target.getViewport(pixels);
  line_shader_.setUniform("u_viewport", sf::Glsl::Vec2(static_cast<float>(port.width), static_cast<float>(port.height)));
  float k = style_.line_scale;
  draw_lines(target, states, district_lines_, {0, district_lines_.getVertexCount()}, style_.district_outline,
             style_.district_outline_px * k);
  draw_lines(target, states, province_lines_, {0, province_lines_.getVertexCount()}, style_.province_outline,
             style_.province_outline_px * k);
  if (highlight_ >= 0)
    draw_lines(target, states, district_lines_, district_line_ranges_[static_cast<size_t>(highlight_)],
               style_.highlight_outline, style_.highlight_outline_px * k);
  target.setView(previous);
}

}  // namespace zila
