#include "golden.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/core.h>

namespace zila::test {

GoldenResult compare_golden(const sf::Image& actual, const std::string& name, int tolerance,
                            double allowed_fraction) {
  std::string expected_path = std::string(ZILA_RENDER_TEST_DIR) + "/expected/" + name + ".png";
  const char* update = std::getenv("ZILA_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    actual.saveToFile(expected_path);
    return {true, "updated " + expected_path};
  }
  sf::Image expected;
  if (!expected.loadFromFile(expected_path))
    return {false, fmt::format("no expected image {} (run with ZILA_UPDATE_GOLDEN=1 to create it)", expected_path)};
  if (expected.getSize() != actual.getSize())
    return {false, fmt::format("size {}x{} differs from expected {}x{}", actual.getSize().x, actual.getSize().y,
                               expected.getSize().x, expected.getSize().y)};
  sf::Vector2u size = actual.getSize();
  sf::Image diff;
  diff.create(size.x, size.y, sf::Color::White);
  size_t differing = 0;
  for (unsigned y = 0; y < size.y; ++y)
    for (unsigned x = 0; x < size.x; ++x) {
      sf::Color a = actual.getPixel(x, y), e = expected.getPixel(x, y);
      int d = std::max({std::abs(a.r - e.r), std::abs(a.g - e.g), std::abs(a.b - e.b), std::abs(a.a - e.a)});
      if (d > tolerance) {
        ++differing;
        diff.setPixel(x, y, sf::Color(255, 0, 0));
      } else {
        // Faded copy of the expected picture, so the red differences can be located.
        diff.setPixel(x, y, sf::Color(static_cast<sf::Uint8>(191 + e.r / 4), static_cast<sf::Uint8>(191 + e.g / 4),
                                      static_cast<sf::Uint8>(191 + e.b / 4)));
      }
    }
  double fraction = static_cast<double>(differing) / (static_cast<double>(size.x) * size.y);
  if (fraction <= allowed_fraction) return {true, fmt::format("{:.4f}% pixels differ", 100 * fraction)};
  std::filesystem::create_directories(ZILA_RENDER_OUT_DIR);
  std::string base = std::string(ZILA_RENDER_OUT_DIR) + "/" + name;
  actual.saveToFile(base + ".actual.png");
  diff.saveToFile(base + ".diff.png");
  return {false, fmt::format("{:.3f}% of pixels differ by more than {} (allowed {:.3f}%); wrote {}.actual.png and "
                             "{}.diff.png",
                             100 * fraction, tolerance, 100 * allowed_fraction, base, base)};
}

}  // namespace zila::test
