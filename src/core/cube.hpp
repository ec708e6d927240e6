// Time cube: district x period x metric counts with explicit zeros, and windows over it.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/events.hpp"

namespace zila {

enum class Bin : uint8_t { day, week, month, quarter, year };
const char* bin_name(Bin b);
Bin parse_bin(const std::string& text);  // throws zila::Error on unknown names

// The one list of metrics, for every command and the window. operations_minus_incidents is derived
// (operations - incidents, signed) and stored like the others, so windows and statistics read it alike.
enum class Metric : uint8_t { events, incidents, operations, others, fatalities, operations_minus_incidents };
inline constexpr int kMetricCount = 6;
const char* metric_name(Metric m);             // "events", ..., "operations-minus-incidents"
Metric parse_metric(const std::string& text);  // throws zila::Error listing the metrics
std::string metric_names();                    // "events, incidents, ..., operations-minus-incidents"

// First day (days since 1970-01-01) of the period containing `day`. Weeks start on Monday (ISO).
int32_t period_start(Bin bin, int32_t day);
int32_t next_period_start(Bin bin, int32_t start);
// "2025-03", "2025-W10", "2025-Q1", "2025", "2025-03-04"
std::string period_label(Bin bin, int32_t start);

struct Cube {
  Bin bin = Bin::month;
  size_t district_count = 0;
  std::vector<int32_t> period_starts;  // consecutive periods, no gaps, covering all joined events
  // values[metric][period * district_count + district]
  std::array<std::vector<double>, kMetricCount> values;

  size_t period_count() const { return period_starts.size(); }
  double at(Metric m, size_t period, size_t district) const {
    return values[static_cast<size_t>(m)][period * district_count + district];
  }
  const double* period_row(Metric m, size_t period) const {
    return values[static_cast<size_t>(m)].data() + period * district_count;
  }
};

// The most memory a cube may take (all metrics): 2 GiB, e.g. 140 years of days over 250 districts.
// Beyond it build_cube throws, before allocating, naming the size it would have.
inline constexpr uint64_t kMaxCubeBytes = uint64_t{2} << 30;

// Periods from the one starting at `first_start` to the one starting at `last_start`, both included.
uint64_t periods_between(Bin bin, int32_t first_start, int32_t last_start);

// `district[i]` is the district of event row i or -1 (not counted). Events outside [first, last]
// period are not expected: the range is computed from the joined rows. Throws zila::Error when the
// cube would take more than kMaxCubeBytes.
Cube build_cube(const EventTable& events, const std::vector<int32_t>& district, size_t district_count, Bin bin);

enum class WindowMode : uint8_t { per_period, cumulative, rolling };
struct WindowSpec {
  WindowMode mode = WindowMode::per_period;
  int rolling_periods = 3;  // used by rolling
};
// The first period of the window ending at `period` (the window is first..period).
size_t window_first_period(const WindowSpec& window, size_t period);
// Values per district for the window ending at `period`.
std::vector<double> window_values(const Cube& cube, Metric metric, const WindowSpec& window, size_t period);

}  // namespace zila
