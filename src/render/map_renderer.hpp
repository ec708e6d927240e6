// GPU choropleth of one set of district polygons: fills coloured per district through a small
// texture, district and province outlines of constant pixel width at any zoom. Needs a current GL
// context (a window or sf::RenderTexture) for construction, updates and drawing.
#pragma once
#include <SFML/Graphics.hpp>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/boundaries.hpp"
#include "core/classify.hpp"
#include "render/map_style.hpp"
#include "render/view_transform.hpp"

namespace zila {

class MapRenderer {
 public:
  // Tessellates `districts.projected` once (GEOS constrained Delaunay) and uploads everything.
  // `provinces` (nullable) are ADM1 polygons in the same display CRS, drawn as thicker outlines.
  // Throws zila::Error when a shader fails to compile (the message carries the GLSL log).
  MapRenderer(const Boundaries& districts, const Boundaries* provinces);
  MapRenderer(const MapRenderer&) = delete;
  MapRenderer& operator=(const MapRenderer&) = delete;

  // One colour per district (extra entries ignored, missing ones transparent). Only the per-district
  // colour texture changes: call on every time-slider step, geometry is never re-tessellated.
  void set_district_colors(std::span<const Rgb> colors);
  void set_district_colors(std::span<const Rgba> colors);
  void set_highlight(int district);  // -1: none
  void set_style(const MapStyle& style) { style_ = style; }
  const MapStyle& style() const { return style_; }

  // Draws fills, district outlines, province outlines and the highlight into `target`, mapping map
  // metres to pixels with `view` (view.width/height = the target's size in pixels). Keeps the
  // target's sf::View and GL state as they were.
  void draw(sf::RenderTarget& target, const ViewTransform& view);

  size_t district_count() const { return district_count_; }
  size_t triangle_count() const { return fill_.getVertexCount() / 3; }
  double tessellation_ms() const { return tessellation_ms_; }
  // Districts that failed triangulation even after MakeValid, or were repaired (for the user).
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  struct Range {
    size_t first = 0, count = 0;
  };
  void draw_lines(sf::RenderTarget& target, sf::RenderStates states, const sf::VertexBuffer& lines, Range range,
                  Rgba color, float width_px);

  size_t district_count_ = 0;
  Point origin_;  // vertices are stored relative to this (the data's centre) to keep float precision
  sf::VertexBuffer fill_{sf::Triangles, sf::VertexBuffer::Static};
  sf::VertexBuffer district_lines_{sf::Triangles, sf::VertexBuffer::Static};
  sf::VertexBuffer province_lines_{sf::Triangles, sf::VertexBuffer::Static};
  std::vector<Range> district_line_ranges_;  // per district, into district_lines_
  sf::Texture colors_;                       // district_count x 1 RGBA, nearest sampling
  sf::Shader fill_shader_, line_shader_;
  int highlight_ = -1;
  MapStyle style_;
  double tessellation_ms_ = 0;
  std::vector<std::string> messages_;
};

}  // namespace zila
