// From data to what the slide says: window values, classes, colours, legend, subtitle, source line,
// the unmapped-events note and the map extent. No GL.
#pragma once
#include <optional>
#include <string>

#include "core/classify.hpp"
#include "core/pipeline.hpp"
#include "render/project.hpp"
#include "render/slide.hpp"

namespace zila {

// Index of settings.period in the cube: a label like "2025-03", a 1-based index, or empty for the
// last. Throws zila::Error listing the first and last labels when nothing matches.
size_t resolve_period(const Cube& cube, const std::string& period);

// "March 2025", "Q1 2025", "Week of 3 Mar 2025"; with `short_form` "Mar 2025".
std::string pretty_period(Bin bin, int32_t start, bool short_form = false);
// "March 2025", "Cumulative Jan 2024 – Oct 2025", "Rolling 3 months, Aug – Oct 2025".
std::string window_subtitle(const Cube& cube, const WindowSpec& window, size_t period);

// Classes over the window values of every period: the legend stays put during an animation.
Classification classify_all_periods(const Cube& cube, const RenderSettings& settings);

// `locked`: classes shared by all frames (from classify_all_periods); nullopt classifies this
// period alone.
SlideContent make_slide_content(const Dataset& data, const RenderSettings& settings, size_t period,
                                const std::optional<Classification>& locked);

// The extent named by settings.extent (see RenderSettings), in display CRS metres.
BBox resolve_extent(const Dataset& data, const std::string& extent);

}  // namespace zila
