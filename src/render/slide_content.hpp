// From data to what the slide says: `zila render`'s settings as a MapSpec, the core's MapFrame for a
// period (colours, legend, titles, note) turned into slide content with the source line, extent and
// region context. The window's export goes through slide_content too. No GL.
#pragma once
#include <functional>
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

// What `zila render` maps, as the window would: the mode, the metric over the window, the ramp (a
// diverging metric on a sequential --ramp gets RdBu), classes over all periods or this period
// (settings.class_scope).
MapSpec map_spec(const RenderSettings& settings);

// The map frame of one period. The statistic and rate modes need the app's analysis
// (ui/logic/mode_frames.hpp); value_frames builds the values mode here.
using FrameBuilder = std::function<void(size_t period, MapFrame& out)>;
// Throws zila::Error for any mode but values.
FrameBuilder value_frames(const Dataset& data, const RenderSettings& settings);

// Where the slide looks: the extent in display CRS metres and, when it is a province's (auto or a
// province name), that province: the rest of the map is context and the legend counts its districts.
struct SlideExtent {
  BBox box;
  std::string region;
};
// The extent named by settings.extent (see RenderSettings), fitted to `aspect` (width / height of
// the map area; 0 keeps the region's own shape) so the region fills the frame.
SlideExtent resolve_extent(const Dataset& data, const std::string& extent, double aspect = 0);

// The slide of `period`: frame from `frames` (empty: value_frames), texts, extent and context from
// the settings.
SlideContent make_slide_content(const Dataset& data, const RenderSettings& settings, size_t period,
                                const FrameBuilder& frames = {});

// Texts given by the user; an empty one takes the frame's (title, subtitle) or the file names (source).
struct SlideText {
  std::string title, subtitle, source;
};
// The slide of a map frame: its colours, legend, titles and note, the source line, the extent and
// labels. With a region, districts outside it are painted as context (kContextColor), the legend
// counts the region's districts and the default title names it; without, the legend counts the
// districts whose label point is in the extent. `zila render` and the window's export both call this.
SlideContent slide_content(const Dataset& data, const MapFrame& frame, const SlideText& text, const SlideExtent& extent,
                           bool labels);

// Country outlines (Natural Earth's countries-50m.json from the npm package world-atlas, fetched by
// geodata/fetch.sh) near `districts`, projected into their display CRS: the countries whose lon/lat
// box meets the districts' box grown by its own size each way (a country spanning the antimeridian
// is left out: projected, it would streak across the map). Throws zila::Error naming the file.
Boundaries load_countries(const std::string& path, const Boundaries& districts);
// The names of `countries` (nullable) but the districts' own, for the slide to write where they fit.
void add_country_names(SlideContent& content, const Boundaries* countries, const Boundaries& districts);

}  // namespace zila
