#include "render/text_metrics.hpp"

#include <cmath>
#include <fmt/core.h>
#include <fstream>
#include <iterator>
#include <stb/stb_truetype.h>

#include "core/error.hpp"

namespace zila {

struct TextMetrics::Face {
  std::vector<unsigned char> data;
  stbtt_fontinfo info{};

  explicit Face(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("font '{}' not found (install fonts-dejavu-core)", path));
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!stbtt_InitFont(&info, data.data(), stbtt_GetFontOffsetForIndex(data.data(), 0)))
      throw Error(fmt::format("font '{}' cannot be read", path));
  }
  double width(std::string_view text, double px) const {
    float scale = stbtt_ScaleForMappingEmToPixels(&info, static_cast<float>(px));
    int units = 0, previous = 0;
    for (char32_t c : decode_utf8(text)) {
      int glyph = stbtt_FindGlyphIndex(&info, static_cast<int>(c));
      int advance = 0, bearing = 0;
      stbtt_GetGlyphHMetrics(&info, glyph, &advance, &bearing);
      if (previous) units += stbtt_GetGlyphKernAdvance(&info, previous, glyph);
      units += advance;
      previous = glyph;
    }
    return static_cast<float>(units) * scale;
  }
};

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    int extra = byte < 0x80 ? 0 : (byte >> 5) == 6 ? 1 : (byte >> 4) == 14 ? 2 : (byte >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + static_cast<size_t>(extra) >= text.size()) {  // bad lead byte or cut short
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t c = extra == 0 ? byte : byte & (0x3F >> extra);
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
      ok = ok && (next >> 6) == 2;
      c = (c << 6) | (next & 0x3F);
    }
    out.push_back(ok ? c : 0xFFFD);
    i += ok ? static_cast<size_t>(extra) + 1 : 1;
  }
  return out;
}

TextMetrics::TextMetrics()
    : regular_(std::make_shared<const Face>(kFontRegular)), bold_(std::make_shared<const Face>(kFontBold)) {}

double TextMetrics::width(std::string_view text, double px, bool bold) const {
  return (bold ? bold_ : regular_)->width(text, px);
}

std::vector<std::string> TextMetrics::wrap(std::string_view text, double px, double max_width, bool bold) const {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && width(candidate, px, bold) > max_width) {
      lines.push_back(line);
      line = std::string(word);
    } else {
      line = candidate;
    }
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace zila
