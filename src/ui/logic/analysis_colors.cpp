// Analysis map modes to colours and legend entries: categorical classes with fixed colours, so a
// colour means the same thing in every period and every dataset.
#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/core.h>

#include "ui/logic/analysis.hpp"

namespace zila::ui {
namespace {

LegendEntry entry(std::string label, Rgb color, LegendEntry::Kind kind = LegendEntry::Kind::range) {
  LegendEntry e;
  e.label = std::move(label);
  e.color = color;
  e.kind = kind;
  return e;
}

// Paints district d with legend entry class_of[d] (-1: no data) and counts districts per entry.
// The "No data" entry is added only when some district has none.
ModeColoring paint(std::vector<LegendEntry> entries, const std::vector<int>& class_of, std::string title) {
  ModeColoring out;
  out.legend.title = std::move(title);
  out.district_colors.assign(class_of.size(), kNoDataColor);
  size_t no_data = 0;
  for (size_t d = 0; d < class_of.size(); ++d) {
    if (class_of[d] < 0) {
      ++no_data;
      continue;
    }
    LegendEntry& e = entries[static_cast<size_t>(class_of[d])];
    out.district_colors[d] = e.color;
    ++e.districts;
  }
  out.district_entry = class_of;
  if (no_data > 0) {
    for (int& k : out.district_entry)
      if (k < 0) k = static_cast<int>(entries.size());
    entries.push_back(entry("No data", kNoDataColor, LegendEntry::Kind::no_data));
    entries.back().districts = no_data;
  }
  out.legend.entries = std::move(entries);
  return out;
}

// ArcGIS Pro's hot spot renderer: diverging from dark red (hot 99%) through grey to dark blue. Hot
// surroundings without events of their own sit between the hot classes and "not significant" in a
// pale pink no hot class uses: part of the hot area, visibly not where the events are.
constexpr std::array<SignificanceClass, 8> kSignificanceOrder{
    SignificanceClass::hot_99,  SignificanceClass::hot_95,          SignificanceClass::hot_90,
    SignificanceClass::hot_neighbourhood_0, SignificanceClass::not_significant,
    SignificanceClass::cold_90, SignificanceClass::cold_95,         SignificanceClass::cold_99};
constexpr std::array<Rgb, 8> kSignificanceColors{
    Rgb{214, 47, 39},      Rgb{237, 117, 81},    Rgb{250, 185, 132},  kHotSurroundingsColor,
    kNotSignificantColor,  Rgb{171, 199, 228},   Rgb{116, 160, 205},  Rgb{69, 117, 181}};

// GeoDa's LISA cluster map colours.
constexpr std::array<Quadrant, 5> kQuadrantOrder{Quadrant::high_high, Quadrant::low_low, Quadrant::high_low,
                                                 Quadrant::low_high, Quadrant::none};
constexpr std::array<Rgb, 5> kQuadrantColors{Rgb{228, 26, 28}, Rgb{44, 90, 200}, Rgb{244, 165, 158}, Rgb{160, 180, 245},
                                             kNotSignificantColor};

// Hot categories in reds and oranges, cold in blues and purples, in the order of emerging.hpp.
constexpr std::array<Rgb, 17> kEmergingColors{
    kNotSignificantColor,
    Rgb{252, 187, 161}, Rgb{251, 140, 100}, Rgb{153, 0, 13},    Rgb{222, 45, 38},  Rgb{239, 101, 72},
    Rgb{253, 208, 140}, Rgb{236, 112, 20},  Rgb{140, 81, 10},
    Rgb{198, 219, 239}, Rgb{140, 190, 225}, Rgb{8, 48, 107},    Rgb{33, 113, 181}, Rgb{80, 150, 200},
    Rgb{200, 200, 235}, Rgb{117, 107, 177}, Rgb{1, 102, 94}};

// Change classes: 0..2 increase (strong first), 3 unchanged, 4..6 decrease (slight first), then
// limited change. Colours: RdBu (7) with red for more violence.
constexpr size_t kUnchanged = 3, kLimited = 7;

std::string signed_number(double v, int decimals) {
  return (v > 0 ? "+" : v < 0 ? "\xE2\x88\x92" : "") + format_legend_number(std::abs(v), decimals);
}

// A statistic's categories in a fixed order and colours, one legend entry each (label(category)):
// district d is painted as classes[d], or as no data where has_value(d) is false or classes ends.
template <typename Category, size_t N, typename Label, typename HasValue>
ModeColoring paint_categories(const std::array<Category, N>& order, const std::array<Rgb, N>& colors, Label label,
                              const std::vector<Category>& classes, HasValue has_value, size_t districts,
                              std::string title) {
  std::vector<LegendEntry> entries;
  for (size_t k = 0; k < N; ++k) entries.push_back(entry(label(order[k]), colors[k]));
  std::vector<int> class_of(districts, -1);
  for (size_t d = 0; d < districts && d < classes.size(); ++d) {
    if (!has_value(d)) continue;
    const auto at = std::find(order.begin(), order.end(), classes[d]);
    class_of[d] = static_cast<int>(at - order.begin());
  }
  return paint(std::move(entries), class_of, std::move(title));
}

}  // namespace

ModeColoring color_gi_star(const GiStarResult& gi, size_t districts) {
  return paint_categories(kSignificanceOrder, kSignificanceColors, significance_label, gi.classes,
                          [&](size_t d) { return !std::isnan(gi.z[d]); }, districts,
                          "Getis-Ord Gi* hot spots (z, normal p)");
}

ModeColoring color_moran(const MoranResult& moran, size_t districts) {
  return paint_categories(kQuadrantOrder, kQuadrantColors, quadrant_label, moran.cluster, [](size_t) { return true; },
                          districts, "Local Moran's I clusters");
}

ModeColoring color_emerging(const TrendStats& trends, size_t districts) {
  // A hot category earned only through the neighbours is painted as hot surroundings, apart from
  // the districts that hold the events (as Gi*'s hot_neighbourhood_0).
  auto shown_as_surroundings = [&](size_t d) { return hot_only_from_surroundings(trends.districts[d]); };
  std::array<size_t, kEmergingColors.size()> counts{};
  size_t surroundings = 0;
  for (size_t d = 0; d < trends.districts.size(); ++d) {
    if (shown_as_surroundings(d)) ++surroundings;
    else ++counts[static_cast<size_t>(trends.districts[d].category)];
  }
  // Only the categories that occur (17 rows would bury the answer), "no pattern" last and always.
  std::vector<LegendEntry> entries;
  std::array<int, kEmergingColors.size()> entry_of{};
  int surroundings_entry = -1;
  for (size_t k = 1; k <= kEmergingColors.size(); ++k) {
    const size_t c = k % kEmergingColors.size();
    entry_of[c] = -1;
    if (c == static_cast<size_t>(EmergingCategory::new_cold) && surroundings > 0) {
      surroundings_entry = static_cast<int>(entries.size());
      entries.push_back(entry("Hot surroundings only, no events here in its hot periods", kHotSurroundingsColor));
    }
    if (c != 0 && counts[c] == 0) continue;
    entry_of[c] = static_cast<int>(entries.size());
    entries.push_back(entry(emerging_label(static_cast<EmergingCategory>(c)), kEmergingColors[c]));
  }
  std::vector<int> class_of(districts, -1);
  for (size_t d = 0; d < districts && d < trends.districts.size(); ++d)
    class_of[d] = shown_as_surroundings(d) ? surroundings_entry : entry_of[static_cast<size_t>(trends.districts[d].category)];
  return paint(std::move(entries), class_of, "Emerging hot spots");
}

ModeColoring color_change(const ChangeMap& change, const ChangeOptions& options, bool percent, size_t districts) {
  const std::string title = percent ? "Change vs previous period (%)" : "Change vs previous period";
  std::vector<int> class_of(districts, -1);
  if (change.classes.size() != districts) {
    ModeColoring out = paint({}, class_of, title);
    if (!out.legend.entries.empty()) out.legend.entries.back().label = "No previous period";
    return out;
  }
  // Upper bounds of the slight and moderate classes on each side. Absolute: thirds of the largest
  // change outside the guard (whole numbers for counts); percent: fixed, so periods compare.
  double largest = 0;
  bool integers = true;
  for (size_t d = 0; d < districts; ++d)
    if (change.classes[d] == ChangeClass::increase || change.classes[d] == ChangeClass::decrease) {
      largest = std::max(largest, std::abs(change.absolute[d]));
      integers = integers && change.absolute[d] == std::round(change.absolute[d]);
    }
  std::array<double, 2> up{25, 100}, down{25, 50};
  if (!percent) {
    up = {largest / 3, 2 * largest / 3};
    if (integers) up = {std::max(1.0, std::ceil(up[0])), std::max(2.0, std::ceil(up[1]))};
    down = up;
  }
  for (size_t d = 0; d < districts; ++d) {
    const ChangeClass c = change.classes[d];
    if (c == ChangeClass::limited) {
      class_of[d] = kLimited;
    } else if (c == ChangeClass::unchanged) {
      class_of[d] = kUnchanged;
    } else {
      // From zero there is no percent: the strongest increase.
      const double v = percent ? (std::isnan(change.percent[d]) ? INFINITY : change.percent[d]) : change.absolute[d];
      const double a = std::abs(v);
      if (c == ChangeClass::increase) class_of[d] = a <= up[0] ? 2 : a <= up[1] ? 1 : 0;
      else class_of[d] = a <= down[0] ? 4 : a <= down[1] ? 5 : 6;
    }
  }
  const int decimals = percent || integers ? 0 : 1;
  const std::string unit = percent ? "%" : "";
  auto number = [&](double v) { return signed_number(v, decimals) + unit; };
  auto range = [&](double lo, double hi) { return fmt::format("{} {} {}", number(lo), kRangeDash, number(hi)); };
  // Whole-number classes start one above the previous bound; percent and fractional ones share bounds.
  const double next = integers && !percent ? 1 : 0;
  auto slight = [&](double bound, double sign) {
    return percent || !integers ? fmt::format("up to {}", number(sign * bound)) : range(sign, sign * bound);
  };
  const std::vector<Rgb> ramp = ramp_colors("RdBu", 7);  // red first
  std::vector<LegendEntry> entries{
      entry(fmt::format("over {}{}", number(up[1]), percent ? " (or from 0)" : ""), ramp[0]),
      entry(range(up[0] + next, up[1]), ramp[1]),
      entry(slight(up[0], 1), ramp[2]),
      entry("Unchanged", ramp[3]),
      entry(slight(down[0], -1), ramp[4]),
      entry(range(-(down[0] + next), -down[1]), ramp[5]),
      entry(fmt::format("over {}", number(-down[1])), ramp[6]),
      entry(fmt::format("Limited change (before {:g} or fewer, now {:g} or fewer)", options.limited_before,
                        options.limited_now),
            kLimitedChangeColor)};
  return paint(std::move(entries), class_of, title);
}

}  // namespace zila::ui

namespace zila::ui {

std::optional<ModeColoring> mode_coloring(MapMode mode, const PeriodStats& stats, const TrendStats& trends,
                                          const ScanStats& scan, size_t period,
                                          std::span<const std::string> district_names,
                                          const AnalysisSettings& settings, bool has_weights) {
  const size_t districts = district_names.size();
  const std::string permutations =
      settings.permutations > 0 ? fmt::format("{} permutations", settings.permutations) : "analytic p";
  const std::string fdr = settings.false_discovery_rate ? ", FDR" : "";
  std::optional<ModeColoring> out;
  switch (mode) {
    case MapMode::values:
    case MapMode::rate_per_area:
    case MapMode::rate_per_population: return out;
    case MapMode::gi_star:
      out = color_gi_star(stats.gi, districts);
      out->legend.mode_note = fmt::format("Queen contiguity, {}{}.", permutations, fdr);
      break;
    case MapMode::moran:
      out = color_moran(stats.moran, districts);
      out->legend.mode_note = fmt::format("Queen contiguity, p <= 0.05 by permutation{}.", fdr);
      break;
    case MapMode::emerging:
      out = color_emerging(trends, districts);
      out->legend.mode_note = fmt::format("Gi* per period ({}{}) + Mann-Kendall over all periods.", permutations, fdr);
      break;
    case MapMode::scan:
      out = scan_cluster_map(scan.result, period, district_names, scan.period_labels);
      out->legend.mode_note += fmt::format(" {:.0f} ms.", scan.result.ms);
      break;
    case MapMode::change: out = color_change(stats.change, settings.change, settings.change_percent, districts); break;
  }
  if (!has_weights && mode_needs_weights(mode))
    out->legend.mode_note = "No spatial weights for these boundaries (see the Data panel)";
  return out;
}

}  // namespace zila::ui
