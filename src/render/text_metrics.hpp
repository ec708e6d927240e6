// Text measurement without GL (stb_truetype), so the slide layout is the same for PNG and SVG.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zila {

inline constexpr const char* kFontRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr const char* kFontBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Code points of UTF-8 text; invalid bytes become U+FFFD.
std::u32string decode_utf8(std::string_view text);

class TextMetrics {
 public:
  // Throws zila::Error naming the font file when DejaVu (fonts-dejavu-core) is missing.
  TextMetrics();
  // Advance width in pixels of `text` at an em size of `px` (what sf::Text::setCharacterSize and
  // SVG font-size mean), with kerning.
  double width(std::string_view text, double px, bool bold = false) const;
  // Splits `text` at spaces into lines no wider than `max_width`.
  std::vector<std::string> wrap(std::string_view text, double px, double max_width, bool bold = false) const;

 private:
  struct Face;  // stb_truetype state, kept out of this header
  std::shared_ptr<const Face> regular_, bold_;
};

}  // namespace zila
