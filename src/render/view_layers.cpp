#include "render/view_layers.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace zila {
namespace {

// x * y / 255 rounded to nearest, as llvmpipe multiplies normalised 8-bit values.
inline unsigned mul8(unsigned x, unsigned y) {
  const unsigned t = x * y + 128;
  return (t + (t >> 8)) >> 8;
}

inline unsigned channel(Rgba8 p, int c) { return (p >> (8 * c)) & 255u; }

// sf::BlendAlpha of a straight-alpha source: rgb = src * a + dst * (1 - a), alpha = a + dst_a * (1 - a).
inline Rgba8 blend_straight(Rgba8 src, Rgba8 dst) {
  const unsigned a = channel(src, 3);
  if (a == 255) return src;
  if (a == 0) return dst;
  Rgba8 out = 0;
  for (int c = 0; c < 3; ++c) out |= std::min(255u, mul8(channel(src, c), a) + mul8(channel(dst, c), 255 - a)) << (8 * c);
  return out | std::min(255u, a + mul8(channel(dst, 3), 255 - a)) << 24;
}

// A premultiplied source over dst: rgb = src + dst * (1 - a), alpha likewise.
inline Rgba8 blend_premultiplied(Rgba8 src, Rgba8 dst) {
  const unsigned a = channel(src, 3);
  Rgba8 out = 0;
  for (int c = 0; c < 4; ++c) out |= std::min(255u, channel(src, c) + mul8(channel(dst, c), 255 - a)) << (8 * c);
  return out;
}

inline Rgba8 to_rgba8(float r, float g, float b, float a) {
  auto byte = [](float v) { return static_cast<Rgba8>(std::lround(std::clamp(v, 0.f, 1.f) * 255.f)); };
  return byte(r) | byte(g) << 8 | byte(b) << 16 | byte(a) << 24;
}

}  // namespace

void ViewLayers::set(unsigned w, unsigned h, std::span<const Rgba8> ids, std::vector<Rgba8> stroke_pixels,
                     bool raster_edges) {
  width = w, height = h;
  const size_t n = size_t{w} * h;
  district.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const std::int32_t id = static_cast<std::int32_t>(ids[i] & 0xFFFFFFu);
    district[i] = id == 0xFFFFFF ? kOutside : id - 1;
  }
  strokes = std::move(stroke_pixels);
  edge.assign(raster_edges ? n : 0, 0);
  unsigned x0 = w, x1 = 0, y0 = h, y1 = 0;
  for (unsigned y = 0; y < h; ++y) {
    for (unsigned x = 0; x < w; ++x) {
      const size_t i = size_t{y} * w + x;
      const std::int32_t d = district[i];
      if (raster_edges && d >= 0) {
        // Neighbours clamped to the layer, as the raster's texels are clamped to its extent.
        const std::int32_t right = district[x + 1 < w ? i + 1 : i], above = district[y + 1 < h ? i + w : i];
        edge[i] = (right != d && right != kOutside) || (above != d && above != kOutside);
      }
      if (d >= 0 || strokes[i] != 0) {
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
    }
  }
  used_x = x0 <= x1 ? x0 : 0, used_y = y0 <= y1 ? y0 : 0;
  used_width = x0 <= x1 ? x1 - x0 + 1 : 0, used_height = y0 <= y1 ? y1 - y0 + 1 : 0;
}

void compose(const ViewLayers& layers, std::span<const std::uint8_t> colors, std::span<const float, 4> outline,
             const PixelBox& box, std::span<Rgba8> target) {
  const size_t district_count = colors.size() / 4;
  std::vector<Rgba8> fill(district_count), outlined;
  for (size_t d = 0; d < district_count; ++d)
    fill[d] = colors[4 * d] | colors[4 * d + 1] << 8 | colors[4 * d + 2] << 16 | Rgba8{colors[4 * d + 3]} << 24;
  if (!layers.edge.empty() && outline[3] > 0) {
    // The outline over the fill as district_raster.fragment.glsl computes it, in float, then to 8 bits.
    outlined.resize(district_count);
    const float a = outline[3];
    for (size_t d = 0; d < district_count; ++d) {
      const float fa = colors[4 * d + 3] / 255.f, alpha = fa + a - fa * a, keep = std::max(alpha, 1e-6f);
      auto mixed = [&](int c) { return (colors[4 * d + c] / 255.f * fa * (1 - a) + outline[c] * a) / keep; };
      outlined[d] = to_rgba8(mixed(0), mixed(1), mixed(2), alpha);
    }
  }
  const unsigned w = box.width;
  tbb::parallel_for(unsigned{0}, box.height, [&](unsigned row) {
    const size_t first = size_t{box.y + row} * layers.width + box.x;
    Rgba8* out = target.data() + size_t{row} * w;
    for (unsigned x = 0; x < w; ++x) {
      const size_t i = first + x;
      Rgba8 pixel = out[x];
      const std::int32_t d = layers.district[i];
      if (d >= 0 && static_cast<size_t>(d) < district_count)
        pixel = blend_straight(outlined.empty() || !layers.edge[i] ? fill[static_cast<size_t>(d)] : outlined[static_cast<size_t>(d)], pixel);
      if (const Rgba8 stroke = layers.strokes[i]) pixel = blend_premultiplied(stroke, pixel);
      out[x] = pixel;
    }
  });
}

}  // namespace zila
