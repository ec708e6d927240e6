#include "render/view_layers.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstring>

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

void ViewLayers::set(unsigned w, unsigned h, std::span<const Rgba8> ids, std::span<const Rgba8> strokes, bool edges) {
  width = w, height = h, raster_edges = edges;
  const size_t n = size_t{w} * h;
  std::vector<std::int32_t> district(n);
  for (size_t i = 0; i < n; ++i) {
    const std::int32_t id = static_cast<std::int32_t>(ids[i] & 0xFFFFFFu);
    district[i] = id == 0xFFFFFF ? kOutside : id - 1;
  }
  runs.clear();
  details.clear();
  row_first_run.assign(size_t{h} + 1, 0);
  unsigned x0 = w, x1 = 0, y0 = h, y1 = 0;
  for (unsigned y = 0; y < h; ++y) {
    row_first_run[y] = static_cast<std::uint32_t>(runs.size());
    for (unsigned x = 0; x < w; ++x) {
      const size_t i = size_t{y} * w + x;
      const std::int32_t d = district[i];
      bool edge = false;
      if (edges && d >= 0) {
        // Neighbours clamped to the layer, as the raster's texels are clamped to its extent.
        const std::int32_t right = district[x + 1 < w ? i + 1 : i], above = district[y + 1 < h ? i + w : i];
        edge = (right != d && right != kOutside) || (above != d && above != kOutside);
      }
      const bool detail = strokes[i] != 0 || edge;
      if (!detail && d < 0) continue;  // no district, no stroke: the frame leaves the pixel
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      const std::int32_t run_district = detail ? kNone : d;
      if (runs.size() > row_first_run[y] && runs.back().x + runs.back().length == x && runs.back().district == run_district)
        ++runs.back().length;
      else
        runs.push_back({x, 1, run_district, static_cast<std::uint32_t>(details.size())});
      if (detail) details.push_back({d, strokes[i], edge});
    }
  }
  row_first_run[h] = static_cast<std::uint32_t>(runs.size());
  used_x = x0 <= x1 ? x0 : 0, used_y = y0 <= y1 ? y0 : 0;
  used_width = x0 <= x1 ? x1 - x0 + 1 : 0, used_height = y0 <= y1 ? y1 - y0 + 1 : 0;
}

void compose(const ViewLayers& layers, std::span<const std::uint8_t> colors, std::span<const float, 4> outline,
             const PixelBox& box, std::span<Rgba8> target) {
  const size_t district_count = colors.size() / 4;
  std::vector<Rgba8> fill(district_count), outlined;
  std::memcpy(fill.data(), colors.data(), 4 * district_count);  // RGBA bytes are Rgba8 on a little-endian machine
  if (layers.raster_edges && outline[3] > 0) {
    // The outline over the fill as district_raster.fragment.glsl computes it, in float, then to 8 bits.
    outlined.resize(district_count);
    const float a = outline[3];
    for (size_t d = 0; d < district_count; ++d) {
      const float fa = colors[4 * d + 3] / 255.f, alpha = fa + a - fa * a, keep = std::max(alpha, 1e-6f);
      auto mixed = [&](int c) { return (colors[4 * d + c] / 255.f * fa * (1 - a) + outline[c] * a) / keep; };
      outlined[d] = to_rgba8(mixed(0), mixed(1), mixed(2), alpha);
    }
  }
  auto fill_of = [&](std::int32_t d) { return static_cast<size_t>(d) < district_count ? fill[static_cast<size_t>(d)] : Rgba8{0}; };
  const unsigned box_end = box.x + box.width;
  tbb::parallel_for(tbb::blocked_range<unsigned>(0, box.height), [&](const tbb::blocked_range<unsigned>& rows) {
    for (unsigned row = rows.begin(); row != rows.end(); ++row) {
      const unsigned y = box.y + row;
      Rgba8* out = target.data() + size_t{row} * box.width;
      for (std::uint32_t r = layers.row_first_run[y]; r < layers.row_first_run[y + 1]; ++r) {
        const ViewLayers::Run& run = layers.runs[r];
        const unsigned first = std::max(run.x, box.x), end = std::min(run.x + run.length, box_end);
        if (first >= end) continue;
        Rgba8* pixel = out + (first - box.x);
        const unsigned count = end - first;
        if (run.district >= 0) {
          // One colour over the whole run: opaque (every Rgb colour) is a plain fill.
          const Rgba8 color = fill_of(run.district);
          if (color >> 24 == 255)
            std::fill_n(pixel, count, color);
          else if (color >> 24 != 0)
            for (unsigned k = 0; k < count; ++k) pixel[k] = blend_straight(color, pixel[k]);
          continue;
        }
        const ViewLayers::DetailPixel* detail = layers.details.data() + run.first_detail + (first - run.x);
        for (unsigned k = 0; k < count; ++k) {
          Rgba8 composed = pixel[k];
          const std::int32_t d = detail[k].district;
          if (d >= 0 && static_cast<size_t>(d) < district_count)
            composed = blend_straight(outlined.empty() || !detail[k].edge ? fill[static_cast<size_t>(d)]
                                                                          : outlined[static_cast<size_t>(d)],
                                      composed);
          if (const Rgba8 stroke = detail[k].stroke) composed = blend_premultiplied(stroke, composed);
          pixel[k] = composed;
        }
      }
    }
  });
}

}  // namespace zila
