// Fast PNG encoding of 8-bit RGBA pixels. SFML's sf::Image::saveToFile goes through stb_image_write
// at maximum zlib effort, which took ~1.5 s for a 3840x2160 slide; flat choropleth colours compress
// almost as well at the lowest zlib level, and bands of rows are compressed on all cores.
#pragma once
#include <cstdint>
#include <string>

namespace zila {

struct PixelsView {
  const std::uint8_t* rgba = nullptr;  // width * height * 4 bytes, rows packed
  unsigned width = 0, height = 0;
  bool bottom_up = false;  // rows stored last-first, as glReadPixels returns them
};

// Writes the pixels as PNG: RGB when every pixel is opaque (a quarter less to compress), else RGBA.
// Atomic (core/output_file.hpp): a failure leaves any previous file as it was and throws zila::Error
// naming the path and the error.
void write_png(const PixelsView& pixels, const std::string& path);

}  // namespace zila
