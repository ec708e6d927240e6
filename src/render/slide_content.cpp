#include "render/slide_content.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/core.h>

#include "core/error.hpp"
#include "core/map/legend.hpp"

namespace zila {
namespace {

std::string file_stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

}  // namespace

size_t resolve_period(const Cube& cube, const std::string& period) {
  if (cube.period_count() == 0) throw Error("no events were joined to a district: nothing to map");
  if (period.empty()) return cube.period_count() - 1;
  for (size_t p = 0; p < cube.period_count(); ++p)
    if (period_label(cube.bin, cube.period_starts[p]) == period) return p;
  if (std::all_of(period.begin(), period.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
      period.size() < 6) {
    size_t index = std::stoul(period);
    if (index >= 1 && index <= cube.period_count()) return index - 1;
  }
  throw Error(fmt::format("no period '{}': periods run from {} to {} (or 1 to {})", period,
                          period_label(cube.bin, cube.period_starts.front()),
                          period_label(cube.bin, cube.period_starts.back()), cube.period_count()));
}

MapSpec map_spec(const RenderSettings& settings, bool locked) {
  MapSpec spec;
  spec.choice.metric = settings.metric;
  spec.choice.window = settings.window;
  spec.style.spec = settings.classes;
  spec.style.ramp = settings.ramp;
  if (ramp_is_diverging(settings.ramp)) spec.style.diverging_ramp = settings.ramp;
  spec.style.mode = locked ? LegendMode::locked : LegendMode::per_period;
  return spec;
}

Classification classify_all_periods(const Cube& cube, const RenderSettings& settings) {
  const MapSpec spec = map_spec(settings, true);
  return classify_for(compute_values(cube, spec.choice), spec.style, metric_is_diverging(spec.choice.metric), 0);
}

BBox resolve_extent(const Dataset& data, const std::string& extent) {
  const Boundaries& b = data.boundaries;
  const Cube& cube = data.cube;
  BBox all = b.projected.bbox();
  auto pad = [](BBox box) {
    double m = 0.03 * std::max(box.width(), box.height());
    return BBox{box.min_x - m, box.min_y - m, box.max_x + m, box.max_y + m};
  };
  if (extent == "all") return all;
  double x0, y0, x1, y1;
  if (std::sscanf(extent.c_str(), "%lf,%lf,%lf,%lf", &x0, &y0, &x1, &y1) == 4 && x1 > x0 && y1 > y0)
    return {x0, y0, x1, y1};
  // Events per district over all periods, for "data" and "auto".
  std::vector<double> total(b.size(), 0.0);
  for (size_t p = 0; p < cube.period_count(); ++p)
    for (size_t d = 0; d < std::min(b.size(), cube.district_count); ++d) total[d] += cube.at(Metric::events, p, d);
  auto districts_box = [&](auto&& keep) {
    BBox box;
    for (size_t d = 0; d < b.size(); ++d)
      if (keep(d)) box.expand(b.projected.feature_bbox(d));
    return box;
  };
  if (extent == "data" || extent == "auto") {
    if (extent == "auto") {
      // Zoom to the province holding most events (KP for the reported data), as the window opens.
      const std::string region = default_region(b, cube);
      if (!region.empty()) return pad(districts_box([&](size_t d) { return b.parents[d] == region; }));
    }
    BBox box = districts_box([&](size_t d) { return total[d] > 0; });
    return box.empty() ? all : pad(box);
  }
  BBox province = districts_box([&](size_t d) { return d < b.parents.size() && b.parents[d] == extent; });
  if (province.empty())
    throw Error(fmt::format("--extent '{}' is neither all, data, auto, a province name nor minx,miny,maxx,maxy", extent));
  return pad(province);
}

SlideContent make_slide_content(const Dataset& data, const RenderSettings& s, size_t period,
                                const std::optional<Classification>& locked) {
  const MapSpec spec = map_spec(s, locked.has_value());
  const ValueMatrix values = compute_values(data.cube, spec.choice);
  const Classification classes =
      locked ? *locked : classify_for(values, spec.style, metric_is_diverging(spec.choice.metric), period);
  MapFrame frame;
  build_map_frame(data.cube, data.join, values, classes, spec, period, frame);
  return slide_content(data, frame, {s.title, s.subtitle, s.source}, resolve_extent(data, s.extent), s.labels);
}

SlideContent slide_content(const Dataset& data, const MapFrame& frame, const SlideText& text, const BBox& extent,
                           bool labels) {
  SlideContent c;
  c.title = text.title.empty() ? frame.title : text.title;
  c.subtitle = text.subtitle.empty() ? frame.subtitle : text.subtitle;
  c.legend = frame.legend;
  c.district_colors.resize(data.boundaries.size(), Rgba{kNoDataColor.r, kNoDataColor.g, kNoDataColor.b, 255});
  for (size_t d = 0; d < std::min(frame.district_colors.size(), c.district_colors.size()); ++d) {
    const Rgb color = frame.district_colors[d];
    c.district_colors[d] = {color.r, color.g, color.b, 255};
  }
  c.source = text.source.empty() ? fmt::format("Source: {} \xC2\xB7 Boundaries: {}", data.events.source_names(),
                                               file_stem(data.boundaries.source))
                                 : text.source;
  c.note = frame.note;
  if (const size_t n = data.problems.data_problem_count())
    c.note += fmt::format("{}{} problem{}, see the join report.", c.note.empty() ? "" : " ", n, n == 1 ? "" : "s");
  c.extent = extent;
  c.labels = labels;
  return c;
}

}  // namespace zila
