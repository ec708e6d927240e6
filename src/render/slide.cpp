#include "render/slide.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/core.h>
#include <numeric>

namespace zila {
namespace {

constexpr Rgba kInk{30, 30, 30, 255};
constexpr Rgba kGrey{95, 95, 95, 255};
constexpr Rgba kWhite{255, 255, 255, 255};
constexpr Rgba kNote{150, 70, 0, 255};

using PixelBox = LabelBox;

std::string format_km(double metres) {
  return metres >= 1000 ? fmt::format("{:g} km", metres / 1000) : fmt::format("{:g} m", metres);
}

void add_scale_bar(SlideLayout& s, std::vector<PixelBox>& obstacles, double u) {
  double max_px = s.view.width * 0.22;
  double metres = nice_scale_length(max_px / s.view.pixels_per_metre);
  double len = metres * s.view.pixels_per_metre;
  double x = s.map_x + 20 * u, y = s.map_y + s.view.height - 30 * u, h = 7 * u;
  s.rects.push_back({x - 8 * u, y - 34 * u, len + 16 * u + 40 * u, 48 * u, {255, 255, 255, 200}});
  obstacles.push_back({x - 8 * u, y - 34 * u, x + len + 48 * u, y + 14 * u});
  for (int i = 0; i < 4; ++i)
    s.rects.push_back({x + len * i / 4, y, len / 4, h, i % 2 ? kWhite : kInk, kInk, 1.0 * u});
  s.texts.push_back({"0", x, y - 7 * u, 15 * u, false, kInk, Anchor::center});
  s.texts.push_back({format_km(metres), x + len, y - 7 * u, 15 * u, false, kInk, Anchor::center});
}

void add_north_arrow(SlideLayout& s, std::vector<PixelBox>& obstacles, double angle, double u) {
  double cx = s.map_x + s.view.width - 42 * u, cy = s.map_y + 70 * u, len = 46 * u, half = 13 * u;
  auto at = [&](double dx, double dy) {  // rotate a point given relative to an upright arrow
    return Point{cx + dx * std::cos(angle) - dy * std::sin(angle), cy + dx * std::sin(angle) + dy * std::cos(angle)};
  };
  Point tip = at(0, -len / 2), left = at(-half, len / 2), right = at(half, len / 2), notch = at(0, len / 4);
  s.polygons.push_back({{tip, left, notch}, kInk, kInk, 1.2 * u});
  s.polygons.push_back({{tip, notch, right}, kWhite, kInk, 1.2 * u});
  Point label = at(0, -len / 2 - 10 * u);
  obstacles.push_back({cx - 30 * u, cy - len / 2 - 36 * u, cx + 30 * u, cy + len / 2 + 8 * u});
  s.texts.push_back({"N", label.x, label.y, 20 * u, true, kInk, Anchor::center});
}

void add_legend(SlideLayout& s, const SlideContent& c, const TextMetrics& metrics, double x, double y, double w,
                double u) {
  for (const std::string& line : metrics.wrap(c.legend.title, 25 * u, w, true)) {
    s.texts.push_back({line, x, y, 25 * u, true, kInk});
    y += 31 * u;
  }
  y -= 9 * u;
  const double sw = 46 * u, sh = 30 * u, line_px = 21 * u, line_pitch = 25 * u;
  // One row per entry: swatch, label (wrapped beside the count when long), count right-aligned.
  auto row = [&](const std::string& label, const std::string& count, Rgb color, Rgba ink) {
    s.rects.push_back({x, y, sw, sh, {color.r, color.g, color.b, 255}, {120, 120, 120, 255}, 1.0 * u});
    const double count_w = count.empty() ? 0 : metrics.width(count, 17 * u) + 10 * u;
    const std::vector<std::string> lines = metrics.wrap(label, line_px, w - sw - 14 * u - count_w);
    double base = y + sh / 2 + 7 * u;
    if (!count.empty()) s.texts.push_back({count, x + w, base, 17 * u, false, kGrey, Anchor::right});
    for (const std::string& line : lines) {
      s.texts.push_back({line, x + sw + 14 * u, base, line_px, false, ink});
      base += line_pitch;
    }
    y += std::max(42 * u, sh + 12 * u + (static_cast<double>(lines.size()) - 1) * line_pitch);
  };
  for (const LegendEntry& e : c.legend.entries)
    row(e.label, fmt::format("{} district{}", e.districts, e.districts == 1 ? "" : "s"), e.color, kInk);
  if (!c.context_label.empty()) row(c.context_label, "", kContextColor, kGrey);
  y += 20 * u;
  for (const std::string& line : metrics.wrap(c.legend.mode_note, 17 * u, w)) {
    s.texts.push_back({line, x, y, 17 * u, false, kGrey});
    y += 24 * u;
  }
}

// Names by core/map/labels: coloured districts first, leadered when too small, never on a neighbour
// (`obstacles`: the scale bar and north arrow).
void add_labels(SlideLayout& s, std::vector<PixelBox> obstacles, const SlideContent& c, const Boundaries& d,
                const TextMetrics& metrics, double u) {
  const double px = 14 * u;
  LabelRequest r;
  r.districts = &d;
  r.priority = &c.label_priority;
  r.view = {s.view.center, s.view.pixels_per_metre, s.map_x, s.map_y, s.view.width, s.view.height};
  r.text_width = [&](std::string_view name) { return metrics.width(name, px); };
  r.text_height = 1.2 * px;
  r.scale = u;
  r.blocked = std::move(obstacles);
  r.settings = c.label_settings;
  // A region briefing names only the region's districts, and those pinned by name.
  const auto& pinned = r.settings.pinned;
  for (size_t i = 0; i < c.region_districts.size() && i < d.size(); ++i)
    if (!c.region_districts[i] && std::find(pinned.begin(), pinned.end(), d.names[i]) == pinned.end())
      r.settings.hidden.push_back(d.names[i]);
  for (const PlacedLabel& l : place_labels(r).labels) {
    if (l.leader) s.lines.push_back({l.anchor, l.leader_end, kInk, 1.2 * u, 2.2 * u});
    s.texts.push_back({d.names[l.district], (l.box.x0 + l.box.x1) / 2, l.box.y0 + 0.95 * px, px, false, kInk,
                       Anchor::center, 2.2 * u});
  }
}

struct MapArea {
  double u, m, x, y, w, h;
};

// Designed at 1920x1080: `u` scales every size; the legend takes the right, titles the top.
MapArea map_area(int width, int height) {
  const double u = std::min(width / 1920.0, height / 1080.0);
  const double m = 56 * u, legend_w = 400 * u, gap = 40 * u;
  const double top = m + 118 * u, bottom = height - m - 40 * u;
  return {u, m, m, top, std::max(width - 2 * m - legend_w - gap, 16.0), std::max(bottom - top, 16.0)};
}

// Every district, small, in the map's bottom-right corner: grey, the region in dark grey, the main
// map's extent as a red frame. Obstacles for the labels.
void add_inset(SlideLayout& s, std::vector<PixelBox>& obstacles, const SlideContent& c, const Boundaries& d,
               const BBox& extent, double u) {
  const BBox all = d.projected.bbox();
  if (all.empty()) return;
  const double side = 0.26 * std::min(s.view.width, s.view.height * 1.4);
  const double aspect = all.width() / std::max(all.height(), 1.0);
  const double w = aspect >= 1 ? side : side * aspect, h = aspect >= 1 ? side / aspect : side;
  InsetItem inset;
  inset.x = s.map_x + s.view.width - w - 14 * u;
  inset.y = s.map_y + s.view.height - h - 14 * u;
  inset.view = ViewTransform::fit(all, w, h, 0.04);
  inset.district_colors.resize(d.size());
  for (size_t i = 0; i < d.size(); ++i)
    inset.district_colors[i] = i < c.region_districts.size() && c.region_districts[i] ? Rgba{120, 120, 120, 255}
                                                                                      : Rgba{214, 214, 214, 255};
  const Point a = inset.view.to_pixel({extent.min_x, extent.max_y}), b = inset.view.to_pixel({extent.max_x, extent.min_y});
  const double x0 = std::max(a.x, 0.0), y0 = std::max(a.y, 0.0), x1 = std::min(b.x, w), y1 = std::min(b.y, h);
  if (x1 > x0 && y1 > y0)
    s.rects.push_back({inset.x + x0, inset.y + y0, x1 - x0, y1 - y0, {0, 0, 0, 0}, {200, 30, 30, 255}, 2.0 * u});
  s.rects.push_back({inset.x, inset.y, w, h, {0, 0, 0, 0}, {120, 120, 120, 255}, 1.0 * u});
  obstacles.push_back({inset.x, inset.y, inset.x + w, inset.y + h});
  s.insets.push_back(std::move(inset));
}

}  // namespace

double map_area_aspect(int width, int height) {
  const MapArea a = map_area(width, height);
  return a.w / a.h;
}

double nice_scale_length(double max_metres) {
  if (!(max_metres > 0)) return 1;
  double power = std::pow(10.0, std::floor(std::log10(max_metres)));
  for (double step : {5.0, 2.0, 1.0})
    if (step * power <= max_metres) return step * power;
  return power;
}

double north_angle(const Boundaries& d, const BBox& extent) {
  const auto& xy = d.projected.vertices;
  const auto& ll = d.lonlat.vertices;
  if (xy.size() != ll.size() || xy.size() < 3) return 0;
  // Normal equations of x = a0 + a1*lon + a2*lat (and y likewise), centred for conditioning.
  Point mean_ll{}, mean_xy{};
  size_t n = 0;
  for (size_t i = 0; i < xy.size(); ++i)
    if (extent.contains(xy[i])) {
      mean_ll = {mean_ll.x + ll[i].x, mean_ll.y + ll[i].y};
      mean_xy = {mean_xy.x + xy[i].x, mean_xy.y + xy[i].y};
      ++n;
    }
  if (n < 3) return 0;
  mean_ll = {mean_ll.x / static_cast<double>(n), mean_ll.y / static_cast<double>(n)};
  mean_xy = {mean_xy.x / static_cast<double>(n), mean_xy.y / static_cast<double>(n)};
  double suu = 0, suv = 0, svv = 0, sux = 0, svx = 0, suy = 0, svy = 0;
  for (size_t i = 0; i < xy.size(); ++i) {
    if (!extent.contains(xy[i])) continue;
    double u = ll[i].x - mean_ll.x, v = ll[i].y - mean_ll.y, x = xy[i].x - mean_xy.x, y = xy[i].y - mean_xy.y;
    suu += u * u, suv += u * v, svv += v * v, sux += u * x, svx += v * x, suy += u * y, svy += v * y;
  }
  double det = suu * svv - suv * suv;
  if (std::abs(det) < 1e-12) return 0;
  double dx_dlat = (suu * svx - suv * sux) / det, dy_dlat = (suu * svy - suv * suy) / det;
  return std::atan2(dx_dlat, dy_dlat);  // clockwise from up: a north pointing east has positive x
}

SlideLayout layout_slide(const SlideContent& c, const Boundaries& districts, int width, int height,
                         const TextMetrics& metrics) {
  SlideLayout s;
  s.width = width;
  s.height = height;
  const MapArea area = map_area(width, height);
  const double u = area.u, m = area.m;
  s.style.line_scale = static_cast<float>(u);
  s.district_colors = c.district_colors;

  s.texts.push_back({c.title, m, m + 40 * u, 46 * u, true, kInk});
  s.texts.push_back({c.subtitle, m, m + 86 * u, 28 * u, false, kGrey});

  const double legend_w = 400 * u, top = area.y;
  s.map_x = area.x;
  s.map_y = area.y;
  const double map_w = area.w, map_h = area.h;
  BBox extent = c.extent.empty() ? districts.projected.bbox() : c.extent;
  s.view = ViewTransform::fit(extent, map_w, map_h, 0.02);

  // A hairline frame: a map cut by the edge of its area looks intended rather than broken.
  s.rects.push_back({s.map_x, s.map_y, map_w, map_h, {0, 0, 0, 0}, {200, 200, 200, 255}, 1.0 * u});
  std::vector<PixelBox> obstacles;
  add_scale_bar(s, obstacles, u);
  add_north_arrow(s, obstacles, north_angle(districts, extent), u);
  add_legend(s, c, metrics, width - m - legend_w, top + 30 * u, legend_w, u);
  if (c.inset) add_inset(s, obstacles, c, districts, extent, u);
  if (!c.stamp.empty()) {
    // The period of an animation frame, large enough to read while the map changes.
    const double px = 84 * u, x = s.map_x + 24 * u, baseline = s.map_y + 24 * u + px;
    s.texts.push_back({c.stamp, x, baseline, px, true, {60, 60, 60, 235}, Anchor::left, 4 * u});
    obstacles.push_back({x, baseline - px, x + metrics.width(c.stamp, px, true), baseline + 10 * u});
  }
  for (const SlideContent::Place& place : c.context_names) {
    // Country names in spaced grey capitals, as atlases write them; only where they fit whole.
    std::string name;
    for (char ch : place.name) name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const double px = 19 * u, half = metrics.width(name, px) / 2;
    Point p = s.view.to_pixel(place.at);
    p = {p.x + s.map_x, p.y + s.map_y};
    const PixelBox box{p.x - half, p.y - px, p.x + half, p.y + 4 * u};
    const bool inside = box.x0 > s.map_x && box.y0 > s.map_y && box.x1 < s.map_x + s.view.width &&
                        box.y1 < s.map_y + s.view.height;
    if (!inside || std::any_of(obstacles.begin(), obstacles.end(), [&](const PixelBox& o) { return o.overlaps(box); }))
      continue;
    obstacles.push_back(box);
    s.texts.push_back({name, p.x, p.y, px, false, {110, 115, 125, 255}, Anchor::center, 2 * u});
  }
  if (c.labels) add_labels(s, std::move(obstacles), c, districts, metrics, u);

  double foot = height - m + 14 * u;
  if (!c.note.empty()) s.texts.push_back({c.note, m, foot - 30 * u, 19 * u, false, kNote});
  s.texts.push_back({c.source, m, foot, 17 * u, false, kGrey});
  s.texts.push_back({"Made with Zila", width - m, foot, 15 * u, false, kGrey, Anchor::right});
  return s;
}

}  // namespace zila
