#include "render/map_renderer.hpp"
// Sections: shaders and stroke geometry | upload | GL driver and the layer compose choice | district raster
// and colours | outlines and highlight | drawing from geometry | view layers (make, CPU compose, shader
// compose) | draw.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <fmt/core.h>
#include <sstream>

#include <SFML/OpenGL.hpp>

#include "core/error.hpp"
#include "render/shaders.hpp"
#include "render/tessellation.hpp"

namespace zila {
namespace {

// SFML prints shader logs to sf::err(); capture them so the exception carries the GLSL log.
// An empty `vertex`: the fragment shader alone (fixed-function vertices).
void load_shader(sf::Shader& shader, std::string_view vertex, std::string_view fragment, const char* name) {
  if (!sf::Shader::isAvailable()) throw Error("this OpenGL context has no GLSL shaders");
  std::ostringstream log;
  std::streambuf* previous = sf::err().rdbuf(log.rdbuf());
  bool ok = vertex.empty() ? shader.loadFromMemory(std::string(fragment), sf::Shader::Fragment)
                           : shader.loadFromMemory(std::string(vertex), std::string(fragment));
  sf::err().rdbuf(previous);
  if (!ok) throw Error(fmt::format("shader '{}' failed to compile or link:\n{}", name, log.str()));
}

sf::Glsl::Vec4 to_glsl(Rgba c) { return {c.r / 255.f, c.g / 255.f, c.b / 255.f, c.a / 255.f}; }

// Rows of the colour texture hold 2^12 = 4096 districts (fewer where GL_MAX_TEXTURE_SIZE is
// smaller): a power of two so that shaders find a district's texel with shifts.
constexpr unsigned kColorRowShift = 12;
// Longest side of the district raster: 100k districts fitted to a 1080p screen get ~3.8 texels per
// pixel, so it serves every view up to ~3.5x zoom (64 MB of texture memory, only for big data).
constexpr unsigned kRasterMaxSide = 4096;

// The district outlines are bucketed into this many cells along x and along y (see outline_cells_).
constexpr size_t kOutlineCells = 32;

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

// The target's framebuffer is multisampled (an antialiased sf::RenderTexture).
bool multisampled(sf::RenderTarget& target) {
  if (!target.setActive(true)) return false;
  GLint samples = 0;
  glGetIntegerv(GL_SAMPLES, &samples);
  return samples > 1;
}

// While alive, drawing into `target` touches only `area` (its pixels, y down; nullopt: everything).
class ScissorTo {
 public:
  ScissorTo(sf::RenderTarget& target, const std::optional<sf::IntRect>& area) : on_(area.has_value()) {
    if (!on_ || !target.setActive(true)) return;
    const GLint bottom = static_cast<GLint>(target.getSize().y) - area->top - area->height;
    glEnable(GL_SCISSOR_TEST);
    glScissor(area->left, bottom, std::max(area->width, 0), std::max(area->height, 0));
  }
  ~ScissorTo() {
    if (on_) glDisable(GL_SCISSOR_TEST);
  }
  ScissorTo(const ScissorTo&) = delete;
  ScissorTo& operator=(const ScissorTo&) = delete;

 private:
  bool on_;
};

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
  load_shader(district_ids_shader_, shaders::fill_vertex, shaders::district_ids_fragment, "district ids");
  load_shader(raster_ids_shader_, shaders::district_raster_vertex, shaders::district_raster_ids_fragment,
              "district raster ids");
  load_shader(view_layers_shader_, shaders::district_raster_vertex, shaders::view_layers_fragment, "view layers");
  view_layers_ = true;
  layer_compose_ = layer_compose_for(gl_renderer_and_vendor(), std::getenv("ZILA_LAYER_COMPOSE"));
  const PolygonSet& set = districts.projected;
  BBox box = set.bbox();
  origin_ = box.empty() ? Point{} : Point{(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};

  Tessellation tess = tessellate(set, districts.names);
  tessellation_ms_ = tess.ms;
  problems_ = std::move(tess.problems);
  for (Problem& p : problems_) p.source = districts.source;
  std::vector<sf::Vertex> vertices;
  vertices.reserve(tess.vertices.size());
  double area = 0;
  for (size_t f = 0; f < set.feature_count(); ++f)
    for (uint32_t i = 3 * tess.feature_offsets[f]; i < 3 * tess.feature_offsets[f + 1]; ++i)
      vertices.emplace_back(sf::Vector2f(static_cast<float>(tess.vertices[i].x - origin_.x),
                                         static_cast<float>(tess.vertices[i].y - origin_.y)),
                            sf::Color::White, sf::Vector2f(static_cast<float>(f), 0));
  for (size_t i = 0; i + 2 < tess.vertices.size(); i += 3) {
    const Point &a = tess.vertices[i], &b = tess.vertices[i + 1], &c = tess.vertices[i + 2];
    area += std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
  }
  if (district_count_ > 0) mean_district_area_ = area / static_cast<double>(district_count_);
  upload(fill_, vertices);

  vertices.clear();
  district_line_ranges_.resize(set.feature_count());
  std::vector<BBox> district_boxes(set.feature_count());
  std::vector<std::vector<uint32_t>> cell_districts(kOutlineCells * kOutlineCells);
  auto cell = [](double at, double min, double extent) {
    return std::min(static_cast<size_t>(std::max((at - min) / std::max(extent, 1e-9), 0.0) * kOutlineCells),
                    kOutlineCells - 1);
  };
  for (size_t f = 0; f < set.feature_count(); ++f) {
    district_boxes[f] = set.feature_bbox(f);
    if (district_boxes[f].empty()) continue;
    const BBox& d = district_boxes[f];
    cell_districts[cell((d.min_y + d.max_y) / 2, box.min_y, box.height()) * kOutlineCells +
                   cell((d.min_x + d.max_x) / 2, box.min_x, box.width())]
        .push_back(static_cast<uint32_t>(f));
  }
  for (const std::vector<uint32_t>& districts_in_cell : cell_districts) {
    OutlineCell outline_cell{{}, {vertices.size(), 0}};
    for (uint32_t f : districts_in_cell) {
      district_line_ranges_[f].first = vertices.size();
      for (uint32_t p = set.feature_offsets[f]; p < set.feature_offsets[f + 1]; ++p)
        for (uint32_t r = set.polygon_offsets[p]; r < set.polygon_offsets[p + 1]; ++r)
          append_ring_strokes(set.ring(r), origin_, vertices);
      district_line_ranges_[f].count = vertices.size() - district_line_ranges_[f].first;
      outline_cell.box.expand(district_boxes[f]);
    }
    outline_cell.range.count = vertices.size() - outline_cell.range.first;
    outline_cells_.push_back(outline_cell);
  }
  upload(district_lines_, vertices);

  if (provinces) {
    vertices.clear();
    for (size_t r = 0; r < provinces->projected.ring_count(); ++r)
      append_ring_strokes(provinces->projected.ring(r), origin_, vertices);
    upload(province_lines_, vertices);
  }

  if (district_count_ > 0) {
    unsigned shift = kColorRowShift;
    while (shift > 0 && (1u << shift) > sf::Texture::getMaximumSize()) --shift;
    const size_t width = size_t{1} << shift, rows = (district_count_ + width - 1) / width;
    if (rows > sf::Texture::getMaximumSize())
      throw Error(fmt::format("{} districts exceed the largest colour texture ({} x {})", district_count_, width,
                              sf::Texture::getMaximumSize()));
    if (!colors_.create(static_cast<unsigned>(width), static_cast<unsigned>(rows)))
      throw Error("cannot create the district colour texture");
    colors_.setSmooth(false);
    color_pixels_.assign(4 * width * rows, 0);  // the padding after the last district stays transparent
    colors_.update(color_pixels_.data());
    color_row_shift_ = static_cast<int>(shift);
  }
  if (district_count_ >= kRasterMinDistricts && !box.empty()) make_district_raster(box);
}

const std::string& MapRenderer::gl_renderer_and_vendor() {
  static const std::string names = [] {
    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const auto* vendor = reinterpret_cast<const char*>(glGetString(GL_VENDOR));
    return fmt::format("{} / {}", renderer ? renderer : "", vendor ? vendor : "");
  }();
  return names;
}

bool MapRenderer::software_rasteriser(std::string_view renderer_and_vendor) {
  // Mesa's CPU drivers and the Windows/GDI one ("GDI Generic", vendor "Microsoft Corporation") or any
  // naming itself software ("Software Rasterizer", Apple's).
  for (std::string_view software : {"llvmpipe", "softpipe", "swrast", "Software", "GDI Generic"})
    if (renderer_and_vendor.find(software) != std::string_view::npos) return true;
  return false;
}

MapRenderer::LayerCompose MapRenderer::layer_compose_for(std::string_view renderer_and_vendor,
                                                         const char* override_value) {
  if (override_value && *override_value) return parse_enum<LayerCompose>(override_value, "ZILA_LAYER_COMPOSE");
  return software_rasteriser(renderer_and_vendor) ? LayerCompose::cpu : LayerCompose::shader;
}

void MapRenderer::make_district_raster(const BBox& extent) {
  load_shader(raster_shader_, shaders::district_raster_vertex, shaders::district_raster_fragment, "district raster");
  const double side = std::min(kRasterMaxSide, sf::Texture::getMaximumSize());
  const double bw = std::max(extent.width(), 1e-9), bh = std::max(extent.height(), 1e-9);
  const double w = bw >= bh ? side : std::max(1.0, std::round(side * bw / bh));
  const double h = bw >= bh ? std::max(1.0, std::round(side * bh / bw)) : side;
  if (!district_raster_.create(static_cast<unsigned>(w), static_cast<unsigned>(h)))
    throw Error("cannot create the district raster");
  raster_texel_metres_ = std::max(bw / w, bh / h);
  // Map metres (from origin_) to raster pixels, y down; the texture's row 0 is then the extent's bottom.
  const double x0 = extent.min_x - origin_.x, y1 = extent.max_y - origin_.y;
  sf::RenderStates states(sf::BlendNone, sf::Transform(static_cast<float>(w / bw), 0, static_cast<float>(-x0 * w / bw), 0,
                                                       static_cast<float>(-h / bh), static_cast<float>(y1 * h / bh), 0, 0, 1),
                          nullptr, &district_ids_shader_);
  district_raster_.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(w), static_cast<float>(h))));
  district_raster_.clear(sf::Color::Transparent);
  district_raster_.draw(fill_, states);
  district_raster_.display();

  const float left = static_cast<float>(x0), right = static_cast<float>(x0 + bw);
  const float top = static_cast<float>(y1), bottom = static_cast<float>(y1 - bh);
  const float tw = static_cast<float>(w), th = static_cast<float>(h);
  raster_quad_[0] = sf::Vertex({left, bottom}, {0, 0});
  raster_quad_[1] = sf::Vertex({right, bottom}, {tw, 0});
  raster_quad_[2] = sf::Vertex({left, top}, {0, th});
  raster_quad_[3] = sf::Vertex({right, top}, {tw, th});
}

// Both fill shaders find a district's colour the same way.
void MapRenderer::set_district_color_uniforms(sf::Shader& shader) {
  shader.setUniform("u_colors", colors_);
  shader.setUniform("u_row_shift", color_row_shift_);
}

bool MapRenderer::uses_district_raster(const ViewTransform& view) const {
  return raster_texel_metres_ > 0 && raster_texel_metres_ * view.pixels_per_metre <= 1;
}

template <typename Color>
void MapRenderer::upload_colors(std::span<const Color> colors) {
  if (district_count_ == 0) return;
  const size_t given = std::min(colors.size(), district_count_);
  sf::Uint8* pixels = color_pixels_.data();
  if constexpr (std::is_same_v<Color, Rgba>) {
    static_assert(sizeof(Rgba) == 4);  // r, g, b, a bytes: the texture's layout
    std::memcpy(pixels, colors.data(), 4 * given);
  } else {
    // Each colour's three bytes and the next one's first in one 32-bit load, that fourth byte then
    // set to opaque (little-endian: the top byte), one 32-bit store: twice as fast as byte by byte,
    // which a slider step at 100k districts pays. The last colour has no next one: by bytes.
    static_assert(sizeof(Rgb) == 3 && std::endian::native == std::endian::little);
    const auto* bytes = reinterpret_cast<const sf::Uint8*>(colors.data());
    size_t i = 0;
    for (; i + 1 < given; ++i) {
      Rgba8 rgba;
      std::memcpy(&rgba, bytes + 3 * i, sizeof rgba);
      rgba |= Rgba8{255} << 24;
      std::memcpy(pixels + 4 * i, &rgba, sizeof rgba);
    }
    for (; i < given; ++i) {
      const Rgba8 rgba = colors[i].r | Rgba8{colors[i].g} << 8 | Rgba8{colors[i].b} << 16 | Rgba8{255} << 24;
      std::memcpy(pixels + 4 * i, &rgba, sizeof rgba);
    }
  }
  std::fill(pixels + 4 * given, pixels + 4 * district_count_, sf::Uint8{0});  // missing: transparent
  colors_.update(color_pixels_.data());
}

void MapRenderer::set_district_colors(std::span<const Rgb> colors) { upload_colors(colors); }

void MapRenderer::set_district_colors(std::span<const Rgba> colors) { upload_colors(colors); }

void MapRenderer::set_highlight(int selected, int hovered) {
  auto valid = [this](int district) { return district >= 0 && static_cast<size_t>(district) < district_count_ ? district : -1; };
  selected_ = valid(selected);
  hovered_ = valid(hovered);
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

void MapRenderer::draw_district_outlines(sf::RenderTarget& target, const sf::RenderStates& states,
                                         const ViewTransform& view, float width_px) {
  // The view's rectangle in map metres, widened by half a stroke and its feather (in pixels).
  const double margin = std::max(width_px, 1.f) / 2 + 1;
  const Point low = view.to_map({-margin, view.height + margin}), high = view.to_map({view.width + margin, -margin});
  Range run;  // consecutive visible cells are one draw
  for (const OutlineCell& cell : outline_cells_) {
    const bool visible = cell.range.count > 0 && cell.box.max_x >= low.x && cell.box.min_x <= high.x &&
                         cell.box.max_y >= low.y && cell.box.min_y <= high.y;
    if (!visible) continue;
    if (run.count > 0 && run.first + run.count != cell.range.first) {
      draw_lines(target, states, district_lines_, run, style_.district_outline, width_px);
      run = {};
    }
    if (run.count == 0) run.first = cell.range.first;
    run.count += cell.range.count;
  }
  draw_lines(target, states, district_lines_, run, style_.district_outline, width_px);
}

sf::Glsl::Vec4 MapRenderer::raster_outline_color(bool district_outlines) const {
  if (!district_outlines) return {0, 0, 0, 0};
  sf::Glsl::Vec4 outline = to_glsl(style_.district_outline);
  // Coverage as in line.fragment.glsl, twice over: as polygons, both neighbours stroke a border.
  const float once = outline.w * std::min(style_.district_outline_px * style_.line_scale, 1.f);
  outline.w = 1 - (1 - once) * (1 - once);
  return outline;
}

void MapRenderer::draw_boundary_strokes(sf::RenderTarget& target, const sf::RenderStates& states,
                                        const ViewTransform& view, sf::Vector2i viewport, bool district_outlines) {
  const float k = style_.line_scale;
  line_shader_.setUniform("u_viewport", sf::Glsl::Vec2(static_cast<float>(viewport.x), static_cast<float>(viewport.y)));
  if (district_outlines) draw_district_outlines(target, states, view, style_.district_outline_px * k);
  draw_lines(target, states, province_lines_, {0, province_lines_.getVertexCount()}, style_.province_outline,
             style_.province_outline_px * k);
}

void MapRenderer::draw_highlight_strokes(sf::RenderTarget& target, const sf::RenderStates& states, sf::Vector2i viewport) {
  const float k = style_.line_scale;
  line_shader_.setUniform("u_viewport", sf::Glsl::Vec2(static_cast<float>(viewport.x), static_cast<float>(viewport.y)));
  // Hover under selection, so a hovered selected district keeps the selection's outline.
  if (hovered_ >= 0 && hovered_ != selected_)
    draw_lines(target, states, district_lines_, district_line_ranges_[static_cast<size_t>(hovered_)],
               style_.hover_outline, style_.hover_outline_px * k);
  if (selected_ >= 0)
    draw_lines(target, states, district_lines_, district_line_ranges_[static_cast<size_t>(selected_)],
               style_.highlight_outline, style_.highlight_outline_px * k);
}

void MapRenderer::draw_from_geometry(sf::RenderTarget& target, const sf::RenderStates& states, const ViewTransform& view,
                                     sf::Vector2i viewport, bool raster, bool district_outlines) {
  if (raster) {
    raster_shader_.setUniform("u_ids", district_raster_.getTexture());
    set_district_color_uniforms(raster_shader_);
    raster_shader_.setUniform("u_outline", raster_outline_color(district_outlines));
    sf::RenderStates raster_states = states;
    raster_states.shader = &raster_shader_;
    target.draw(raster_quad_, raster_states);
  } else if (fill_.getVertexCount() > 0) {
    set_district_color_uniforms(fill_shader_);
    sf::RenderStates fill_states = states;
    fill_states.shader = &fill_shader_;
    target.draw(fill_, fill_states);
  }
  draw_boundary_strokes(target, states, view, viewport, district_outlines && !raster);
  draw_highlight_strokes(target, states, viewport);
}

void MapRenderer::make_view_layers(const ViewTransform& view, sf::Vector2u size, const sf::RenderStates& states,
                                   bool raster, bool district_outlines) {
  for (sf::RenderTexture* layer : {&layer_target_, &stroke_target_}) {
    if (layer->getSize() != size && !layer->create(size.x, size.y))
      throw Error(fmt::format("cannot create a {}x{} map layer", size.x, size.y));
    // The same pixel view over the layer's whole size as over the target's viewport: the same pixels.
    layer->setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(view.width), static_cast<float>(view.height))));
  }
  // District numbers; beyond the raster's extent "outside" (0xFFFFFF), so that its edges get no outline.
  layer_target_.clear(raster ? sf::Color::White : sf::Color::Transparent);
  sf::RenderStates ids = states;
  ids.blendMode = sf::BlendNone;
  if (raster) {
    raster_ids_shader_.setUniform("u_ids", district_raster_.getTexture());
    ids.shader = &raster_ids_shader_;
    layer_target_.draw(raster_quad_, ids);
  } else if (fill_.getVertexCount() > 0) {
    ids.shader = &district_ids_shader_;
    layer_target_.draw(fill_, ids);
  }
  layer_target_.display();
  // sf::BlendAlpha over transparency leaves the strokes premultiplied.
  stroke_target_.clear(sf::Color::Transparent);
  draw_boundary_strokes(stroke_target_, states, view, {static_cast<int>(size.x), static_cast<int>(size.y)},
                        district_outlines && !raster);
  stroke_target_.display();
  if (layer_compose_ == LayerCompose::shader) return;
  const size_t n = size_t{size.x} * size.y;
  auto read_back = [&](sf::RenderTexture& layer) {
    std::vector<Rgba8> pixels(n);
    layer.setActive(true);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, static_cast<GLsizei>(size.x), static_cast<GLsizei>(size.y), GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    return pixels;
  };
  layers_.set(size.x, size.y, read_back(layer_target_), read_back(stroke_target_), raster && district_outlines);
}

void MapRenderer::compose_on_cpu(sf::RenderTexture& target, const sf::IntRect& viewport, bool district_outlines) {
  // The layers' pixels that change anything, within the visible area (layer pixels, bottom-up).
  long x0 = layers_.used_x, y0 = layers_.used_y, x1 = x0 + layers_.used_width, y1 = y0 + layers_.used_height;
  if (visible_area_) {
    const long flip = static_cast<long>(target.getSize().y) - viewport.top - viewport.height;  // viewport's GL bottom
    const long left = visible_area_->left - viewport.left, right = left + visible_area_->width;
    const long bottom = static_cast<long>(target.getSize().y) - visible_area_->top - visible_area_->height - flip;
    x0 = std::max(x0, left), x1 = std::min(x1, right), y0 = std::max(y0, bottom), y1 = std::min(y1, bottom + visible_area_->height);
  }
  if (x1 <= x0 || y1 <= y0) return;
  const PixelBox box{static_cast<unsigned>(x0), static_cast<unsigned>(y0), static_cast<unsigned>(x1 - x0),
                     static_cast<unsigned>(y1 - y0)};
  // The target's pixels under them (GL's window coordinates: bottom-up), composed and written back.
  const GLint x = viewport.left + static_cast<GLint>(box.x);
  const GLint y = static_cast<GLint>(target.getSize().y) - viewport.top - viewport.height + static_cast<GLint>(box.y);
  const GLsizei w = static_cast<GLsizei>(box.width), h = static_cast<GLsizei>(box.height);
  frame_pixels_.resize(size_t{box.width} * box.height);
  target.setActive(true);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, frame_pixels_.data());
  const sf::Glsl::Vec4 outline = raster_outline_color(district_outlines);
  const float outline_rgba[4] = {outline.x, outline.y, outline.z, outline.w};
  compose(layers_, std::span(color_pixels_.data(), 4 * district_count_), std::span<const float, 4>(outline_rgba), box,
          frame_pixels_);
  // Straight into the target's texture: no fragment runs. The binding SFML assumes is restored.
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  glBindTexture(GL_TEXTURE_2D, target.getTexture().getNativeHandle());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, frame_pixels_.data());
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
}

void MapRenderer::compose_with_shader(sf::RenderTarget& target, const ViewTransform& view, bool district_outlines) {
  // One quad over the view in its pixels, texCoords the layers' texels (row 0 at the bottom).
  const float w = static_cast<float>(view.width), h = static_cast<float>(view.height);
  const sf::Vector2u size = layer_target_.getSize();
  const float tw = static_cast<float>(size.x), th = static_cast<float>(size.y);
  sf::Vertex quad[4] = {sf::Vertex({0, 0}, {0, th}), sf::Vertex({w, 0}, {tw, th}), sf::Vertex({0, h}, {0, 0}),
                        sf::Vertex({w, h}, {tw, 0})};
  view_layers_shader_.setUniform("u_ids", layer_target_.getTexture());
  view_layers_shader_.setUniform("u_strokes", stroke_target_.getTexture());
  set_district_color_uniforms(view_layers_shader_);
  view_layers_shader_.setUniform("u_outline", raster_outline_color(district_outlines));
  sf::RenderStates quad_states(sf::BlendMode(sf::BlendMode::One, sf::BlendMode::OneMinusSrcAlpha), sf::Transform(),
                               nullptr, &view_layers_shader_);
  target.draw(quad, 4, sf::TriangleStrip, quad_states);
}

bool MapRenderer::draw_from_view_layers(sf::RenderTarget& target, const sf::RenderStates& states,
                                        const ViewTransform& view, const sf::IntRect& viewport, bool raster,
                                        bool district_outlines) {
  auto* texture = dynamic_cast<sf::RenderTexture*>(&target);
  if (layer_compose_ == LayerCompose::cpu && !texture) return false;  // the CPU writes into a texture
  LayerKey key;
  key.center_x = view.center.x, key.center_y = view.center.y, key.pixels_per_metre = view.pixels_per_metre;
  key.width = view.width, key.height = view.height;
  key.viewport_width = viewport.width, key.viewport_height = viewport.height;
  key.raster = raster, key.district_outlines = district_outlines, key.style = style_;
  key.compose = layer_compose_;
  if (layers_key_ != key) {
    // A view drawn once is often the only frame of it (panning, zooming): the layers cost about one
    // frame from the geometry more, so they are made when the same view comes again.
    if (pending_key_ != key) {
      pending_key_ = key;
      return false;
    }
    make_view_layers(view, {static_cast<unsigned>(viewport.width), static_cast<unsigned>(viewport.height)}, states,
                     raster, district_outlines);
    layers_key_ = key;
    target.setActive(true);
  }
  if (layer_compose_ == LayerCompose::cpu) {
    compose_on_cpu(*texture, viewport, raster && district_outlines);
  } else {
    const ScissorTo scissor(target, visible_area_);
    compose_with_shader(target, view, raster && district_outlines);
  }
  const ScissorTo scissor(target, visible_area_);
  draw_highlight_strokes(target, states, {viewport.width, viewport.height});
  return true;
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

  const bool district_outlines = std::sqrt(mean_district_area_) * s >= kMinOutlinedDistrictPx;
  const bool raster = uses_district_raster(view);
  const sf::IntRect port = target.getViewport(pixels);
  const bool from_layers = view_layers_ && port.width > 0 && port.height > 0 && !multisampled(target) &&
                           draw_from_view_layers(target, states, view, port, raster, district_outlines);
  drew_from_view_layers_ = from_layers;
  if (!from_layers) {
    const ScissorTo scissor(target, visible_area_);
    draw_from_geometry(target, states, view, {port.width, port.height}, raster, district_outlines);
  }
  target.setView(previous);
}

}  // namespace zila
