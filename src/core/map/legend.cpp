#include "core/map/legend.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace zila {

std::string format_legend_number(double value, int decimals) {
  const std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
  const size_t integer_end = std::min(digits.find('.'), digits.size());
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < integer_end && (integer_end - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  const bool rounds_to_zero = digits.find_first_not_of("0.") == std::string::npos;
  return value < 0 && !rounds_to_zero ? "-" + grouped : grouped;
}

namespace {

std::string range_label(const std::string& lower, const std::string& upper) {
  return lower == upper ? lower : lower + " " + std::string(kRangeDash) + " " + upper;
}

// Fewest decimals (from two significant digits of the largest bound) at which no two neighbouring
// distinct bounds print the same.
int decimals_for(const std::vector<double>& ascending_bounds) {
  double magnitude = 0;
  for (double b : ascending_bounds) magnitude = std::max(magnitude, std::abs(b));
  if (magnitude == 0) return 0;
  constexpr int kMaxDecimals = 10;
  int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(magnitude))), 0, kMaxDecimals);
  auto neighbours_distinct = [&](int d) {
    for (size_t i = 1; i < ascending_bounds.size(); ++i)
      if (ascending_bounds[i] != ascending_bounds[i - 1] &&
          format_legend_number(ascending_bounds[i], d) == format_legend_number(ascending_bounds[i - 1], d))
        return false;
    return true;
  };
  while (decimals < kMaxDecimals && !neighbours_distinct(decimals)) ++decimals;
  return decimals;
}

}  // namespace

Legend build_legend(const Classification& classification, std::span<const Rgb> ramp,
                    std::span<const double> current_values, bool locked_over_all_periods,
                    std::string_view metric_label, Rgb zero_color, Rgb no_data_color) {
  const std::vector<size_t> counts = class_counts(classification, current_values);
  const auto no_data = static_cast<size_t>(
      std::count_if(current_values.begin(), current_values.end(), [](double v) { return !std::isfinite(v); }));
  return build_legend(classification, ramp, counts, no_data, locked_over_all_periods, metric_label, zero_color,
                      no_data_color);
}

Legend build_legend(const Classification& classification, std::span<const Rgb> ramp,
                    std::span<const size_t> counts, size_t no_data, bool locked_over_all_periods,
                    std::string_view metric_label, Rgb zero_color, Rgb no_data_color) {
  const size_t first = classification.first_ramp_class();
  if (ramp.size() != classification.ramp_class_count())
    throw Error(fmt::format("legend: {} ramp colours for {} classes", ramp.size(), classification.ramp_class_count()));

  Legend legend;
  legend.title = std::string(metric_label);
  legend.mode_note = locked_over_all_periods ? "Classes fixed over all periods" : "Classes of this period";
  if (counts.size() != classification.class_count())
    throw Error(fmt::format("legend: {} district counts for {} classes", counts.size(), classification.class_count()));

  if (classification.has_zero_class())
    legend.entries.push_back({"0", zero_color, counts[0], LegendEntry::Kind::zero, 0.0, 0.0});

  std::vector<double> bounds;
  for (size_t c = first; c < classification.class_count(); ++c) {
    if (c == first) bounds.push_back(classification.lower[c]);
    bounds.push_back(classification.upper[c]);
  }
  const int decimals = decimals_for(bounds);

  for (size_t c = first; c < classification.class_count(); ++c) {
    const double lower = classification.lower[c];
    const double upper = classification.upper[c];
    std::string label = range_label(format_legend_number(lower, decimals), format_legend_number(upper, decimals));
    if (classification.integer_data) {
      // Class c > first excludes its lower bound, so its smallest whole number is floor(lower) + 1.
      const double smallest = c == first ? std::ceil(lower) : std::floor(lower) + 1;
      const double largest = std::floor(upper);
      if (smallest <= largest) label = range_label(format_legend_number(smallest, 0), format_legend_number(largest, 0));
    }
    legend.entries.push_back({std::move(label), ramp[c - first], counts[c], LegendEntry::Kind::range, lower, upper});
  }

  if (no_data > 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    legend.entries.push_back({"No data", no_data_color, no_data, LegendEntry::Kind::no_data, nan, nan});
  }
  return legend;
}

}  // namespace zila
