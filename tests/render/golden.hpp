// Golden-image comparison in the style of maplibre-native's render tests: per-pixel tolerance, an
// allowed fraction of differing pixels, actual + diff PNGs on failure, ZILA_UPDATE_GOLDEN=1 to update.
#pragma once
#include <SFML/Graphics/Image.hpp>
#include <string>

namespace zila::test {

struct GoldenResult {
  bool ok = false;
  std::string message;
};

// Compares `actual` with tests/render/expected/<name>.png. `tolerance`: largest per-channel
// difference that still counts as equal; `allowed_fraction`: share of pixels that may differ.
GoldenResult compare_golden(const sf::Image& actual, const std::string& name, int tolerance = 24,
                            double allowed_fraction = 0.005);

}  // namespace zila::test
