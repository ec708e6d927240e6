// GPU choropleth of one set of district polygons: fills coloured per district through a small
// texture, district and province outlines of constant pixel width at any zoom (district outlines only
// while districts are a few pixels wide). From kRasterMinDistricts districts, views that show them
// small draw the fills from a raster of district numbers instead of the triangles. Needs a current
// GL context (a window or sf::RenderTexture) for construction, updates and drawing.
#pragma once
#include <SFML/Graphics.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/enum_names.hpp"
#include "core/map/classify.hpp"
#include "render/map_style.hpp"
#include "core/map/view_transform.hpp"
#include "render/view_layers.hpp"

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
  // colour texture changes: call on every time-slider step, geometry is never re-tessellated, and
  // nothing is allocated.
  void set_district_colors(std::span<const Rgb> colors);
  void set_district_colors(std::span<const Rgba> colors);
  // Outlined districts (-1: none); their fill stays the colour the legend gives it.
  void set_highlight(int selected, int hovered = -1);
  void set_style(const MapStyle& style) { style_ = style; }
  const MapStyle& style() const { return style_; }

  // Draws fills, district outlines, province outlines and the hover and selection outlines into `target`, mapping map
  // metres to pixels with `view` (view.width/height = the target's size in pixels). District outlines
  // are left out while the average district is under kMinOutlinedDistrictPx wide on screen; from the
  // raster they are one pixel wide and not antialiased. Keeps the target's sf::View and GL state as
  // they were.
  void draw(sf::RenderTarget& target, const ViewTransform& view);
  // On a software rasteriser (llvmpipe), into a target without multisampling (the window, the bench),
  // draw() keeps the view's layers (district numbers and strokes, render/view_layers.hpp) once a view
  // is drawn a second time; while the view and style stay, a frame (a time-slider step, a hover)
  // composes them with the current colours instead of drawing every triangle: llvmpipe took ~26 ms
  // of CPU per 1080p frame of PAK ADM2 from the geometry. Hover and selection are drawn over it as
  // before. On a GPU the layers are composed by the shader (layer_compose_for); antialiased
  // targets (none of Zila's: slides draw their maps without multisampling) always take the geometry.
  // set_view_layers overrides the choice (tests compare both).
  void set_view_layers(bool on) { view_layers_ = on; }
  bool drew_from_view_layers() const { return drew_from_view_layers_; }  // the last draw()
  // How a frame is composed from the layers: on the CPU (into an sf::RenderTexture only: the
  // target's pixels are read, blended on all cores and written back) or by one textured quad with
  // shaders/view_layers.fragment.glsl into any target (the layers stay in GL textures; the window).
  // By default chosen once per process from the GL driver (layer_compose_for) and ZILA_LAYER_COMPOSE.
  enum class LayerCompose : std::uint8_t { cpu, shader };
  void set_layer_compose(LayerCompose how) { layer_compose_ = how; }
  LayerCompose layer_compose() const { return layer_compose_; }
  // The compose for a driver: on the CPU for software rasterisers (`renderer_and_vendor` naming
  // llvmpipe, softpipe, swrast or "Software"; llvmpipe ran the shader ~50x slower than the CPU loop),
  // by the shader on a GPU. `override_value` (ZILA_LAYER_COMPOSE; null or empty: none) "cpu" or
  // "shader" wins; another value throws zila::Error naming the valid ones.
  static LayerCompose layer_compose_for(std::string_view renderer_and_vendor, const char* override_value);
  static bool software_rasteriser(std::string_view renderer_and_vendor);
  // "GL_RENDERER / GL_VENDOR" of the first context that asks (one driver per process).
  static const std::string& gl_renderer_and_vendor();
  // The part of the target that is seen, in its pixels (y down); the rest is covered (the window's
  // panels), so draw() leaves it out (a GL scissor). nullopt: all of it.
  void set_visible_area(std::optional<sf::IntRect> pixels) { visible_area_ = pixels; }

  // Closer than this, district outlines would merge into a grey smear over the fills.
  static constexpr double kMinOutlinedDistrictPx = 4;
  // From this many districts, a raster of district numbers (up to 4096 x 4096, 64 MB) is made once at
  // construction, and views where its texels are at most a pixel wide draw the fills and district
  // outlines from it: one quad instead of every triangle. Same picture to within a pixel, without
  // antialiasing. llvmpipe sets up triangles on one thread: 100k districts at 1080p took ~38 ms a
  // frame as polygons, ~11 ms from the raster.
  static constexpr size_t kRasterMinDistricts = 10000;
  bool uses_district_raster(const ViewTransform& view) const;

  size_t district_count() const { return district_count_; }
  size_t triangle_count() const { return fill_.getVertexCount() / 3; }
  double tessellation_ms() const { return tessellation_ms_; }
  // Districts that failed triangulation even after MakeValid, or were repaired (for the user).
  const std::vector<Problem>& problems() const { return problems_; }  // the tessellation's

 private:
  struct Range {
    size_t first = 0, count = 0;
  };
  void draw_lines(sf::RenderTarget& target, sf::RenderStates states, const sf::VertexBuffer& lines, Range range,
                  Rgba color, float width_px);
  template <typename Color>
  void upload_colors(std::span<const Color> colors);
  void make_district_raster(const BBox& extent);
  void set_district_color_uniforms(sf::Shader& shader);
  void draw_district_outlines(sf::RenderTarget& target, const sf::RenderStates& states, const ViewTransform& view,
                              float width_px);
  // District outlines (unless the raster draws them) and province outlines; hover and selection.
  void draw_boundary_strokes(sf::RenderTarget& target, const sf::RenderStates& states, const ViewTransform& view,
                             sf::Vector2i viewport, bool district_outlines);
  void draw_highlight_strokes(sf::RenderTarget& target, const sf::RenderStates& states, sf::Vector2i viewport);
  sf::Glsl::Vec4 raster_outline_color(bool district_outlines) const;
  void draw_from_geometry(sf::RenderTarget& target, const sf::RenderStates& states, const ViewTransform& view,
                          sf::Vector2i viewport, bool raster, bool district_outlines);
  // False, having drawn nothing, when the layers are not (yet) kept for this view.
  bool draw_from_view_layers(sf::RenderTarget& target, const sf::RenderStates& states, const ViewTransform& view,
                             const sf::IntRect& viewport, bool raster, bool district_outlines);
  void make_view_layers(const ViewTransform& view, sf::Vector2u size, const sf::RenderStates& states, bool raster,
                        bool district_outlines);
  void compose_on_cpu(sf::RenderTexture& target, const sf::IntRect& viewport, bool district_outlines);
  void compose_with_shader(sf::RenderTarget& target, const ViewTransform& view, bool district_outlines);

  size_t district_count_ = 0;
  Point origin_;  // vertices are stored relative to this (the data's centre) to keep float precision
  sf::VertexBuffer fill_{sf::Triangles, sf::VertexBuffer::Static};
  sf::VertexBuffer district_lines_{sf::Triangles, sf::VertexBuffer::Static};
  sf::VertexBuffer province_lines_{sf::Triangles, sf::VertexBuffer::Static};
  std::vector<Range> district_line_ranges_;  // per district, into district_lines_
  // district_lines_ is ordered by spatial cell (districts by their bbox centre, row-major over the
  // extent), so that a zoomed-in view submits only the outlines of the cells it overlaps: at 8x zoom
  // on 100k districts, llvmpipe spent 15-25 ms a frame on outlines off-screen.
  struct OutlineCell {
    BBox box;  // of the cell's districts, map metres (not relative to origin_)
    Range range;
  };
  std::vector<OutlineCell> outline_cells_;
  // District d's colour is texel (d mod 2^color_row_shift_, d >> color_row_shift_): rows of districts,
  // so that 100k districts fit under GL_MAX_TEXTURE_SIZE (16384 on llvmpipe). RGBA, nearest sampling.
  sf::Texture colors_;
  int color_row_shift_ = 0;
  std::vector<sf::Uint8> color_pixels_;  // the texture's pixels, kept to upload without allocating
  double mean_district_area_ = 0;        // map units squared, for the outline spacing
  // District index + 1 per texel over the districts' extent (0: none), row 0 at the bottom; empty
  // below kRasterMinDistricts. Drawn through raster_quad_ (texCoords in texels).
  sf::RenderTexture district_raster_;
  sf::VertexArray raster_quad_{sf::TriangleStrip, 4};
  double raster_texel_metres_ = 0;  // the larger of a texel's width and height
  sf::Shader district_ids_shader_, raster_shader_;
  // The view layers (see set_view_layers): kept for `layers_key_`; `pending_key_` is the view drawn
  // last from the geometry, whose layers are made when it is drawn again.
  struct LayerKey {
    double center_x = 0, center_y = 0, pixels_per_metre = 0, width = 0, height = 0;
    int viewport_width = 0, viewport_height = 0;
    bool raster = false, district_outlines = false;
    MapStyle style;
    LayerCompose compose = LayerCompose::cpu;  // the CPU's layers are read back
    bool operator==(const LayerKey&) const = default;
  };
  bool view_layers_ = false, drew_from_view_layers_ = false;
  std::optional<LayerKey> layers_key_, pending_key_;
  ViewLayers layers_;
  sf::RenderTexture layer_target_, stroke_target_;  // the layers in GL (district numbers, strokes)
  LayerCompose layer_compose_ = LayerCompose::cpu;
  std::optional<sf::IntRect> visible_area_;
  std::vector<Rgba8> frame_pixels_;     // the target's pixels under the layers, composed in place
  sf::Shader raster_ids_shader_, view_layers_shader_;
  sf::Shader fill_shader_, line_shader_;
  int selected_ = -1, hovered_ = -1;
  MapStyle style_;
  double tessellation_ms_ = 0;
  std::vector<Problem> problems_;
};

inline constexpr EnumTable<MapRenderer::LayerCompose, 2> kLayerComposeNames{
    {{MapRenderer::LayerCompose::cpu, "cpu"}, {MapRenderer::LayerCompose::shader, "shader"}}};
constexpr const auto& enum_table(MapRenderer::LayerCompose) { return kLayerComposeNames; }

}  // namespace zila
