// Time cube: district x period x metric counts with explicit zeros, and windows over it.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/compact_column.hpp"
#include "core/enum_names.hpp"
#include "core/events.hpp"

namespace zila {

enum class Bin : uint8_t { day, week, month, quarter, year };
inline constexpr EnumTable<Bin, 5> kBinNames{
    {{Bin::day, "day"}, {Bin::week, "week"}, {Bin::month, "month"}, {Bin::quarter, "quarter"}, {Bin::year, "year"}}};
constexpr const auto& enum_table(Bin) { return kBinNames; }
inline const char* bin_name(Bin b) { return name_cstr(b); }
inline Bin parse_bin(const std::string& text) { return parse_enum<Bin>(text, "bin"); }

// The one list of metrics, for every command and the window. operations_minus_incidents is derived
// (operations - incidents, signed): the cube stores only the counted metrics and computes it on reading.
enum class Metric : uint8_t { events, incidents, operations, others, fatalities, operations_minus_incidents };
inline constexpr int kMetricCount = 6;
inline constexpr int kStoredMetricCount = 5;  // events .. fatalities: what build_cube counts
inline constexpr EnumTable<Metric, kMetricCount> kMetricNames{{{Metric::events, "events"},
                                                              {Metric::incidents, "incidents"},
                                                              {Metric::operations, "operations"},
                                                              {Metric::others, "others"},
                                                              {Metric::fatalities, "fatalities"},
                                                              {Metric::operations_minus_incidents, "operations-minus-incidents"}}};
constexpr const auto& enum_table(Metric) { return kMetricNames; }
inline const char* metric_name(Metric m) { return name_cstr(m); }
inline Metric parse_metric(const std::string& text) { return parse_enum<Metric>(text, "metric"); }
inline std::string metric_names() { return enum_names_list<Metric>(); }  // "events, incidents, ..."

// First day (days since 1970-01-01) of the period containing `day`. Weeks start on Monday (ISO).
int32_t period_start(Bin bin, int32_t day);
int32_t next_period_start(Bin bin, int32_t start);
// "2025-03", "2025-W10", "2025-Q1", "2025", "2025-03-04"
std::string period_label(Bin bin, int32_t start);

// Whether a row whose date is known to `precision` can be counted in `bin`'s periods: a row known to
// the month fits a month, quarter or year, not a week or a day. build_cube leaves the others out, and
// the join report counts them as rejected ("date known only to the month; bin is finer").
bool bin_fits_precision(Bin bin, DatePrecision precision);

struct Cube {
  Bin bin = Bin::month;
  size_t district_count = 0;
  std::vector<int32_t> period_starts;  // consecutive periods, no gaps, covering all joined events
  // values[metric][period * district_count + district], for the stored (counted) metrics only
  std::array<std::vector<double>, kStoredMetricCount> values;

  size_t period_count() const { return period_starts.size(); }
  double at(Metric m, size_t period, size_t district) const {
    if (m == Metric::operations_minus_incidents) return at(Metric::operations, period, district) - at(Metric::incidents, period, district);
    return values[static_cast<size_t>(m)][period * district_count + district];
  }
  // One period's values of `m`, one per district.
  std::vector<double> period_values(Metric m, size_t period) const;
  // Every cell of `m`, period by period (the layout of `values`), derived metrics computed.
  std::vector<double> metric_values(Metric m) const;
};

// The most memory a cube may take (all metrics): 2 GiB, e.g. 140 years of days over 250 districts.
// Beyond it build_cube throws, before allocating, naming the size it would have.
inline constexpr uint64_t kMaxCubeBytes = uint64_t{2} << 30;

// Periods from the one starting at `first_start` to the one starting at `last_start`, both included.
uint64_t periods_between(Bin bin, int32_t first_start, int32_t last_start);

// Each event row's district, -1 where none: 2 bytes a row while every district index fits in 16 bits
// (tables of up to 32767 districts), 4 beyond.
using DistrictColumn = CompactColumn<NarrowInteger<int32_t, int16_t>>;

// `district[i]` is the district of event row i or -1 (not counted); rows whose date is coarser than
// the bin (bin_fits_precision) are not counted either. Events outside [first, last]
// period are not expected: the range is computed from the joined rows. Throws zila::Error when the
// cube would take more than kMaxCubeBytes.
Cube build_cube(const EventTable& events, const DistrictColumn& district, size_t district_count, Bin bin);

enum class WindowMode : uint8_t { per_period, cumulative, rolling };
inline constexpr EnumTable<WindowMode, 3> kWindowModeNames{
    {{WindowMode::per_period, "per-period"}, {WindowMode::cumulative, "cumulative"}, {WindowMode::rolling, "rolling"}}};
constexpr const auto& enum_table(WindowMode) { return kWindowModeNames; }
struct WindowSpec {
  WindowMode mode = WindowMode::per_period;
  int rolling_periods = 3;  // used by rolling
};
// The first period of the window ending at `period` (the window is first..period).
size_t window_first_period(const WindowSpec& window, size_t period);
// Values per district for the window ending at `period`.
std::vector<double> window_values(const Cube& cube, Metric metric, const WindowSpec& window, size_t period);

}  // namespace zila
