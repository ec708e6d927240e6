// The GL rows of `zila bench` (bench/README.md, "What the GL rows measure"): map frames offscreen and
// in a window, from the geometry and from the view layers, the colour upload of a time-slider step,
// the 4K PNG export and its encoding, and the same on a 100k-polygon grid. Need an X display.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/pipeline.hpp"

namespace zila {

struct GlBenchSettings {
  std::string dir;  // where the exported slides go
  int reps = 5;
  std::uint64_t seed = 42;
};

// Where gl_rows writes the choropleth of its 1080p frame rows (JSON) for the QGIS peer, bench/qgis_peer.py.
std::string frame_choropleth_path(const std::string& dir);

// Adds the figures to `zila` (keys ending in _ms); throws zila::Error without GL.
void gl_rows(const GlBenchSettings& s, const Dataset& data, nlohmann::json& zila);

}  // namespace zila
