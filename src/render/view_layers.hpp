// The map of one view as layers in memory (runs of pixels of one district, and the pixels under a
// stroke or an outline), and the frame composed from them on the CPU.
// On a software rasteriser (Mesa llvmpipe) a pixel costs more through the GL pipeline than in this
// loop, and triangle set-up costs most of all: a 1080p frame of PAK ADM2 took ~26 ms of CPU from its
// 20k fill and ~40k stroke triangles, while the layers of an unchanged view compose in ~0.6 ms. The
// layers are drawn once per view by MapRenderer (GL) and read back; a time-slider step changes only
// the district colours. No GL here.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "render/map_style.hpp"

namespace zila {

// Pixels as GL reads and writes them: RGBA bytes, i.e. 0xAABBGGRR on a little-endian machine.
using Rgba8 = std::uint32_t;

struct ViewLayers {
  // Values of `district` besides an index.
  static constexpr std::int32_t kNone = -1;     // no district under the pixel
  static constexpr std::int32_t kOutside = -2;  // beyond the district raster (no outline towards it)

  unsigned width = 0, height = 0;  // rows bottom-up, as GL reads them
  bool raster_edges = false;       // district outlines from the raster (see set)
  // The smallest box holding every district or stroke pixel; outside it a frame changes nothing.
  unsigned used_x = 0, used_y = 0, used_width = 0, used_height = 0;
  // The pixels a frame changes, row by row, as runs: a fill run is pixels of one district with
  // neither stroke nor raster edge (one colour over all of them: a fill, not a lookup per pixel); a
  // detail run is pixels with a stroke or an edge, blended one by one from `details` (their layers'
  // values side by side: the per-pixel layers are 24 MB at 1080p, and reading them cost most of a
  // compose). Pixels of no district and no stroke are in no run. A 1080p view of PAK ADM2 is ~20
  // runs a row instead of ~1000 pixels.
  struct Run {
    unsigned x = 0, length = 0;
    std::int32_t district = kNone;  // a fill run's district; kNone: a detail run
    std::uint32_t first_detail = 0;  // a detail run: its first pixel in `details`
  };
  struct DetailPixel {
    std::int32_t district = kNone;
    Rgba8 stroke = 0;
    bool edge = false;
  };
  std::vector<Run> runs;
  std::vector<std::uint32_t> row_first_run;  // per row, then one past the last row: its runs start here
  std::vector<DetailPixel> details;

  // From the read-back layers: `ids` holds district index + 1 in the RGB bytes (0: none, 0xFFFFFF:
  // outside); `strokes` the outlines drawn over transparency (premultiplied). `edges`: a district
  // outline goes on the pixels whose neighbour one pixel along +x or +y shows another district, as
  // shaders/district_raster.fragment.glsl outlines them.
  void set(unsigned w, unsigned h, std::span<const Rgba8> ids, std::span<const Rgba8> strokes, bool edges);
};

// The GL blend of the renderer, in 8 bits as Mesa rounds it: fills (straight alpha, sf::BlendAlpha)
// over `target`, then the premultiplied strokes over that. `colors`: RGBA bytes per district (as the
// colour texture); `outline`: the colour the raster's edges take over the fill (a = 0: none), alpha
// already scaled by the stroke's coverage. `target`: the pixels of `box` (within the layers), rows
// bottom-up, composed in place (on all cores), run by run (ViewLayers::runs).
struct PixelBox {
  unsigned x = 0, y = 0, width = 0, height = 0;
};
void compose(const ViewLayers& layers, std::span<const std::uint8_t> colors, std::span<const float, 4> outline,
             const PixelBox& box, std::span<Rgba8> target);

}  // namespace zila
