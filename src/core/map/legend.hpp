// Legend content: labels, colours and district counts per class. No drawing here — the UI and the
// image export both render this plain struct.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/map/classify.hpp"

namespace zila {

struct LegendEntry {
  enum class Kind : uint8_t { zero, range, no_data };
  std::string label;  // "0", "1 – 3", "14,535", "0.5 – 1.2", "No data"
  Rgb color;
  size_t districts = 0;  // districts of the current period in this class
  Kind kind = Kind::range;
  double lower = 0, upper = 0;  // class bounds (NaN for no data)
};

struct Legend {
  std::string title;      // the metric label
  std::string mode_note;  // "Classes fixed over all periods" or "Classes of this period"
  std::vector<LegendEntry> entries;  // zero class, ramp classes ascending, then "No data" if any
};

// Ranges are written "lower – upper" with an en dash (U+2013): UI fonts need that glyph loaded.
inline constexpr std::string_view kRangeDash = "\xE2\x80\x93";

// Labels: for whole-number data the integers each class holds ("1 – 3", "4 – 10"; a single "5" when
// lower and upper meet); otherwise bounds with the fewest decimals (at least two significant digits)
// that keep neighbouring bounds distinct. Thousands are separated by commas.
// `ramp` holds one colour per ramp (non-zero) class; a size mismatch throws zila::Error.
Legend build_legend(const Classification& classification, std::span<const Rgb> ramp,
                    std::span<const double> current_values, bool locked_over_all_periods,
                    std::string_view metric_label, Rgb zero_color, Rgb no_data_color);
// The same from districts already counted: `class_districts` per class, `no_data_districts` without a value.
Legend build_legend(const Classification& classification, std::span<const Rgb> ramp,
                    std::span<const size_t> class_districts, size_t no_data_districts, bool locked_over_all_periods,
                    std::string_view metric_label, Rgb zero_color, Rgb no_data_color);

// `value` with `decimals` fixed decimals and comma thousands separators: 14535 -> "14,535".
std::string format_legend_number(double value, int decimals);

}  // namespace zila
