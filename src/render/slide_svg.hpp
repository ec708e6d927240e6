// SVG back end of the slide: the same layout as the PNG, districts as <path>s in pixel coordinates
// (even-odd fill keeps holes), text as <text> in DejaVu Sans. No GL.
#pragma once
#include <string>

#include "core/geo/boundaries.hpp"
#include "render/slide.hpp"

namespace zila {

std::string slide_svg(const SlideLayout& layout, const Boundaries& districts, const Boundaries* provinces);
// Atomic (core/output_file.hpp); throws zila::Error naming the path when it cannot be written.
void save_svg(const SlideLayout& layout, const Boundaries& districts, const Boundaries* provinces,
              const std::string& path);

}  // namespace zila
