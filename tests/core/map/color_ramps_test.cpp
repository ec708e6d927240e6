#include <catch2/catch.hpp>

#include <fmt/core.h>

#include "core/map/classify.hpp"
#include "core/error.hpp"

using zila::ramp_colors;
using zila::Rgb;

namespace {

std::vector<std::string> hex(const std::vector<Rgb>& colors) {
  std::vector<std::string> out;
  for (const Rgb& c : colors) out.push_back(fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b));
  return out;
}

using Hex = std::vector<std::string>;

}  // namespace

TEST_CASE("ColorBrewer schemes are the published colours", "[classify]") {
  CHECK(hex(ramp_colors("YlOrRd", 5)) == Hex{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"});
  CHECK(hex(ramp_colors("Blues", 3)) == Hex{"#deebf7", "#9ecae1", "#3182bd"});
  CHECK(hex(ramp_colors("Greens", 9)).back() == "#00441b");
  CHECK(hex(ramp_colors("PuOr", 4)) == Hex{"#e66101", "#fdb863", "#b2abd2", "#5e3c99"});
  CHECK(hex(ramp_colors("RdBu", 11)).front() == "#67001f");
  CHECK(hex(ramp_colors("RdBu", 11))[5] == "#f7f7f7");
  CHECK(hex(ramp_colors("ylorrd", 3)) == Hex{"#ffeda0", "#feb24c", "#f03b20"});  // case-insensitive
}

TEST_CASE("viridis family keeps its published endpoints", "[classify]") {
  CHECK(hex(ramp_colors("viridis", 2)) == Hex{"#440154", "#fde725"});
  CHECK(hex(ramp_colors("viridis", 5)).front() == "#440154");
  CHECK(hex(ramp_colors("viridis", 5)).back() == "#fde725");
  CHECK(hex(ramp_colors("magma", 2)) == Hex{"#000004", "#fcfdbf"});
  CHECK(hex(ramp_colors("inferno", 2)) == Hex{"#000004", "#fcffa4"});
  CHECK(hex(ramp_colors("cividis", 2)) == Hex{"#00224e", "#fee838"});
  CHECK(hex(ramp_colors("viridis", 256))[128] == "#21918c");  // 256 colours: the table itself
}

TEST_CASE("Every ramp gives the asked number of colours, interpolated outside the tables", "[classify]") {
  for (const std::string& name : zila::ramp_names()) {
    INFO(name);
    for (int count = 1; count <= 20; ++count) CHECK(ramp_colors(name, count).size() == static_cast<size_t>(count));
    CHECK(ramp_colors(name, 0).empty());
  }
  // 12 colours from the 9-class scheme: same ends, in between the 9-class colours.
  const auto twelve = hex(ramp_colors("YlOrRd", 12));
  CHECK(twelve.front() == "#ffffcc");
  CHECK(twelve.back() == "#800026");
  // 1 and 2 colours come from the 3-class scheme.
  CHECK(hex(ramp_colors("YlOrRd", 1)) == Hex{"#feb24c"});
  CHECK(hex(ramp_colors("YlOrRd", 2)) == Hex{"#ffeda0", "#f03b20"});
}

TEST_CASE("Ramp names, flags and errors", "[classify]") {
  const auto names = zila::ramp_names();
  CHECK(names.size() == 20);
  CHECK(std::find(names.begin(), names.end(), std::string(zila::kDefaultCountRamp)) != names.end());
  CHECK(zila::ramp_is_colorblind_safe("YlOrRd"));
  CHECK(zila::ramp_is_colorblind_safe("PiYG"));
  CHECK(zila::ramp_is_colorblind_safe("viridis"));
  CHECK_FALSE(zila::ramp_is_colorblind_safe("RdYlGn"));
  CHECK(zila::ramp_is_diverging("BrBG"));
  CHECK_FALSE(zila::ramp_is_diverging("Reds"));
  CHECK_THROWS_AS(ramp_colors("Rainbow", 5), zila::Error);
  CHECK_THROWS_WITH(ramp_colors("Rainbow", 5), Catch::Contains("YlOrRd") && Catch::Contains("cividis"));
  CHECK_THROWS_AS(zila::ramp_is_colorblind_safe("jet"), zila::Error);
}
