#include "core/io/event_rows.hpp"
// Sections: categories and ASCII text helpers (numbers and ISO dates: row_field_parsers.hpp) | RowReader: one row (read_row), merging and finishing
// | fields: text, empty rows, dates and precision, date order | coordinates, category | place interning.

#include <date/date.h>
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "core/error.hpp"
#include "core/io/event_columns.hpp"
#include "core/io/row_field_parsers.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

using row_fields::days_from_civil;
using row_fields::iso_day;
using row_fields::number;
using row_fields::scaled_degrees;
using row_fields::small_fatalities;

// Built-in category values (lower case). ACLED's Battles and Explosions/Remote violence depend on the
// actor: state forces (inter1 = 1) make them operations, otherwise they are attacks (incidents).
const std::unordered_map<std::string, Category>& builtin_categories() {
  static const std::unordered_map<std::string, Category> map{
      {"incident", Category::incident},         {"incidents", Category::incident},
      {"attack", Category::incident},           {"attacks", Category::incident},
      {"terrorist attack", Category::incident}, {"terrorism", Category::incident},
      {"bombing", Category::incident},          {"suicide bombing", Category::incident},
      {"ied", Category::incident},              {"violence against civilians", Category::incident},
      {"battles", Category::incident},          {"explosions/remote violence", Category::incident},
      {"operation", Category::operation},       {"operations", Category::operation},
      {"ibo", Category::operation},             {"intelligence-based operation", Category::operation},
      {"counter-terrorism operation", Category::operation}, {"military operation", Category::operation},
      {"security operation", Category::operation}, {"raid", Category::operation},
      {"strike", Category::operation},          {"drone strike", Category::operation},
      {"airstrike", Category::operation},       {"air strike", Category::operation},
      {"other", Category::other},               {"protests", Category::other},
      {"riots", Category::other},               {"strategic developments", Category::other}};
  return map;
}

constexpr size_t kMaxCachedCategories = 64;
constexpr size_t kMaxListedCategories = 20;  // unknown category values named in the warning

// std::tolower in the "C" locale (Zila sets no other), inline.
char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view lower) {  // `lower`: ASCII, lower case
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower[i]) return false;
  }
  return true;
}

constexpr std::string_view kTotalsMarkers[] = {"total", "totals", "grand total", "sum", "all"};

// Every row asks this of its date and its place: their lengths nearly always rule it out inline.
[[gnu::always_inline]] inline bool is_totals_marker(std::string_view text) {  // `text` is trimmed already
  constexpr uint64_t kMarkerLengths = [] {
    uint64_t lengths = 0;
    for (std::string_view marker : kTotalsMarkers) lengths |= uint64_t{1} << marker.size();
    return lengths;
  }();
  if (text.size() >= 64 || ((kMarkerLengths >> text.size()) & 1) == 0) return false;
  return std::any_of(std::begin(kTotalsMarkers), std::end(kTotalsMarkers), [&](std::string_view marker) { return iequals(text, marker); });
}

// Eight bytes at a time: a byte of 0x80 or more sets its top bit.
bool is_ascii(std::string_view text) {
  uint64_t bits = 0;
  size_t i = 0;
  for (uint64_t word; i + 8 <= text.size(); i += 8) std::memcpy(&word, text.data() + i, 8), bits |= word;
  for (; i < text.size(); ++i) bits |= static_cast<unsigned char>(text[i]);
  return (bits & 0x8080808080808080) == 0;
}

// trim() for ASCII text: its space-like multibyte characters cannot occur. Nearly every field has
// nothing to trim, which the inlined look at its two ends sees without a call.
bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
std::string_view trim_ascii_spaces(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}
[[gnu::always_inline]] inline std::string_view trim_ascii(std::string_view text) {
  if (text.empty() || (!is_ascii_space(text.front()) && !is_ascii_space(text.back()))) return text;
  return trim_ascii_spaces(text);
}

// a == b without a call to memcmp: place names and category values are short, so a few fixed-size
// loads (the last ones overlapping) compare them, as hash_text reads them.
inline bool same_text(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char *p = a.data(), *q = b.data();
  if (n >= 8) {
    uint64_t x, y;
    for (size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&x, p + i, 8), std::memcpy(&y, q + i, 8);
      if (x != y) return false;
    }
    std::memcpy(&x, p + n - 8, 8), std::memcpy(&y, q + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, p, 4), std::memcpy(&y0, q, 4), std::memcpy(&x1, p + n - 4, 4), std::memcpy(&y1, q + n - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != q[i]) return false;
  }
  return true;
}

// Place-name hash: eight bytes at a time, each step mixed by a multiply. Every byte counts, and the
// loads are fixed-size (a variable-size copy of the last bytes would be a call).
uint64_t hash_text(std::string_view text) {
  const char* p = text.data();
  const size_t n = text.size();
  uint64_t hash = n * 0x9E3779B97F4A7C15u;
  auto mix = [&](uint64_t word) {
    hash = (hash ^ word) * 0xFF51AFD7ED558CCDu;
    hash ^= hash >> 32;
  };
  if (n >= 8) {
    uint64_t word;
    for (size_t i = 0; i + 8 < n; i += 8) std::memcpy(&word, p + i, 8), mix(word);
    std::memcpy(&word, p + n - 8, 8);  // the last eight, overlapping the loop's
    mix(word);
  } else if (n >= 4) {
    uint32_t first, last;
    std::memcpy(&first, p, 4), std::memcpy(&last, p + n - 4, 4);
    mix(uint64_t{first} << 32 | last);
  } else if (n > 0) {
    auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
    mix(byte(0) << 16 | byte(n / 2) << 8 | byte(n - 1));
  }
  return hash;
}

}  // namespace

RowReader::RowReader(const EventOptions& options, EventTable& table) : options_(options), table_(table) {
  date_options_.order = options.date_order;
  date_options_.format = options.date_format;
  iso_shortcut_ = options.date_format.empty() && options.date_order == DateOrder::automatic;
  to_utf8("", options.encoding);  // throws for an unknown encoding name before any row is read
  if (!options.date_format.empty()) {
    if (std::string problem = date_format_problem(options.date_format); !problem.empty()) {
      throw Error("date format: " + problem);
    }
  }
  if (options.first_year > options.last_year) {
    throw Error(fmt::format("date range {}-{}: the first year is after the last", options.first_year, options.last_year));
  }
  first_plausible_day_ = first_day_of_year(options.first_year);
  end_plausible_day_ = first_day_of_year(options.last_year + 1);
}

void RowReader::read(const RowSource& source, const FieldIndexes& at, uint64_t row) { read_row(source, at, row); }
void RowReader::read(const CsvFields& source, const FieldIndexes& at, uint64_t row) { read_row(source, at, row); }
void RowReader::read(const PlainCsvFields& source, const FieldIndexes& at, uint64_t row) { read_row(source, at, row); }

template <typename Source>
void RowReader::read_row(const Source& source, const FieldIndexes& at, uint64_t row) {
  ++row_serial_;  // the converted fields of the previous row are stale from here on
  std::string_view date_text = text_of(source, at.date);
  std::string_view place_text = at.place >= 0 ? text_of(source, at.place) : std::string_view();
  for (size_t i = 0; place_text.empty() && i < at.extra_places.size(); ++i) place_text = text_of(source, at.extra_places[i]);
  if (is_totals_marker(date_text) || is_totals_marker(place_text)) return reject(row, "totals row");

  pending_ambiguous_date_.clear();
  weekday_noted_ = false;
  DatePrecision precision = DatePrecision::day;
  std::string date_problem;
  std::optional<int32_t> day = at.month >= 0 ? read_date_parts(source, at, date_text, precision, date_problem)
                                             : read_day(source, at.date, date_text, precision);
  if (!day) {
    if (row_is_empty(source)) return reject(row, std::string(kBlankRowReason));
    const std::string columns = date_columns_label(table_.columns);
    if (!date_problem.empty()) return reject(row, fmt::format("bad date '{}' in columns '{}'", date_problem, columns));
    return reject(row, date_text.empty() ? fmt::format("no date in column '{}'", columns)
                                         : fmt::format("bad date '{}' in column '{}'", excerpt(date_text), columns));
  }
  if (*day < first_plausible_day_ || *day >= end_plausible_day_) {
    return reject(row, fmt::format("date '{}' outside {}-{} in column '{}' (--date-range widens it)",
                                   excerpt(date_text), options_.first_year,
                                   options_.last_year, date_columns_label(table_.columns)));
  }
  if (at.precision >= 0) precision = std::max(precision, read_precision(source, at.precision));

  uint32_t count = 1;
  if (at.count >= 0) {
    std::string_view count_text = text_of(source, at.count);
    if (count_text.empty()) {
      ++empty_counts_;
    } else {
      std::optional<double> value = number(count_text);
      if (!value || *value < 0 || *value != std::floor(*value) || *value > 4e9) {
        return reject(row, fmt::format("bad count '{}' in column '{}'", excerpt(count_text), table_.columns.count));
      }
      count = static_cast<uint32_t>(*value);
    }
  }

  // Fatalities as the column's byte where small_fatalities reads them (or none are given), else as the float.
  std::optional<uint8_t> fatalities_byte = SmallFatalities::kMissing;
  float fatalities = std::numeric_limits<float>::quiet_NaN();
  if (at.fatalities >= 0) {
    std::string_view text = text_of(source, at.fatalities);
    if (!text.empty() && !(fatalities_byte = small_fatalities(text))) {
      std::optional<double> value = number(text);
      // 1e39 is a number but no float: unreadable, rather than stored as infinity.
      if (value && *value >= 0 && *value <= std::numeric_limits<float>::max()) fatalities = static_cast<float>(*value);
      else ++bad_fatalities_;
    }
  }

  const Point point = at.lon >= 0 && at.lat >= 0 ? read_coordinates(source, at) : Point{};

  if (place_text.empty() && !point.given()) return reject(row, "no place name and no coordinates");

  if (!pending_ambiguous_date_.empty()) ambiguous_.emplace_back(table_.day.size(), std::move(pending_ambiguous_date_));
  weekday_notes_ += weekday_noted_;
  table_.day.push_back(*day);
  table_.precision.push_back(precision);
  table_.category.push_back(read_category(source, at));
  table_.count.push_back(count);
  if (fatalities_byte) table_.fatalities.push_back_narrow(*fatalities_byte);
  else table_.fatalities.push_back(fatalities);
  table_.place.push_back(place_text.empty() ? kNoPlace : intern(place_text));
  if (point.scaled) table_.lon.push_back_narrow(point.lon_units), table_.lat.push_back_narrow(point.lat_units);
  else table_.lon.push_back(point.lon), table_.lat.push_back(point.lat);
}

void RowReader::append(RowReader& other) {
  const size_t event_offset = table_.size();
  append_rows(table_, other.table_, [this](const std::string& name) { return intern(name); });
  for (auto& [index, text] : other.ambiguous_) ambiguous_.emplace_back(index + event_offset, std::move(text));
  for (const auto& [value, n] : other.unknown_categories_) unknown_categories_[value] += n;
  day_first_evidence_ += other.day_first_evidence_;
  month_first_evidence_ += other.month_first_evidence_;
  encoding_fallbacks_ += other.encoding_fallbacks_;
  empty_counts_ += other.empty_counts_;
  bad_fatalities_ += other.bad_fatalities_;
  swapped_coordinates_ += other.swapped_coordinates_;
  bad_coordinates_ += other.bad_coordinates_;
  weekday_notes_ += other.weekday_notes_;
  unknown_precisions_ += other.unknown_precisions_;
}

// File-level notes and the re-reading of ambiguous dates once the whole file has shown its order.
void RowReader::finish() {
  resolve_ambiguous_dates();
  // Blank rows at the end are no rows of the table: not read, not rejected (their numbers come last, so
  // no other row's number changes). Blank rows between rows stay rejected, keeping the numbering.
  while (!table_.rejected.empty() && table_.rejected.back().row == table_.rows_read &&
         table_.rejected.back().reason == kBlankRowReason) {
    table_.rejected.pop_back();
    --table_.rows_read;
    ++table_.blank_rows;
  }
  auto note = [&](uint64_t n, const std::string& what) {
    if (n) table_.warnings.push_back(fmt::format("{} row{} {}", n, n == 1 ? "" : "s", what));
  };
  note(encoding_fallbacks_, "not valid UTF-8: read as Windows-1252");
  note(empty_counts_, fmt::format("with an empty '{}' counted as 1 event", table_.columns.count));
  note(bad_fatalities_, fmt::format("with an unreadable '{}' (fatalities left unknown)", table_.columns.fatalities));
  note(swapped_coordinates_, "with latitude and longitude swapped (latitude beyond ±90): swapped back");
  note(bad_coordinates_, "with unreadable or out-of-range coordinates (placed by name only)");
  note(weekday_notes_, "with a misspelt weekday or one that is not the date's (the date's numbers were used)");
  note(unknown_precisions_, fmt::format("with a '{}' value that is not 1/2/3 or day/week/month/year (the date's own "
                                        "precision kept)", table_.columns.precision));
  if (!unknown_categories_.empty()) {
    std::string listed;
    size_t shown = 0;
    for (const auto& [value, n] : unknown_categories_) {
      if (shown++ == kMaxListedCategories) break;
      listed += fmt::format("{}'{}' ({})", listed.empty() ? "" : ", ", value, n);
    }
    if (unknown_categories_.size() > kMaxListedCategories) {
      listed += fmt::format(" and {} more", unknown_categories_.size() - kMaxListedCategories);
    }
    table_.warnings.push_back(fmt::format("category values counted as 'other': {}", listed));
  }
}

// Trimmed UTF-8 text of a field, valid for the current row: ASCII (nearly every field) is used in
// place, in a few inlined instructions; anything else is converted by converted_text.
template <typename Source>
std::string_view RowReader::text_of(const Source& source, int field) {
  if (field < 0) return {};
  std::string_view raw = source.raw(field);
  if (raw.empty()) return {};
  if (source.ascii() || is_ascii(raw)) return trim_ascii(raw);
  return converted_text(raw, field);
}

// A field's text re-encoded to UTF-8 in a per-field buffer, once per row, so that asking for the
// same field again returns the same view instead of overwriting the one handed out before.
std::string_view RowReader::converted_text(std::string_view raw, int field) {
  if (converted_.size() <= static_cast<size_t>(field)) converted_.resize(static_cast<size_t>(field) + 1);
  ConvertedField& converted = converted_[static_cast<size_t>(field)];
  if (converted.row == row_serial_) return converted.trimmed;
  bool fell_back = false;
  converted.text = to_utf8(raw, options_.encoding, &fell_back);
  converted.trimmed = trim(converted.text);
  converted.row = row_serial_;
  if (fell_back && last_fallback_row_ != table_.rows_read) ++encoding_fallbacks_, last_fallback_row_ = table_.rows_read;
  return converted.trimmed;
}

template <typename Source>
bool RowReader::row_is_empty(const Source& source) {
  for (int i = 0; i < source.field_count(); ++i) {
    if (!text_of(source, i).empty()) return false;
  }
  return true;
}

template <typename Source>
std::optional<int32_t> RowReader::read_day(const Source& source, int field, std::string_view text, DatePrecision& precision) {
  std::optional<int32_t> typed;
  if (source.typed_day(field, typed)) return typed;
  if (text.empty()) return std::nullopt;
  // ISO dates never say anything about day/month order (see infer_date_order), so no tracking.
  if (iso_shortcut_) {
    if (std::optional<int32_t> day = iso_day(text)) return day;
  }
  DateNotes notes;
  std::optional<int32_t> day = parse_date(text, date_options_, &notes);
  weekday_noted_ = notes.weekday_misspelt || notes.weekday_wrong;
  precision = notes.precision;
  if (day && options_.date_order == DateOrder::automatic && options_.date_format.empty()) track_date_order(text);
  return day;
}

// GTD's convention: a month or day of 0 (or empty) is unknown. Workbooks may hold the parts as numbers
// ("2014.0"). `problem` says what is wrong with a date whose parts are all there but do not make one.
template <typename Source>
std::optional<int32_t> RowReader::read_date_parts(const Source& source, const FieldIndexes& at, std::string_view year_text,
                                                  DatePrecision& precision, std::string& problem) {
  auto whole = [](std::string_view text) -> std::optional<int> {
    if (text.empty()) return 0;
    std::optional<double> value = number(text);
    if (!value || *value != std::floor(*value) || *value < 0 || *value > 9999) return std::nullopt;
    return static_cast<int>(*value);
  };
  if (year_text.empty()) return std::nullopt;
  std::string_view month_text = text_of(source, at.month), day_text = text_of(source, at.day_of_month);
  std::optional<int> year = whole(year_text), month = whole(month_text), day = whole(day_text);
  if (!month) {  // a month's name ("March", "Mar"), as monthly tables write it
    DateNotes notes;
    const std::optional<int32_t> first = parse_date(fmt::format("{} 2000", month_text), {}, &notes);
    if (first && notes.precision == DatePrecision::month) {
      month = static_cast<int>(static_cast<unsigned>(date::year_month_day{date::sys_days{date::days{*first}}}.month()));
    }
  }
  auto describe = [&] {
    problem = fmt::format("{}-{}{}{}", excerpt(year_text), month_text.empty() ? "?" : excerpt(month_text),
                          at.day_of_month >= 0 ? "-" : "", at.day_of_month >= 0 ? (day_text.empty() ? "?" : excerpt(day_text)) : "");
    return std::nullopt;
  };
  if (!year || !month || !day || *year < 1 || *month > 12 || *day > 31) return describe();
  if (*month == 0) {
    precision = DatePrecision::year;
    return first_day_of_year(*year);
  }
  if (*day == 0) {
    precision = DatePrecision::month;
    return days_from_civil(*year, *month, 1);
  }
  const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)}, date::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return describe();  // 2014-02-30
  return days_from_civil(*year, *month, *day);
}

template <typename Source>
DatePrecision RowReader::read_precision(const Source& source, int field) {
  std::string_view text = text_of(source, field);
  if (text.empty()) return DatePrecision::day;
  if (std::optional<DatePrecision> precision = parse_precision(text)) return *precision;
  ++unknown_precisions_;
  return DatePrecision::day;
}

std::optional<DatePrecision> parse_precision(std::string_view text) {
  // ACLED: 1 = the day, 2 = the week, 3 = the month is known ("1.0" from a workbook's number cell).
  if (std::optional<double> code = number(text)) {
    if (*code == 1) return DatePrecision::day;
    if (*code == 2) return DatePrecision::week;
    if (*code == 3) return DatePrecision::month;
    return std::nullopt;
  }
  for (int p = 0; p < kDatePrecisionCount; ++p) {
    if (iequals(text, date_precision_name(static_cast<DatePrecision>(p)))) return static_cast<DatePrecision>(p);
  }
  return std::nullopt;
}

// Numeric dates like 3/4/2019 are ambiguous; the file's other rows decide (see finish()).
void RowReader::track_date_order(std::string_view text) {
  std::string sample[1] = {std::string(text)};
  switch (infer_date_order(sample)) {
    case DateOrder::day_first: ++day_first_evidence_; break;
    case DateOrder::month_first: ++month_first_evidence_; break;
    case DateOrder::automatic: {
      // Only a leading 1-2 digit field can be a day or a month; ISO dates never are ambiguous.
      size_t separator = text.find_first_of("/-. ");
      if (separator != std::string::npos && separator <= 2 &&
          parse_date(text, {DateOrder::day_first, {}}) != parse_date(text, {DateOrder::month_first, {}})) {
        pending_ambiguous_date_ = text;
      }
      break;
    }
  }
}

void RowReader::resolve_ambiguous_dates() {
  if (ambiguous_.empty()) return;
  const auto& ambiguous = ambiguous_;
  bool file_is_day_first = day_first_evidence_ > 0 && month_first_evidence_ == 0;
  if (file_is_day_first) {
    for (const auto& [index, text] : ambiguous) table_.day[index] = *parse_date(text, {DateOrder::day_first, {}});
    table_.warnings.push_back(fmt::format("{} ambiguous dates read as D/M/Y, as the file's unambiguous dates are",
                                          ambiguous.size()));
  } else if (day_first_evidence_ > 0) {
    table_.warnings.push_back(fmt::format(
        "dates mix D/M/Y and M/D/Y; {} ambiguous dates read as M/D/Y (use --date-order)", ambiguous.size()));
  } else if (month_first_evidence_ == 0) {
    table_.warnings.push_back(fmt::format(
        "{} dates could be D/M/Y or M/D/Y and were read as M/D/Y (use --date-order day-first if wrong)",
        ambiguous.size()));
  }
}

template <typename Source>
RowReader::Point RowReader::read_coordinates(const Source& source, const FieldIndexes& at) {
  Point point;
  std::string_view lon_text = text_of(source, at.lon), lat_text = text_of(source, at.lat);
  if (lon_text.empty() && lat_text.empty()) return point;
  // Nearly every point: both texts read straight to the units the columns hold, checked in units.
  const std::optional<int64_t> x_units = scaled_degrees(lon_text), y_units = scaled_degrees(lat_text);
  if (x_units && y_units) {
    int64_t x = *x_units, y = *y_units;
    if (place_point(x, y, 90 * row_fields::kUnitsPerDegree)) {
      point.lon_units = static_cast<int32_t>(x), point.lat_units = static_cast<int32_t>(y);
    }
    return point;
  }
  point.scaled = false;
  std::optional<double> x = number(lon_text), y = number(lat_text);
  if (!x || !y) {
    ++bad_coordinates_;
    return point;
  }
  if (place_point(*x, *y, 90.0)) point.lon = *x, point.lat = *y;
  return point;
}

// Swaps a latitude beyond ±90 with a longitude that could be one; false (counted) for a point still out
// of range. In degrees or in whole units of them: `right_angle` is 90 degrees, and each unit's value is
// exactly its degrees' (see scaled_degrees), so both forms make the same decisions.
template <typename Degrees>
bool RowReader::place_point(Degrees& lon, Degrees& lat, Degrees right_angle) {
  if (std::abs(lat) > right_angle && std::abs(lon) <= right_angle) {
    std::swap(lon, lat);
    ++swapped_coordinates_;
  }
  if (std::abs(lon) > 2 * right_angle || std::abs(lat) > right_angle) {
    ++bad_coordinates_;
    return false;
  }
  return true;
}

template <typename Source>
Category RowReader::read_category(const Source& source, const FieldIndexes& at) {
  if (at.category < 0) return options_.default_category;
  std::string_view value = text_of(source, at.category);
  if (value.empty()) return options_.default_category;
  const CategoryEntry* entry = nullptr;
  CategoryEntry fresh;
  for (const CategoryEntry& cached : categories_) {
    if (same_text(cached.raw, value)) {
      entry = &cached;
      break;
    }
  }
  if (!entry) {
    // The user's map first, then the actor rule, then the built-in table (as documented in the options).
    fresh.raw = value;
    fresh.lower = ascii_lower(value);
    if (auto it = options_.category_map.find(fresh.lower); it != options_.category_map.end()) {
      fresh.category = it->second;
    } else if (auto found = builtin_categories().find(fresh.lower); found != builtin_categories().end()) {
      fresh.category = found->second;
      fresh.actor_dependent = (fresh.lower == "battles" || fresh.lower == "explosions/remote violence") && at.state_actor >= 0;
    } else {
      fresh.unknown = true;
      fresh.shown = excerpt(fresh.lower);  // the warning's key: a 50 MB value is not repeated whole
    }
    entry = &fresh;
    if (categories_.size() < kMaxCachedCategories) entry = &categories_.emplace_back(std::move(fresh));
  }
  if (entry->actor_dependent && text_of(source, at.state_actor) == "1") return Category::operation;
  if (entry->unknown) {
    ++unknown_categories_[entry->shown];
    return Category::other;
  }
  return entry->category;
}

uint32_t RowReader::intern(std::string_view place) {
  if (place_slots_.empty()) place_slots_.assign(1024, kNoPlace);
  const size_t mask = place_slots_.size() - 1;
  size_t slot = hash_text(place) & mask;
  for (; place_slots_[slot] != kNoPlace; slot = (slot + 1) & mask) {
    if (same_text(table_.place_names[place_slots_[slot]], place)) return place_slots_[slot];
  }
  const uint32_t index = static_cast<uint32_t>(table_.place_names.size());
  table_.place_names.emplace_back(place);
  place_slots_[slot] = index;
  if (table_.place_names.size() * 2 > place_slots_.size()) grow_place_slots();
  return index;
}

void RowReader::grow_place_slots() {
  place_slots_.assign(place_slots_.size() * 2, kNoPlace);
  const size_t mask = place_slots_.size() - 1;
  for (uint32_t index = 0; index < table_.place_names.size(); ++index) {
    size_t slot = hash_text(table_.place_names[index]) & mask;
    while (place_slots_[slot] != kNoPlace) slot = (slot + 1) & mask;
    place_slots_[slot] = index;
  }
}

}  // namespace zila
