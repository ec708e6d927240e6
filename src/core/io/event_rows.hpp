// Per-row parsing of event tables, shared by the GDAL reader and the fast CSV reader: the same text
// gives the same EventTable whichever reader split it into fields. Internal to the event loader.
#pragma once
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/dates.hpp"
#include "core/io/event_options.hpp"
#include "core/io/fast_csv.hpp"

namespace zila {

// The reason given to a row whose every field is empty. Such rows after the last row with text (a
// workbook's formatted empty rows) are dropped by RowReader::finish and counted as EventTable::blank_rows.
inline constexpr std::string_view kBlankRowReason = "empty row";

struct FieldIndexes {
  int date = -1, place = -1, category = -1, count = -1, fatalities = -1, lon = -1, lat = -1, state_actor = -1;
  int month = -1, day_of_month = -1, precision = -1;  // a date in parts (date = its year) and a precision column
  std::vector<int> extra_places;
};

// One input row as text fields: a GDAL feature or a CSV record.
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual int field_count() const = 0;
  virtual std::string_view raw(int field) const = 0;  // "" when the field is absent or null
  // Fields stored as dates (GeoPackage, XLSX): returns true and sets `day` (nullopt: not a calendar date).
  virtual bool typed_day(int /*field*/, std::optional<int32_t>& /*day*/) const { return false; }
  // True when every field is known to be ASCII, which spares RowReader checking each one.
  virtual bool ascii() const { return false; }
};

// A CSV record split by CsvRecordReader. Final, so that RowReader's calls on it are direct and inlined.
class CsvFields final : public RowSource {
 public:
  CsvFields(const std::vector<std::string_view>& fields, int field_count, bool ascii)
      : fields_(fields), field_count_(field_count), ascii_(ascii) {}
  int field_count() const override { return field_count_; }
  bool ascii() const override { return ascii_; }
  // Fields beyond a short record are absent, as in GDAL; fields beyond the header are ignored.
  std::string_view raw(int field) const override {
    return static_cast<size_t>(field) < fields_.size() ? fields_[static_cast<size_t>(field)] : std::string_view();
  }

 private:
  const std::vector<std::string_view>& fields_;
  int field_count_;
  bool ascii_;
};

// A record CsvRecordReader::next_plain split: the fields straight from its comma positions. Final, as CsvFields.
class PlainCsvFields final : public RowSource {
 public:
  PlainCsvFields(const PlainCsvRecord& record, int field_count) : record_(record), field_count_(field_count) {}
  int field_count() const override { return field_count_; }
  bool ascii() const override { return record_.ascii(); }
  // Fields beyond a short record are absent, as in GDAL; fields beyond the header are ignored.
  std::string_view raw(int field) const override {
    return static_cast<size_t>(field) < record_.size() ? record_.field(static_cast<size_t>(field)) : std::string_view();
  }

 private:
  const PlainCsvRecord& record_;
  int field_count_;
};

// Parses rows into `table`. Several readers may read consecutive parts of one file in parallel;
// append() then joins them in file order, and finish() adds the file-level notes.
class RowReader {
 public:
  RowReader(const EventOptions& options, EventTable& table);

  // `row`: 1-based data row; table.rows_read already counts it. Every overload applies the same rules
  // (one template); the CSV ones spare the fast CSV reader a virtual call per field.
  void read(const RowSource& source, const FieldIndexes& at, uint64_t row);
  void read(const CsvFields& source, const FieldIndexes& at, uint64_t row);
  void read(const PlainCsvFields& source, const FieldIndexes& at, uint64_t row);
  // Copies in the rows `other` read from the rows right after this reader's; `other` is spent.
  void append(RowReader& other);
  void finish();
  // Rejects a row the reader cannot be given (e.g. one GDAL read wrongly); rows stay in file order.
  void reject(uint64_t row, std::string reason) { table_.rejected.push_back({row, std::move(reason)}); }

 private:
  struct CategoryEntry {
    std::string raw, lower, shown;  // shown: `lower` as warnings quote it (unknown values only)
    Category category = Category::other;
    bool actor_dependent = false, unknown = false;
  };

  template <typename Source>
  void read_row(const Source& source, const FieldIndexes& at, uint64_t row);
  template <typename Source>
  [[gnu::always_inline]] inline std::string_view text_of(const Source& source, int field);  // a few instructions a field
  [[gnu::noinline]] std::string_view converted_text(std::string_view raw, int field);  // text_of's non-ASCII case
  template <typename Source>
  bool row_is_empty(const Source& source);
  template <typename Source>
  std::optional<int32_t> read_day(const Source& source, int field, std::string_view text, DatePrecision& precision);
  template <typename Source>
  std::optional<int32_t> read_date_parts(const Source& source, const FieldIndexes& at, std::string_view year_text,
                                         DatePrecision& precision, std::string& problem);
  template <typename Source>
  DatePrecision read_precision(const Source& source, int field);
  void track_date_order(std::string_view text);
  void resolve_ambiguous_dates();
  // A row's point: the columns' units (ScaledDegrees) where scaled_degrees read both texts, the
  // doubles number() read otherwise. Not given: missing, unreadable or out of range.
  struct Point {
    bool scaled = true;
    int32_t lon_units = ScaledDegrees::kMissing, lat_units = ScaledDegrees::kMissing;
    double lon = std::numeric_limits<double>::quiet_NaN(), lat = std::numeric_limits<double>::quiet_NaN();
    bool given() const { return scaled ? lon_units != ScaledDegrees::kMissing : !std::isnan(lon); }
  };
  template <typename Source>
  Point read_coordinates(const Source& source, const FieldIndexes& at);
  template <typename Degrees>
  bool place_point(Degrees& lon, Degrees& lat, Degrees right_angle);
  template <typename Source>
  Category read_category(const Source& source, const FieldIndexes& at);
  uint32_t intern(std::string_view place);
  void grow_place_slots();

  const EventOptions& options_;
  EventTable& table_;
  DateOptions date_options_;
  bool iso_shortcut_ = false;  // no explicit format or order: plain ISO dates skip the general parser
  int32_t first_plausible_day_ = 0, end_plausible_day_ = 0;  // [first, end): options' first_year to last_year
  // Per field: its text re-encoded to UTF-8, converted at most once per row, so that every view
  // text_of hands out for a row (the date in a rejection reason, a place column that is also the date
  // column) stays valid until the next row. A deque, because views handed out for one field must
  // survive growing it for a later field of the same row.
  struct ConvertedField {
    uint64_t row = 0;  // the row_serial_ it was converted for
    std::string text;
    std::string_view trimmed;
  };
  std::deque<ConvertedField> converted_;
  uint64_t row_serial_ = 0;  // rows this reader has begun (row numbers restart in each parallel reader)
  // Open-addressing hash set of indexes into table_.place_names (kNoPlace: free), at most half full.
  std::vector<uint32_t> place_slots_;
  std::vector<CategoryEntry> categories_;  // raw value -> category, the few values a file uses
  std::map<std::string, uint64_t> unknown_categories_;
  std::vector<std::pair<size_t, std::string>> ambiguous_;  // (event index, date text) read as M/D/Y for now
  std::string pending_ambiguous_date_;
  uint64_t day_first_evidence_ = 0, month_first_evidence_ = 0;
  uint64_t encoding_fallbacks_ = 0, last_fallback_row_ = UINT64_MAX, empty_counts_ = 0, bad_fatalities_ = 0;
  uint64_t swapped_coordinates_ = 0, bad_coordinates_ = 0, weekday_notes_ = 0;
  bool weekday_noted_ = false;  // the current row's weekday name is misspelt or wrong
  uint64_t unknown_precisions_ = 0;  // precision column values not understood (the date's own precision kept)
};

// A precision column's value: ACLED's 1/2/3 (day, week, month), or a word (day, week, month, year).
std::optional<DatePrecision> parse_precision(std::string_view text);

// Appends the rows of `from` after those of `into`: the columns, place ids mapped through
// `intern(name) -> into's id`, rejected rows numbered on; `from`'s rejection reasons are moved.
// Used for the parts of one file read in parallel and for several files read into one table.
template <typename Intern>
void append_rows(EventTable& into, EventTable& from, Intern&& intern) {
  const uint64_t row_offset = into.rows_read;
  into.rows_read += from.rows_read;
  into.day.append(from.day);
  into.precision.append(from.precision);
  into.category.append(from.category);
  into.count.append(from.count);
  into.fatalities.append(from.fatalities);
  into.lon.append(from.lon);
  into.lat.append(from.lat);
  std::vector<uint32_t> places;  // from's place id -> into's
  places.reserve(from.place_names.size());
  for (const std::string& name : from.place_names) places.push_back(intern(name));
  for (size_t i = 0; i < from.place.size(); ++i) {
    const uint32_t place = from.place[i];
    into.place.push_back(place == kNoPlace ? kNoPlace : places[place]);
  }
  for (RejectedRow& rejected : from.rejected) into.rejected.push_back({rejected.row + row_offset, std::move(rejected.reason), rejected.rows});
}

}  // namespace zila
