// SVG back end of the slide: the same layout as the PNG, districts as <path>s in pixel coordinates
// (even-odd fill keeps holes), text as <text> in DejaVu Sans. No GL.
#pragma once
#include <string>

#include "core/geo/boundaries.hpp"
#include "render/slide.hpp"

namespace zila {

// `countries` (nullable): drawn under the districts in kContextColor, as the PNG.
std::string slide_svg(const SlideLayout& layout, const Boundaries& districts, const Boundaries* provinces,
                      const Boundaries* countries = nullptr);
// Atomic (core/output_file.hpp); throws zila::Error naming the path when it cannot be written.
void save_svg(const SlideLayout& layout, const Boundaries& districts, const Boundaries* provinces,
              const std::string& path, const Boundaries* countries = nullptr);

}  // namespace zila
