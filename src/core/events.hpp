// Event records, columnar: one entry per accepted input row.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/compact_column.hpp"
#include "core/enum_names.hpp"

namespace zila {

enum class Category : uint8_t { incident = 0, operation = 1, other = 2 };
inline constexpr int kCategoryCount = 3;
inline constexpr EnumTable<Category, kCategoryCount> kCategoryValueNames{
    {{Category::incident, "incident"}, {Category::operation, "operation"}, {Category::other, "other"}}};
constexpr const auto& enum_table(Category) { return kCategoryValueNames; }
inline const char* category_name(Category c) { return name_cstr(c); }
inline Category parse_category(const std::string& text) { return parse_enum<Category>(text, "category"); }

// How much of a row's date is known. A row known to the week, month or year stands on the first day of
// its month or year (week: the day given); it is binned only by periods at least that coarse.
enum class DatePrecision : uint8_t { day = 0, week = 1, month = 2, year = 3 };
inline constexpr int kDatePrecisionCount = 4;
inline constexpr EnumTable<DatePrecision, 4> kDatePrecisionNames{
    {{DatePrecision::day, "day"}, {DatePrecision::week, "week"}, {DatePrecision::month, "month"}, {DatePrecision::year, "year"}}};
constexpr const auto& enum_table(DatePrecision) { return kDatePrecisionNames; }
inline const char* date_precision_name(DatePrecision p) { return name_cstr(p); }

inline constexpr uint32_t kNoPlace = std::numeric_limits<uint32_t>::max();

// Degrees as 32-bit whole numbers of 1e-7 degree (4 bytes a row instead of 8), for a coordinate
// written with at most seven decimals: the double read from "71.1234567" is the quotient 711234567 / 1e7,
// both exact in a double and divided with one rounding. Other values (more decimals, -0.0) do not fit.
struct ScaledDegrees {
  using Wide = double;
  using Narrow = int32_t;
  static constexpr double kScale = 1e7;
  static constexpr int32_t kMissing = std::numeric_limits<int32_t>::min();  // NaN: not given
  static std::optional<int32_t> narrow(double value) {
    if (std::isnan(value)) return kMissing;
    const double units = round_to_whole(value * kScale);
    if (!(std::abs(units) < 2147483647.0)) return std::nullopt;
    const int32_t v = static_cast<int32_t>(units);
    if (wide(v) != value || std::signbit(value) != std::signbit(wide(v))) return std::nullopt;
    return v;
  }
  static double wide(int32_t v) { return v == kMissing ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(v) / kScale; }
  // std::nearbyint's value (ties to even) for |x| < 2^51, where adding and taking off 1.5 * 2^52 leaves
  // x rounded to a whole number; beyond, a value of more than 2^31 all the same. nearbyint itself is a
  // library call on x86-64 without SSE4.1, two for every event read.
  static double round_to_whole(double x) {
    constexpr double kShift = 0x1.8p52;
    return (x + kShift) - kShift;
  }
};

// Fatalities as one byte: a whole number from 0 to 254, NaN ("not given") as 255. Fractions, -0.0 and
// 255 or more do not fit.
struct SmallFatalities {
  using Wide = float;
  using Narrow = uint8_t;
  static constexpr uint8_t kMissing = 255;
  static std::optional<uint8_t> narrow(float value) {
    if (std::isnan(value)) return kMissing;
    if (!(value >= 0.0f && value < 255.0f) || std::signbit(value)) return std::nullopt;
    const uint8_t v = static_cast<uint8_t>(value);
    if (static_cast<float>(v) != value) return std::nullopt;
    return v;
  }
  static float wide(uint8_t v) { return v == kMissing ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(v); }
};

// The event columns (see compact_column.hpp): what nearly every table holds, in fewer bytes a row; a
// column whose rows are all the same (every count 1, every date known to the day) takes none.
using CoordinateColumn = CompactColumn<ScaledDegrees>;                 // 4 bytes: degrees to 7 decimals
using FatalityColumn = CompactColumn<SmallFatalities>;                 // 1 byte: 0..254 or not given
using CountColumn = CompactColumn<NarrowInteger<uint32_t, uint8_t>>;   // 1 byte: 0..254
using DayColumn = CompactColumn<NarrowInteger<int32_t, int16_t>>;      // 2 bytes: 1880-04 .. 2059-09
using PlaceColumn = CompactColumn<NarrowInteger<uint32_t, uint16_t>>;  // 2 bytes: up to 65535 places, kNoPlace
using PrecisionColumn = CompactColumn<AsIs<DatePrecision>>;
using CategoryColumn = CompactColumn<AsIs<Category>>;

struct RejectedRow {
  uint64_t row = 0;    // 1-based data row (header excluded) in the source file
  std::string reason;  // e.g. "bad date '31/02/2019' in column 'date'"
  // The rows this entry stands for: a database's group of equal rows is one entry (row 0: a query has
  // no row numbers), so that its rejected rows cost memory per group, not per row.
  uint64_t rows = 1;
};

// Which input columns were used; empty = not present / not used.
struct EventColumns {
  std::string date, place, category, count, fatalities, lon, lat;
  // A date in parts (GTD's iyear/imonth/iday): `date` is then the year, these the month and day
  // (0 or empty: unknown). `precision`: a column saying how much of the date is known (ACLED's 1/2/3).
  std::string month, day_of_month, precision;
  std::vector<std::string> extra_places;  // fallbacks tried when `place` is empty (e.g. city, province)
};

// One file (or layer) the events came from. Several sources make one table: their rows are numbered on
// from the previous source's last row, so rows first_row + 1 .. first_row + rows_read are this source's.
struct EventSource {
  std::string path;
  std::string citation;   // a short citation shown instead of the file name on slides; empty when none is known
  EventColumns columns;
  Category default_category = Category::incident;
  uint64_t first_row = 0, rows_read = 0;
  size_t first_event = 0, events = 0;  // accepted rows [first_event, first_event + events)
  std::string layer;      // the layer or sheet read ("" for single-layer formats such as CSV)
  std::string detection;  // how the columns were chosen: runner-ups and close calls, for the summary
  uint64_t blank_rows = 0;  // blank rows after the last row (workbooks' formatted empty rows): not counted as read
};

struct EventTable {
  std::string source;                    // the path; several sources: their paths joined by " + "
  EventColumns columns;                  // the first source's columns (each source's: `sources`)
  uint64_t rows_read = 0;                // data rows seen in the file(s), blank rows after the last one excluded
  uint64_t blank_rows = 0;               // those blank rows (see EventSource::blank_rows)
  DayColumn day;                         // days since 1970-01-01
  PrecisionColumn precision;             // how much of `day` is known (read it through date_precision)
  CategoryColumn category;
  CountColumn count;                     // events the row stands for (1 for per-event rows)
  FatalityColumn fatalities;             // NaN when not given
  PlaceColumn place;                     // index into place_names or kNoPlace
  std::vector<std::string> place_names;  // distinct raw place strings
  CoordinateColumn lon, lat;             // degrees, NaN when not given
  std::vector<RejectedRow> rejected;
  std::vector<std::string> warnings;     // file-level notes (encoding fallback, swapped lat/lon, ...)
  std::vector<EventSource> sources;      // one per file read, in reading order

  size_t size() const { return day.size(); }
  // Row i's precision; tables built without the column (tests, old callers) are known to the day.
  DatePrecision date_precision(size_t i) const { return i < precision.size() ? precision[i] : DatePrecision::day; }
  // Where table row `row` (1-based, as in RejectedRow) comes from: the source's index and its own row.
  std::pair<size_t, uint64_t> locate_row(uint64_t row) const;
  // "row 17" for one source, "pak_drone_strikes.csv row 17" for several: how a row is named to people.
  std::string row_label(uint64_t row) const;
  // Each source's citation (or else file name) with its row count, for a slide's source line.
  std::string source_names() const;
  // 1-based data row of accepted row `i`, derived from the rejected rows (in file order) rather than
  // stored: 8 bytes an event saved, and only rejected and disagreeing rows ever need it.
  uint64_t source_row(size_t i) const;
};

}  // namespace zila
