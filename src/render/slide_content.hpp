// From data to what the slide says: `zila render`'s settings as a MapSpec, the core's MapFrame for a
// period (colours, legend, titles, note) turned into slide content with the source line and extent.
// The window's PNG export goes through slide_content too. No GL.
#pragma once
#include <optional>
#include <string>

#include "core/map/classify.hpp"
#include "core/map/map_frame.hpp"
#include "core/pipeline.hpp"
#include "core/project.hpp"
#include "render/slide.hpp"

namespace zila {

// Index of settings.period in the cube: a label like "2025-03", a 1-based index, or empty for the
// last. Throws zila::Error listing the first and last labels when nothing matches.
size_t resolve_period(const Cube& cube, const std::string& period);

// What `zila render` maps, as the window would: the metric over the window, the ramp (a diverging
// metric on a sequential --ramp gets RdBu), classes over all periods (`locked`) or this period.
MapSpec map_spec(const RenderSettings& settings, bool locked);

// Classes over the window values of every period: the legend stays put during an animation.
Classification classify_all_periods(const Cube& cube, const RenderSettings& settings);

// `locked`: classes shared by all frames (from classify_all_periods); nullopt classifies this
// period alone.
SlideContent make_slide_content(const Dataset& data, const RenderSettings& settings, size_t period,
                                const std::optional<Classification>& locked);

// Texts given by the user; an empty one takes the frame's (title, subtitle) or the file names (source).
struct SlideText {
  std::string title, subtitle, source;
};
// The slide of a map frame: its colours, legend, titles and note, the source line, `extent` (display
// CRS metres) and labels. `zila render` and the window's export both call this.
SlideContent slide_content(const Dataset& data, const MapFrame& frame, const SlideText& text, const BBox& extent,
                           bool labels);

// The extent named by settings.extent (see RenderSettings), in display CRS metres.
BBox resolve_extent(const Dataset& data, const std::string& extent);

}  // namespace zila
