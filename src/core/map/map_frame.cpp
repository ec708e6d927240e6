#include "core/map/map_frame.hpp"
// Sections: labels and units | per-district values (compute_values) and classes (classify_for) | colouring a
// period in one pass (color_districts) | build_map_frame | scan cluster map | titles, notes, default region.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <date/date.h>
#include <fmt/core.h>
#include <map>
#include <optional>
#include <tbb/parallel_for.h>

#include "core/error.hpp"

namespace zila {
namespace {

// Above this many values, locked classes classify a sample (see classify_for).
constexpr size_t kMaxClassifySamples = 20000;
// Districts per task of the per-district loops of a time-slider step.
constexpr size_t kDistrictBlock = 16384;
// Districts classified at a time within a block (see color_districts).
constexpr size_t kSlotChunk = 256;
const std::string kDash = " \xE2\x80\x93 ";  // en dash between the ends of a range

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

std::string month_name(unsigned month, bool short_form) {
  std::string name = kMonths[(month - 1) % 12];
  return short_form ? name.substr(0, 3) : name;
}

const char* bin_unit(Bin bin) {
  switch (bin) {
    case Bin::day: return "day";
    case Bin::week: return "week";
    case Bin::month: return "month";
    case Bin::quarter: return "quarter";
    case Bin::year: return "year";
  }
  return "period";
}

void add_window(std::vector<double>& out, const Cube& cube, Metric metric, const WindowSpec& window, size_t period) {
  const std::vector<double> v = window_values(cube, metric, window, period);
  for (size_t d = 0; d < out.size() && d < v.size(); ++d) out[d] += v[d];
}

bool all_categories(const MetricChoice& c) { return std::all_of(c.categories.begin(), c.categories.end(), [](bool b) { return b; }); }

void add_values(std::vector<double>& out, const Cube& cube, const MetricChoice& c, const WindowSpec& window,
                size_t period) {
  if (!category_filter_applies(c.metric) || all_categories(c)) {
    add_window(out, cube, c.metric, window, period);
    return;
  }
  const Metric per_category[] = {Metric::incidents, Metric::operations, Metric::others};
  for (size_t k = 0; k < c.categories.size(); ++k)
    if (c.categories[k]) add_window(out, cube, per_category[k], window, period);
}

// "Events" or, with some categories filtered out, "Events (incidents, other)".
std::string shown_metric(const MetricChoice& c) {
  std::string label = metric_label(c.metric);
  if (!category_filter_applies(c.metric) || all_categories(c)) return label;
  const char* names[] = {"incidents", "operations", "other"};
  std::string kept;
  for (size_t k = 0; k < c.categories.size(); ++k)
    if (c.categories[k]) kept += (kept.empty() ? "" : ", ") + std::string(names[k]);
  return fmt::format("{} ({})", label, kept.empty() ? "no category" : kept);
}

// The label of one district's value: the metric, or the rate of it.
std::string value_label(const MapSpec& spec) {
  const std::string metric = shown_metric(spec.choice);
  if (spec.mode == MapMode::rate_per_area) return metric + " per 1,000 km\xC2\xB2";
  if (spec.mode == MapMode::rate_per_population) return metric + " per 100,000 people";
  return metric;
}

}  // namespace

const char* metric_label(Metric m) {
  static constexpr EnumTable<Metric, kMetricCount> kLabels{{{Metric::events, "Events"},
                                                           {Metric::incidents, "Incidents"},
                                                           {Metric::operations, "Operations"},
                                                           {Metric::others, "Others"},
                                                           {Metric::fatalities, "Fatalities"},
                                                           {Metric::operations_minus_incidents, "Operations - incidents"}}};
  return text_in(kLabels, m);
}

const char* class_method_label(ClassMethod m) {
  static constexpr EnumTable<ClassMethod, 5> kLabels{{{ClassMethod::quantile, "Quantile"},
                                                      {ClassMethod::equal_interval, "Equal intervals"},
                                                      {ClassMethod::natural_breaks, "Natural breaks (Jenks)"},
                                                      {ClassMethod::std_dev, "Standard deviations"},
                                                      {ClassMethod::manual, "Manual breaks"}}};
  return text_in(kLabels, m);
}

ValueMatrix compute_values(const Cube& cube, const MetricChoice& choice) {
  ValueMatrix m;
  m.periods = cube.period_count();
  m.districts = cube.district_count;
  m.windowed.assign(m.periods * m.districts, 0.0);
  m.per_period.assign(m.periods * m.districts, 0.0);
  m.has_data.assign(m.periods, 0);
  const WindowSpec single{WindowMode::per_period, 1};
  std::vector<double> row(m.districts);
  for (size_t p = 0; p < m.periods; ++p) {
    std::fill(row.begin(), row.end(), 0.0);
    add_values(row, cube, choice, single, p);
    std::copy(row.begin(), row.end(), m.per_period.begin() + static_cast<ptrdiff_t>(p * m.districts));
    m.has_data[p] = std::any_of(row.begin(), row.end(), [](double v) { return v != 0; });
    if (choice.window.mode != WindowMode::per_period) {
      std::fill(row.begin(), row.end(), 0.0);
      add_values(row, cube, choice, choice.window, p);
    }
    std::copy(row.begin(), row.end(), m.windowed.begin() + static_cast<ptrdiff_t>(p * m.districts));
  }
  m.fractional = has_fractional_values(m.windowed);
  return m;
}

bool has_fractional_values(std::span<const double> values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::isfinite(v) && v != std::floor(v); });
}

Classification classify_for(const ValueMatrix& m, const ClassStyle& style, bool diverging, size_t period) {
  std::vector<double> values;
  if (style.mode == LegendMode::locked || period >= m.periods) {
    values = m.windowed;
  } else {
    auto first = m.windowed.begin() + static_cast<ptrdiff_t>(period * m.districts);
    values.assign(first, first + static_cast<ptrdiff_t>(m.districts));
  }
  if (values.size() > kMaxClassifySamples) {
    std::sort(values.begin(), values.end());
    std::vector<double> sample(kMaxClassifySamples);
    for (size_t i = 0; i < sample.size(); ++i) sample[i] = values[i * (values.size() - 1) / (sample.size() - 1)];
    values = std::move(sample);
  }
  ClassSpec spec = style.spec;
  // A diverging ramp needs both signs around a neutral zero; its zero class is that neutral colour.
  if (diverging) spec.zero_class = true;
  return classify(values, spec);
}

namespace {

// One chunk of districts classified: each value's class + 1 (0: no data) into `slots`, counted by slot
// in `counts`. The one classification of a time-slider step, whether a step runs it or, for classes
// locked over all periods, classify_periods ran it for every period beforehand.
void classify_chunk(const ClassLookup& lookup, const double* in, size_t count, uint16_t* slots, size_t* counts) {
  for (size_t i = 0; i < count; ++i) slots[i] = static_cast<uint16_t>(lookup(in[i]) + 1);
  for (size_t i = 0; i < count; ++i) ++counts[slots[i]];
}

// What the colouring pass writes besides the colouring itself; a null pointer is not written. The
// map frame takes them in the same pass: a time-slider step at 100k districts reads each district's
// class once and writes each per-district array once.
struct DistrictOutputs {
  Rgb* shown = nullptr;         // the colour painted
  int* legend_entry = nullptr;  // the class, or `classes` for no data (the legend's "No data" entry)
  uint8_t* coloured = nullptr;  // label priority: in a class above zero
};

// The classes of `period`'s values and their counts into `out`, with `extra`, in one pass over the
// districts on all cores: per district its class (read from `precomputed` when it fits these values
// and classes, else looked up by ClassLookup), then its colour and legend entry (the class itself, as
// the legend lists the classes first). Allocates nothing district-sized.
void color_districts(const ValueMatrix& m, const Classification& classes, const ClassStyle& style, bool diverging,
                     size_t period, const PeriodClasses* precomputed, Coloring& out, const DistrictOutputs& extra) {
  out.classes = classes;
  const size_t n = classes.class_count();
  const size_t ramp_classes = classes.ramp_class_count();
  out.ramp.clear();
  if (ramp_classes > 0) out.ramp = ramp_colors(diverging ? style.diverging_ramp : style.ramp, static_cast<int>(ramp_classes));
  out.class_colors.clear();
  if (classes.has_zero_class() && n > 0) out.class_colors.push_back(kZeroColor);
  out.class_colors.insert(out.class_colors.end(), out.ramp.begin(), out.ramp.end());
  out.class_colors.resize(n, kNoDataColor);
  out.class_counts.assign(n, 0);
  const size_t districts = m.districts;
  if (period >= m.periods || n == 0) {
    out.no_data_count = districts;
    if (extra.shown) std::fill_n(extra.shown, districts, kNoDataColor);
    if (extra.legend_entry) std::fill_n(extra.legend_entry, districts, -1);  // no legend
    if (extra.coloured) std::fill_n(extra.coloured, districts, uint8_t{0});
    return;
  }
  const double* values = m.windowed.data() + period * districts;
  const bool fits = precomputed && precomputed->periods == m.periods && precomputed->districts == districts &&
                    precomputed->class_count == n;
  const uint16_t* const period_slots = fits ? precomputed->slots.data() + period * districts : nullptr;
  const std::optional<ClassLookup> class_of = fits ? std::nullopt : std::optional<ClassLookup>(classes);
  // By class + 1, so that no data (0) needs no branch: its colour, legend entry ("No data" after the
  // classes, legend.hpp) and label priority, then each class's. A colour as its three bytes and a zero
  // in 32 bits.
  static_assert(sizeof(Rgb) == 3 && std::endian::native == std::endian::little);
  const auto packed = [](Rgb c) { return uint32_t{c.r} | uint32_t{c.g} << 8 | uint32_t{c.b} << 16; };
  std::vector<uint32_t> slot_color{packed(kNoDataColor)};
  for (const Rgb c : out.class_colors) slot_color.push_back(packed(c));
  std::vector<int> slot_entry{static_cast<int>(n)};
  for (size_t k = 0; k < n; ++k) slot_entry.push_back(static_cast<int>(k));
  std::vector<uint8_t> slot_coloured(n + 1, 0);
  for (size_t k = classes.first_ramp_class(); k < n; ++k) slot_coloured[k + 1] = 1;
  const size_t blocks = (districts + kDistrictBlock - 1) / kDistrictBlock;
  std::vector<size_t> block_counts(fits ? 0 : blocks * (n + 1), 0);  // per block, by class + 1
  tbb::parallel_for(size_t{0}, blocks, [&](size_t block) {
    // Local copies: through the captured references, the compiler would reload each pointer after
    // every store, which might alias them.
    const size_t first = block * kDistrictBlock;
    const size_t count = std::min(districts, first + kDistrictBlock) - first;
    const double* const in = values + first;
    auto* const shown = extra.shown ? reinterpret_cast<uint8_t*>(extra.shown + first) : nullptr;
    int* const entry = extra.legend_entry ? extra.legend_entry + first : nullptr;
    uint8_t* const coloured = extra.coloured ? extra.coloured + first : nullptr;
    const uint32_t* const colors = slot_color.data();
    const int* const entries = slot_entry.data();
    const uint8_t* const colourful = slot_coloured.data();
    // Classes first, a chunk at a time, then what follows from them: short loops that keep their
    // pointers in registers, where one long one spilled them (1.15x).
    std::array<uint16_t, kSlotChunk> computed;
    for (size_t from = 0; from < count; from += kSlotChunk) {
      const size_t chunk = std::min(kSlotChunk, count - from);
      const uint16_t* slots = computed.data();
      if (period_slots)
        slots = period_slots + first + from;
      else
        classify_chunk(*class_of, in + from, chunk, computed.data(), block_counts.data() + block * (n + 1));
      for (size_t i = 0; i < chunk; ++i) {
        const size_t slot = slots[i], d = from + i;
        // Each colour by one 32-bit store, whose fourth byte the next district's colour overwrites;
        // the block's last by three bytes (the next block is another task's).
        if (shown && d + 1 < count)
          std::memcpy(shown + 3 * d, &colors[slot], 4);
        else if (shown)
          std::memcpy(shown + 3 * d, &colors[slot], 3);
        if (entry) entry[d] = entries[slot];
        if (coloured) coloured[d] = colourful[slot];
      }
    }
  });
  const size_t* const period_counts = fits ? precomputed->counts.data() + period * (n + 1) : nullptr;
  out.no_data_count = 0;
  for (size_t block = 0; block < (fits ? 1 : blocks); ++block) {
    const size_t* counts = fits ? period_counts : block_counts.data() + block * (n + 1);
    out.no_data_count += counts[0];
    for (size_t k = 0; k < n; ++k) out.class_counts[k] += counts[k + 1];
  }
}

}  // namespace

PeriodClasses classify_periods(const ValueMatrix& m, const Classification& classes) {
  PeriodClasses out;
  out.periods = m.periods, out.districts = m.districts, out.class_count = classes.class_count();
  out.slots.resize(m.periods * m.districts);
  out.counts.assign(m.periods * (out.class_count + 1), 0);
  if (out.class_count == 0) return out;  // never read: without classes every district is no data
  const ClassLookup lookup(classes);
  tbb::parallel_for(size_t{0}, m.periods, [&](size_t p) {
    classify_chunk(lookup, m.windowed.data() + p * m.districts, m.districts, out.slots.data() + p * m.districts,
                   out.counts.data() + p * (out.class_count + 1));
  });
  return out;
}

void build_map_frame(const Cube& cube, const JoinResult& join, const ValueMatrix& values,
                     const Classification& classes, const MapSpec& spec, size_t period, MapFrame& out,
                     const CategoricalMap* categorical, const PeriodClasses* period_classes,
                     std::shared_ptr<const void> values_owner) {
  out.period = period;
  out.mode = spec.mode;
  const bool diverging = metric_is_diverging(spec.choice.metric);
  const bool statistic = !(spec.mode == MapMode::values || is_rate_mode(spec.mode));
  const bool painted = statistic && categorical;
  // The classes and colours, the painted colours, legend entries and label priority in one pass into
  // the frame's buffers (resized, not reallocated, from one step to the next).
  DistrictOutputs extra;
  LabelPriority& priority = out.label_priority;
  priority.coloured.resize(values.districts);
  // The label order reads the period's values: those of the caller's shared matrix, else a copy.
  const std::span<const double> row = period < values.periods
                                          ? std::span<const double>(values.windowed).subspan(period * values.districts, values.districts)
                                          : std::span<const double>();
  if (values_owner) {
    priority.values_owner = std::move(values_owner);
    priority.values = row;
  } else {
    auto copy = std::make_shared<const std::vector<double>>(row.begin(), row.end());
    priority.values = *copy;
    priority.values_owner = std::move(copy);
  }
  if (!statistic) extra.coloured = priority.coloured.data();
  if (!painted) {
    out.district_colors.resize(values.districts);
    out.legend_entry.resize(values.districts);
    extra.shown = out.district_colors.data();
    extra.legend_entry = out.legend_entry.data();
  }
  color_districts(values, classes, spec.style, diverging, period, period_classes, out.coloring, extra);
  out.value_label = value_label(spec);
  // Fatalities from range columns (total_avg: the mean of low and high) are not whole numbers: the
  // legend says they are estimates rather than showing "739.5 killed" as a count.
  if (spec.choice.metric == Metric::fatalities && values.fractional)
    out.value_label += " (estimates: not whole numbers, e.g. the midpoint of a reported range)";
  out.title = map_title(cube, spec);
  out.when = period < cube.period_count() ? window_text(cube, spec.choice.window, period) : std::string("-");
  out.note = unmapped_note(join);

  if (painted) {
    out.district_colors = categorical->district_colors;
    out.legend = categorical->legend;
    out.legend_entry = categorical->district_entry;
  }
  if (statistic) {
    // Statistic maps paint "not significant" and "no data" grey, zero in the zero colour.
    priority.coloured.resize(out.district_colors.size());
    for (size_t d = 0; d < out.district_colors.size(); ++d) {
      const Rgb col = out.district_colors[d];
      priority.coloured[d] = !(col.r == col.g && col.g == col.b) && col != kZeroColor;
    }
  }
  if (!painted) {
    out.legend = {};
    if (period < values.periods && classes.class_count() > 0) {
      // The counts are the colouring's: the districts are not classified twice. Its entries follow
      // the classes, then "No data" (legend.hpp), as the legend entries of the pass above assume.
      const bool locked = spec.style.mode == LegendMode::locked;
      out.legend = build_legend(classes, out.coloring.ramp, out.coloring.class_counts, out.coloring.no_data_count,
                                locked, out.value_label, kZeroColor, kNoDataColor);
      const size_t n = classes.ramp_class_count();
      out.legend.mode_note = fmt::format("{}, {} class{}. {}.", class_method_label(classes.spec.method), n,
                                         n == 1 ? "" : "es", out.legend.mode_note);
    }
  }

  if (!statistic) {
    out.subtitle = out.when;
  } else if ((spec.mode == MapMode::emerging || spec.mode == MapMode::scan) && cube.period_count() > 0) {
    // Trends run over every period, whatever the slider shows.
    out.subtitle = fmt::format("{}, {}", shown_metric(spec.choice),
                               window_text(cube, {WindowMode::cumulative, 1}, cube.period_count() - 1));
  } else if (spec.mode == MapMode::change && period > 0 && period < cube.period_count()) {
    out.subtitle = fmt::format("{}, {} vs {}", shown_metric(spec.choice), out.when,
                               window_text(cube, spec.choice.window, period - 1));
  } else {
    out.subtitle = fmt::format("{}, {}", shown_metric(spec.choice), out.when);
  }
}

CategoricalMap scan_cluster_map(const ScanResult& scan, size_t period, std::span<const std::string> districts,
                                std::span<const std::string> periods, double alpha) {
  // ColorBrewer Set1 without its yellow (illegible on white), then Dark2: one colour per cluster.
  static constexpr Rgb kClusterColors[] = {{228, 26, 28},  {55, 126, 184}, {77, 175, 74},  {152, 78, 163},
                                           {255, 127, 0},  {166, 86, 40},  {247, 129, 191}, {27, 158, 119},
                                           {117, 112, 179}, {102, 166, 30}};
  auto pale = [](Rgb c) {
    auto mix = [](uint8_t v) { return static_cast<uint8_t>(v + (255 - v) * 2 / 3); };
    return Rgb{mix(c.r), mix(c.g), mix(c.b)};
  };
  CategoricalMap out;
  out.district_colors.assign(scan.districts, kNotInClusterColor);
  out.district_entry.assign(scan.districts, -1);  // the last entry, "not in a significant cluster", once known
  out.legend.title = "Clusters (p <= " + fmt::format("{}", alpha) + ")";
  size_t outside = scan.districts;
  for (size_t k = 0; k < scan.clusters.size(); ++k) {
    const ScanCluster& c = scan.clusters[k];
    if (std::isnan(c.p) || c.p > alpha) continue;
    const bool now = period >= c.first_period && period <= c.last_period;
    const Rgb own = kClusterColors[k % std::size(kClusterColors)];
    const Rgb color = now ? own : pale(own);
    const int entry_index = static_cast<int>(out.legend.entries.size());
    for (uint32_t d : c.districts)
      if (d < out.district_colors.size()) {
        out.district_colors[d] = color;
        out.district_entry[d] = entry_index;
      }
    outside -= c.districts.size();
    const std::string when = c.first_period == c.last_period
                                 ? periods[c.first_period]
                                 : fmt::format("{} to {}", periods[c.first_period], periods[c.last_period]);
    const std::string rr = std::isinf(c.relative_risk) ? "inf" : fmt::format("{:.3g}", c.relative_risk);
    LegendEntry entry;
    entry.label = fmt::format("{}. {}, {}: {:.0f} events vs {:.2f} expected, RR {}, p {:.3g}{}", k + 1,
                              scan_cluster_name(c, districts), when, c.observed, c.expected, rr, c.p,
                              now ? "" : " (not in this period)");
    entry.color = color;
    entry.districts = c.districts.size();
    entry.lower = entry.upper = static_cast<double>(k + 1);
    out.legend.entries.push_back(std::move(entry));
  }
  LegendEntry rest;
  rest.label = out.legend.entries.empty() ? "No significant cluster" : "Not in a significant cluster";
  rest.color = kNotInClusterColor;
  rest.districts = outside;
  rest.kind = LegendEntry::Kind::zero;
  for (int& k : out.district_entry)
    if (k < 0) k = static_cast<int>(out.legend.entries.size());
  out.legend.entries.push_back(std::move(rest));
  out.legend.mode_note = fmt::format(
      "Kulldorff scan, {} model, {} replications: a cluster's p is the share of simulated no-cluster data sets whose "
      "strongest cluster was as strong; RR = rate inside / rate outside.",
      scan_model_name(scan.options.model), scan.replication_max.size());
  return out;
}

std::string pretty_period(Bin bin, int32_t start, bool short_form) {
  const date::year_month_day d{date::sys_days{date::days{start}}};
  const int year = static_cast<int>(d.year());
  const unsigned month = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
  switch (bin) {
    case Bin::day: return fmt::format("{} {} {}", day, month_name(month, short_form), year);
    case Bin::week: return fmt::format("{}{} {} {}", short_form ? "" : "Week of ", day, month_name(month, true), year);
    case Bin::month: return fmt::format("{} {}", month_name(month, short_form), year);
    case Bin::quarter: return fmt::format("Q{} {}", (month - 1) / 3 + 1, year);
    case Bin::year: return fmt::format("{}", year);
  }
  return period_label(bin, start);
}

std::string window_text(const Cube& cube, const WindowSpec& window, size_t period) {
  const Bin bin = cube.bin;
  if (period >= cube.period_count()) return "-";
  const size_t span = static_cast<size_t>(std::max(window.rolling_periods, 1));
  const size_t first = window.mode == WindowMode::cumulative ? 0
                       : window.mode == WindowMode::rolling ? period + 1 - std::min(period + 1, span)
                                                            : period;
  const std::string last = pretty_period(bin, cube.period_starts[period], true);
  if (window.mode == WindowMode::rolling && period + 1 - first == span && span > 1)
    return fmt::format("{} {}s to {}", span, bin_unit(bin), last);
  if (first == period) return pretty_period(bin, cube.period_starts[period]);
  return pretty_period(bin, cube.period_starts[first], true) + kDash + last;
}

std::string map_title(const Cube& cube, const MapSpec& spec) {
  switch (spec.mode) {
    case MapMode::values: return shown_metric(spec.choice) + " by district";
    case MapMode::rate_per_area:
    case MapMode::rate_per_population: return value_label(spec);
    case MapMode::gi_star: return "Hot spots (Gi*, 99% / 95% / 90%)";
    case MapMode::moran: return "Clusters and outliers (Local Moran's I)";
    case MapMode::emerging: return "Emerging hot spots (Gi* trends)";
    case MapMode::scan: return "Space-time clusters (Kulldorff scan)";
    case MapMode::change:
      return fmt::format("Change{} vs previous {}", spec.change_percent ? " in percent" : "", bin_unit(cube.bin));
  }
  return "?";
}

std::string unmapped_note(const JoinResult& join) {
  if (join.events_unmatched == 0 && join.rejected == 0) return {};
  std::string note = fmt::format("Not on the map: {} event{} that could not be placed in a district", join.events_unmatched,
                                 join.events_unmatched == 1 ? "" : "s");
  if (join.rejected > 0)
    note += fmt::format(", {} row{} rejected (bad date or value)", join.rejected, join.rejected == 1 ? "" : "s");
  return note + ".";
}

std::string dominant_parent(const Boundaries& b, std::span<const double> district_totals, double min_share) {
  std::map<std::string, double> by_parent;
  double total = 0;
  for (size_t i = 0; i < district_totals.size() && i < b.parents.size(); ++i) {
    if (!(district_totals[i] > 0)) continue;
    total += district_totals[i];
    if (!b.parents[i].empty()) by_parent[b.parents[i]] += district_totals[i];
  }
  if (total <= 0) return {};
  for (const auto& [name, sum] : by_parent)
    if (sum >= min_share * total) return name;
  return {};
}

std::string default_region(const Boundaries& b, const Cube& cube) {
  std::vector<double> totals(std::min(b.size(), cube.district_count), 0.0);
  for (size_t p = 0; p < cube.period_count(); ++p) {
    for (size_t d = 0; d < totals.size(); ++d) totals[d] += cube.at(Metric::events, p, d);
  }
  return dominant_parent(b, totals);
}

}  // namespace zila
