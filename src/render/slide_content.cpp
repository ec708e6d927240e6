#include "render/slide_content.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/core.h>
#include <memory>
#include <span>

#include "core/error.hpp"
#include "core/geo/geos_ops.hpp"
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

MapSpec map_spec(const RenderSettings& settings) {
  MapSpec spec;
  spec.mode = settings.mode;
  spec.choice.metric = settings.metric;
  spec.choice.window = settings.window;
  spec.style.spec = settings.classes;
  spec.style.ramp = settings.ramp;
  if (ramp_is_diverging(settings.ramp)) spec.style.diverging_ramp = settings.ramp;
  spec.style.mode = settings.class_scope;
  spec.change_percent = settings.change_percent;
  return spec;
}

FrameBuilder value_frames(const Dataset& data, const RenderSettings& settings) {
  if (settings.mode != MapMode::values)
    throw Error(fmt::format("map mode '{}' needs the statistics of the app (zila render builds them)",
                            map_mode_name(settings.mode)));
  const MapSpec spec = map_spec(settings);
  auto values = std::make_shared<const ValueMatrix>(compute_values(data.cube, spec.choice));
  const bool diverging = metric_is_diverging(spec.choice.metric);
  std::optional<Classification> global;
  if (spec.style.mode == LegendMode::locked) global = classify_for(*values, spec.style, diverging, 0);
  return [&data, spec, values, diverging, global](size_t period, MapFrame& out) {
    const Classification classes = global ? *global : classify_for(*values, spec.style, diverging, period);
    build_map_frame(data.cube, data.join, *values, classes, spec, period, out);
  };
}

SlideExtent resolve_extent(const Dataset& data, const std::string& extent, double aspect) {
  const Boundaries& b = data.boundaries;
  const Cube& cube = data.cube;
  BBox all = b.projected.bbox();
  auto pad = [](BBox box) {
    double m = 0.03 * std::max(box.width(), box.height());
    return BBox{box.min_x - m, box.min_y - m, box.max_x + m, box.max_y + m};
  };
  // A region's box widened (or heightened) about its centre to the map area's shape: the frame is
  // filled with the region and its context, not cut or left empty on one side.
  auto fitted = [&](BBox box) {
    if (!(aspect > 0) || box.empty() || box.height() <= 0) return box;
    const double cx = (box.min_x + box.max_x) / 2, cy = (box.min_y + box.max_y) / 2;
    double w = box.width(), h = box.height();
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
    return BBox{cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
  };
  if (extent == "all") return {all, {}};
  double x0, y0, x1, y1;
  if (std::sscanf(extent.c_str(), "%lf,%lf,%lf,%lf", &x0, &y0, &x1, &y1) == 4 && x1 > x0 && y1 > y0)
    return {{x0, y0, x1, y1}, {}};
  auto districts_box = [&](auto&& keep) {
    BBox box;
    for (size_t d = 0; d < b.size(); ++d)
      if (keep(d)) box.expand(b.projected.feature_bbox(d));
    return box;
  };
  auto region_extent = [&](const std::string& region) -> SlideExtent {
    return {fitted(pad(districts_box([&](size_t d) { return d < b.parents.size() && b.parents[d] == region; }))),
            region};
  };
  if (extent == "data" || extent == "auto") {
    if (extent == "auto") {
      // Zoom to the province holding most events (KP for the reported data), as the window opens.
      const std::string region = default_region(b, cube);
      if (!region.empty()) return region_extent(region);
    }
    // Events per district over all periods.
    std::vector<double> total(b.size(), 0.0);
    for (size_t p = 0; p < cube.period_count(); ++p)
      for (size_t d = 0; d < std::min(b.size(), cube.district_count); ++d) total[d] += cube.at(Metric::events, p, d);
    BBox box = districts_box([&](size_t d) { return total[d] > 0; });
    return {box.empty() ? all : pad(box), {}};
  }
  SlideExtent province = region_extent(extent);
  if (province.box.empty())
    throw Error(fmt::format("--extent '{}' is neither all, data, auto, a province name nor minx,miny,maxx,maxy", extent));
  return province;
}

SlideContent make_slide_content(const Dataset& data, const RenderSettings& s, size_t period,
                                const FrameBuilder& frames) {
  MapFrame frame;
  (frames ? frames : value_frames(data, s))(period, frame);
  SlideContent c = slide_content(data, frame, {s.title, s.subtitle, s.source},
                                 resolve_extent(data, s.extent, map_area_aspect(s.width, s.height)), s.labels);
  c.inset = s.inset;
  c.label_settings = s.label_settings;
  return c;
}

SlideContent slide_content(const Dataset& data, const MapFrame& map_frame, const SlideText& text,
                           const SlideExtent& extent, bool labels) {
  const Boundaries& b = data.boundaries;
  MapFrame frame = map_frame;
  auto in_region = [&](size_t d) { return d < b.parents.size() && b.parents[d] == extent.region; };
  std::string counted;
  // Counts are redone only where the frame says which entry each district has.
  const bool recount = frame.legend_entry.size() == b.size();
  if (recount && !extent.region.empty()) {
    count_legend_districts(frame, in_region);
    counted = fmt::format("the districts of {}", extent.region);
  } else if (recount) {
    size_t shown = 0;
    count_legend_districts(frame, [&](size_t d) {
      const bool in = d < b.label_points.size() && extent.box.contains(b.label_points[d]);
      shown += in;
      return in;
    });
    if (shown < b.size()) counted = fmt::format("the {} districts in view", shown);
  }
  SlideContent c;
  c.title = !text.title.empty() ? text.title
            : extent.region.empty() ? frame.title
                                    : fmt::format("{} in {}", frame.title, extent.region);
  c.subtitle = text.subtitle.empty() ? frame.subtitle : text.subtitle;
  c.legend = frame.legend;
  if (!counted.empty() && !c.legend.entries.empty())
    c.legend.mode_note += (c.legend.mode_note.empty() ? "" : " ") + fmt::format("Counts: {}.", counted);
  c.district_colors.resize(b.size(), Rgba{kNoDataColor.r, kNoDataColor.g, kNoDataColor.b, 255});
  for (size_t d = 0; d < std::min(frame.district_colors.size(), c.district_colors.size()); ++d) {
    const Rgb color = extent.region.empty() || in_region(d) ? frame.district_colors[d] : kContextColor;
    c.district_colors[d] = {color.r, color.g, color.b, 255};
  }
  if (!extent.region.empty()) {
    c.context_label = fmt::format("Outside {}", extent.region);
    c.region_districts.resize(b.size());
    for (size_t d = 0; d < b.size(); ++d) c.region_districts[d] = in_region(d);
  }
  c.source = text.source.empty() ? fmt::format("Source: {} \xC2\xB7 Boundaries: {}", data.events.source_names(),
                                               file_stem(b.source))
                                 : text.source;
  c.note = frame.note;
  if (const size_t n = data.problems.data_problem_count())
    c.note += fmt::format("{}{} problem{}, see the join report.", c.note.empty() ? "" : " ", n, n == 1 ? "" : "s");
  c.extent = extent.box;
  c.labels = labels;
  if (labels) c.label_priority = frame.label_priority;
  return c;
}

namespace {

// One ring clipped to an axis-aligned box (Sutherland-Hodgman, one box edge at a time).
std::vector<Point> clip_ring(std::span<const Point> ring, const BBox& box) {
  std::vector<Point> out(ring.begin(), ring.end());
  auto clip = [&](auto&& inside, auto&& cross) {
    std::vector<Point> in = std::move(out);
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
      const Point a = in[i], b = in[(i + 1) % in.size()];
      if (inside(a)) out.push_back(a);
      if (inside(a) != inside(b)) out.push_back(cross(a, b));
    }
  };
  auto at_x = [](Point a, Point b, double x) { return Point{x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)}; };
  auto at_y = [](Point a, Point b, double y) { return Point{a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y}; };
  clip([&](Point p) { return p.x >= box.min_x; }, [&](Point a, Point b) { return at_x(a, b, box.min_x); });
  clip([&](Point p) { return p.x <= box.max_x; }, [&](Point a, Point b) { return at_x(a, b, box.max_x); });
  clip([&](Point p) { return p.y >= box.min_y; }, [&](Point a, Point b) { return at_y(a, b, box.min_y); });
  clip([&](Point p) { return p.y <= box.max_y; }, [&](Point a, Point b) { return at_y(a, b, box.max_y); });
  return out;
}

}  // namespace

void add_country_names(SlideContent& content, const Boundaries* countries, const Boundaries& districts) {
  if (!countries || content.extent.empty()) return;
  // Names go inside the part of each country in view, away from the frame's edge.
  const BBox& e = content.extent;
  const double inset_x = 0.06 * e.width(), inset_y = 0.06 * e.height();
  const BBox view{e.min_x + inset_x, e.min_y + inset_y, e.max_x - inset_x, e.max_y - inset_y};
  for (size_t f = 0; f < countries->size(); ++f) {
    // The districts' own country: its name would sit on the data.
    size_t holds = 0;
    for (const Point& p : districts.label_points) holds += feature_contains(countries->projected, f, p);
    if (2 * holds > districts.label_points.size()) continue;
    PolygonSet clipped;
    clipped.begin_feature();
    const PolygonSet& set = countries->projected;
    for (uint32_t p = set.feature_offsets[f]; p < set.feature_offsets[f + 1]; ++p) {
      const std::vector<Point> outer = clip_ring(set.ring(set.polygon_offsets[p]), view);
      if (outer.size() < 3) continue;
      clipped.begin_polygon();
      clipped.add_ring(outer);
    }
    // Only a country with a fair share of the view gets its name (not a sliver at the edge).
    if (clipped.polygon_count() == 0 || feature_area(clipped, 0) < 0.03 * view.width() * view.height()) continue;
    content.context_names.push_back({countries->names[f], label_point(clipped, 0)});
  }
}

Boundaries load_countries(const std::string& path, const Boundaries& districts) {
  BoundaryOptions options;
  options.path = path;
  options.layer = "countries";
  options.name_field = "name";
  options.display_crs = districts.display_crs;
  const Boundaries world = load_boundaries(options);
  const BBox home = districts.lonlat.bbox();
  const BBox near{home.min_x - home.width(), home.min_y - home.height(), home.max_x + home.width(),
                  home.max_y + home.height()};
  Boundaries out;
  out.source = world.source;
  out.layer = world.layer;
  out.name_field = world.name_field;
  out.display_crs = world.display_crs;
  for (size_t f = 0; f < world.size(); ++f) {
    const BBox box = world.lonlat.feature_bbox(f);
    const bool meets = box.min_x < near.max_x && near.min_x < box.max_x && box.min_y < near.max_y && near.min_y < box.max_y;
    if (!meets || box.width() >= 180) continue;
    out.names.push_back(world.names[f]);
    out.parents.emplace_back();
    out.lonlat.append_feature(world.lonlat, f);
    out.projected.append_feature(world.projected, f);
    out.area_km2.push_back(f < world.area_km2.size() ? world.area_km2[f] : 0.0);
    out.label_points.push_back(f < world.label_points.size() ? world.label_points[f] : Point{});
  }
  return out;
}

}  // namespace zila
