#include "render/slide_content.hpp"

#include <algorithm>
#include <cmath>
#include <date/date.h>
#include <filesystem>
#include <fmt/core.h>
#include <map>

#include "core/error.hpp"
#include "core/legend.hpp"

namespace zila {
namespace {

constexpr Rgb kZeroColor{236, 236, 236};
constexpr Rgb kNoDataColor{255, 255, 255};
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

std::string month_name(unsigned month, bool short_form) {
  std::string name = kMonths[(month - 1) % 12];
  return short_form ? name.substr(0, 3) : name;
}

date::year_month_day ymd(int32_t day) { return date::year_month_day{date::sys_days{date::days{day}}}; }

std::string bin_unit(Bin bin, int n) {
  const char* unit = bin == Bin::day ? "day" : bin == Bin::week ? "week" : bin == Bin::month ? "month"
                   : bin == Bin::quarter ? "quarter" : "year";
  return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
}

std::string file_stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::string metric_title(Metric m) {
  std::string name = metric_name(m);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::string method_label(ClassMethod m) {
  switch (m) {
    case ClassMethod::quantile: return "Quantile";
    case ClassMethod::equal_interval: return "Equal intervals";
    case ClassMethod::natural_breaks: return "Natural breaks (Jenks)";
    case ClassMethod::std_dev: return "Standard deviations";
    case ClassMethod::manual: return "Manual breaks";
  }
  return class_method_name(m);
}

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

std::string pretty_period(Bin bin, int32_t start, bool short_form) {
  auto d = ymd(start);
  int year = static_cast<int>(d.year());
  unsigned month = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
  switch (bin) {
    case Bin::day: return fmt::format("{} {} {}", day, month_name(month, short_form), year);
    case Bin::week: return fmt::format("{}{} {} {}", short_form ? "" : "Week of ", day, month_name(month, true), year);
    case Bin::month: return fmt::format("{} {}", month_name(month, short_form), year);
    case Bin::quarter: return fmt::format("Q{} {}", (month - 1) / 3 + 1, year);
    case Bin::year: return fmt::format("{}", year);
  }
  return period_label(bin, start);
}

std::string window_subtitle(const Cube& cube, const WindowSpec& window, size_t period) {
  Bin bin = cube.bin;
  const std::string dash = " \xE2\x80\x93 ";
  if (window.mode == WindowMode::per_period) return pretty_period(bin, cube.period_starts[period]);
  size_t first = window.mode == WindowMode::cumulative
                     ? 0
                     : period + 1 - std::min<size_t>(period + 1, static_cast<size_t>(std::max(window.rolling_periods, 1)));
  std::string range = first == period ? pretty_period(bin, cube.period_starts[period], true)
                                      : pretty_period(bin, cube.period_starts[first], true) + dash +
                                            pretty_period(bin, cube.period_starts[period], true);
  if (window.mode == WindowMode::cumulative) return "Cumulative " + range;
  return fmt::format("Rolling {}, {}", bin_unit(bin, window.rolling_periods), range);
}

Classification classify_all_periods(const Cube& cube, const RenderSettings& settings) {
  std::vector<double> all;
  all.reserve(cube.period_count() * cube.district_count);
  for (size_t p = 0; p < cube.period_count(); ++p) {
    std::vector<double> v = window_values(cube, settings.metric, settings.window, p);
    all.insert(all.end(), v.begin(), v.end());
  }
  return classify(all, settings.classes);
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
    if (extent == "auto" && !b.parents.empty()) {
      // Zoom to one province when it holds most events (KP for the reported data).
      std::map<std::string, double> by_province;
      double sum = 0;
      for (size_t d = 0; d < b.size(); ++d) by_province[b.parents[d]] += total[d], sum += total[d];
      auto top = std::max_element(by_province.begin(), by_province.end(),
                                  [](const auto& a, const auto& c) { return a.second < c.second; });
      if (sum > 0 && !top->first.empty() && top->second >= 0.6 * sum)
        return pad(districts_box([&](size_t d) { return b.parents[d] == top->first; }));
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
  const Cube& cube = data.cube;
  std::vector<double> values = window_values(cube, s.metric, s.window, period);
  Classification classes = locked ? *locked : classify(values, s.classes);
  std::vector<Rgb> ramp = ramp_colors(s.ramp, static_cast<int>(classes.ramp_class_count()));
  std::string metric = metric_title(s.metric);
  Legend legend = build_legend(classes, ramp, values, locked.has_value(), metric, kZeroColor, kNoDataColor);

  SlideContent c;
  c.title = s.title.empty() ? fmt::format("{} by district", metric) : s.title;
  c.subtitle = s.subtitle.empty() ? window_subtitle(cube, s.window, period) : s.subtitle;
  c.legend = legend;
  size_t n = classes.ramp_class_count();
  c.legend.mode_note = fmt::format("{}, {} class{}. {}.", method_label(classes.spec.method), n, n == 1 ? "" : "es",
                                   legend.mode_note);
  c.district_colors.resize(data.boundaries.size(), Rgba{kNoDataColor.r, kNoDataColor.g, kNoDataColor.b, 255});
  for (size_t d = 0; d < std::min(values.size(), c.district_colors.size()); ++d) {
    int k = classes.class_of(values[d]);
    if (k < 0) continue;
    size_t cls = static_cast<size_t>(k);
    size_t ramp_index = cls - classes.first_ramp_class();
    Rgb color = classes.has_zero_class() && cls == 0 ? kZeroColor : ramp.at(ramp_index);
    c.district_colors[d] = {color.r, color.g, color.b, 255};
  }
  c.source = s.source.empty() ? fmt::format("Source: {} \xC2\xB7 Boundaries: {}", data.events.source_names(),
                                            file_stem(data.boundaries.source))
                              : s.source;
  if (data.join.events_unmatched > 0 || data.join.rejected > 0)
    c.note = fmt::format("Not on the map: {} event{} that could not be placed in a district{}.", data.join.events_unmatched,
                         data.join.events_unmatched == 1 ? "" : "s",
                         data.join.rejected ? fmt::format(", {} rows rejected (bad date or value)", data.join.rejected)
                                            : std::string());
  c.extent = resolve_extent(data, s.extent);
  c.labels = s.labels;
  return c;
}

}  // namespace zila
