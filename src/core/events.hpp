// Event records, columnar: one entry per accepted input row.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

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

// A coordinate column: degrees stored as 32-bit integers in units of 1e-7 degree (4 bytes a row instead
// of 8) as long as every value is exactly such a number, which it is for any coordinate written with at
// most seven decimals: the double read from "71.1234567" is the quotient 711234567 / 1e7, both exact in
// a double and divided with one rounding. The first value that is not (more decimals, -0.0) turns the
// column into plain doubles, so a row's coordinate is always the very double the reader parsed.
class CoordinateColumn {
 public:
  double operator[](size_t i) const {
    if (wide_) return exact_[i];
    const int32_t v = scaled_[i];
    return v == kMissing ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(v) / kScale;
  }
  double back() const { return (*this)[size() - 1]; }
  size_t size() const { return wide_ ? exact_.size() : scaled_.size(); }
  bool empty() const { return size() == 0; }
  // Whether the values are held as scaled integers (false: as doubles).
  bool compact() const { return !wide_; }
  void push_back(double value) {
    if (!wide_) {
      if (const std::optional<int32_t> v = scaled(value)) return scaled_.push_back(*v);
      widen();
    }
    exact_.push_back(value);
  }
  void set(size_t i, double value) {
    if (!wide_) {
      if (const std::optional<int32_t> v = scaled(value)) {
        scaled_[i] = *v;
        return;
      }
      widen();
    }
    exact_[i] = value;
  }
  void append(const CoordinateColumn& other) {
    if (!wide_ && !other.wide_) {
      scaled_.insert(scaled_.end(), other.scaled_.begin(), other.scaled_.end());
      return;
    }
    if (!wide_) widen();
    for (size_t i = 0; i < other.size(); ++i) exact_.push_back(other[i]);
  }
  void reserve(size_t n) {
    if (wide_) exact_.reserve(n);
    else scaled_.reserve(n);
  }
  void clear() {
    scaled_.clear(), exact_.clear();
    wide_ = false;
  }
  // The storage, for advice on its memory: its first byte and its capacity in bytes.
  const void* data() const { return wide_ ? static_cast<const void*>(exact_.data()) : scaled_.data(); }
  size_t capacity_bytes() const { return wide_ ? exact_.capacity() * sizeof(double) : scaled_.capacity() * sizeof(int32_t); }

 private:
  static constexpr double kScale = 1e7;
  static constexpr int32_t kMissing = std::numeric_limits<int32_t>::min();  // NaN: not given
  static std::optional<int32_t> scaled(double value) {
    if (std::isnan(value)) return kMissing;
    const double units = std::nearbyint(value * kScale);
    if (!(std::abs(units) < 2147483647.0)) return std::nullopt;
    const int32_t v = static_cast<int32_t>(units);
    if (static_cast<double>(v) / kScale != value || std::signbit(value) != std::signbit(static_cast<double>(v) / kScale)) return std::nullopt;
    return v;
  }
  void widen() {
    exact_.reserve(std::max(scaled_.capacity(), scaled_.size() + 1));
    for (size_t i = 0; i < scaled_.size(); ++i) exact_.push_back((*this)[i]);
    scaled_ = {};
    wide_ = true;
  }
  std::vector<int32_t> scaled_;
  std::vector<double> exact_;
  bool wide_ = false;
};

// A column of `Wide` values (counts, fatalities) held as one byte a row while every value is a whole
// number from 0 to 254 (a floating column's NaN, "not given", as 255), which per-event rows nearly
// always are. The first value that is not (a fraction, -0.0, a count of 255 or more) turns the column
// into plain `Wide` values, so a row's value is always the very one the reader stored.
template <typename Wide>
class ByteColumn {
 public:
  ByteColumn() = default;
  ByteColumn(std::initializer_list<Wide> values) {
    for (Wide v : values) push_back(v);
  }
  // Row i as an assignable value (postgis_source rewrites counts in place).
  class Reference {
   public:
    Reference(ByteColumn& column, size_t i) : column_(column), i_(i) {}
    operator Wide() const { return std::as_const(column_)[i_]; }
    Reference& operator=(Wide value) {
      column_.set(i_, value);
      return *this;
    }

   private:
    ByteColumn& column_;
    size_t i_;
  };
  Wide operator[](size_t i) const {
    if (wide_) return exact_[i];
    const uint8_t v = bytes_[i];
    if constexpr (kHasMissing) {
      if (v == kMissing) return std::numeric_limits<Wide>::quiet_NaN();
    }
    return static_cast<Wide>(v);
  }
  Reference operator[](size_t i) { return Reference(*this, i); }
  Wide back() const { return (*this)[size() - 1]; }
  Reference back() { return Reference(*this, size() - 1); }
  size_t size() const { return wide_ ? exact_.size() : bytes_.size(); }
  bool empty() const { return size() == 0; }
  friend bool operator==(const ByteColumn& a, const ByteColumn& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }
  // Whether the values are held as bytes (false: as `Wide`).
  bool compact() const { return !wide_; }
  void push_back(Wide value) {
    if (!wide_) {
      if (const std::optional<uint8_t> v = narrowed(value)) return bytes_.push_back(*v);
      widen();
    }
    exact_.push_back(value);
  }
  void set(size_t i, Wide value) {
    if (!wide_) {
      if (const std::optional<uint8_t> v = narrowed(value)) {
        bytes_[i] = *v;
        return;
      }
      widen();
    }
    exact_[i] = value;
  }
  void append(const ByteColumn& other) {
    if (!wide_ && !other.wide_) {
      bytes_.insert(bytes_.end(), other.bytes_.begin(), other.bytes_.end());
      return;
    }
    if (!wide_) widen();
    exact_.reserve(exact_.size() + other.size());
    for (size_t i = 0; i < other.size(); ++i) exact_.push_back(other[i]);
  }
  void reserve(size_t n) {
    if (wide_) exact_.reserve(n);
    else bytes_.reserve(n);
  }
  void clear() {
    bytes_.clear(), exact_.clear();
    wide_ = false;
  }
  // The storage, for advice on its memory: its first byte and its capacity in bytes.
  const void* data() const { return wide_ ? static_cast<const void*>(exact_.data()) : bytes_.data(); }
  size_t capacity_bytes() const { return wide_ ? exact_.capacity() * sizeof(Wide) : bytes_.capacity(); }

 private:
  static constexpr bool kHasMissing = std::numeric_limits<Wide>::has_quiet_NaN;
  static constexpr uint8_t kMissing = 255;  // NaN, for a floating column
  static std::optional<uint8_t> narrowed(Wide value) {
    if constexpr (kHasMissing) {
      if (std::isnan(value)) return kMissing;
      if (!(value >= Wide{0} && value < Wide{255}) || std::signbit(value)) return std::nullopt;
      const uint8_t v = static_cast<uint8_t>(value);
      if (static_cast<Wide>(v) != value) return std::nullopt;
      return v;
    } else {
      static_assert(std::is_unsigned_v<Wide>);
      if (value > Wide{254}) return std::nullopt;
      return static_cast<uint8_t>(value);
    }
  }
  void widen() {
    exact_.reserve(std::max(bytes_.capacity(), bytes_.size() + 1));
    for (size_t i = 0; i < bytes_.size(); ++i) exact_.push_back((*this)[i]);
    bytes_ = {};
    wide_ = true;
  }
  std::vector<uint8_t> bytes_;
  std::vector<Wide> exact_;
  bool wide_ = false;
};

struct RejectedRow {
  uint64_t row = 0;    // 1-based data row (header excluded) in the source file
  std::string reason;  // e.g. "bad date '31/02/2019' in column 'date'"
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
  std::vector<int32_t> day;              // days since 1970-01-01
  std::vector<DatePrecision> precision;  // how much of `day` is known (1 byte a row)
  std::vector<Category> category;
  ByteColumn<uint32_t> count;            // events the row stands for (1 for per-event rows)
  ByteColumn<float> fatalities;          // NaN when not given
  std::vector<uint32_t> place;           // index into place_names or kNoPlace
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
