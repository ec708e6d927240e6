// Colours and stroke widths of the map, shared by the GPU renderer and the SVG writer. No GL.
#pragma once
#include <cstdint>

namespace zila {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  bool operator==(const Rgba&) const = default;
};

struct MapStyle {
  Rgba district_outline{70, 70, 70, 150};  // translucent dark: visible on pale and deep fills
  float district_outline_px = 0.9f;
  Rgba province_outline{35, 35, 35, 255};
  float province_outline_px = 2.4f;
  // Selection and hover are outlines only: the fill keeps the colour its legend class gives it.
  Rgba highlight_outline{20, 20, 20, 255};  // the selected district
  float highlight_outline_px = 3.0f;
  Rgba hover_outline{0, 110, 220, 255};     // the district under the cursor
  float hover_outline_px = 2.0f;
  // Sizes above are at scale 1; exports multiply them by the picture scale, the window by HiDPI scale.
  float line_scale = 1.0f;
  bool operator==(const MapStyle&) const = default;
};

}  // namespace zila
