// Parsing the dates people put in event spreadsheets into days since 1970-01-01.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/enum_names.hpp"
#include "core/events.hpp"

namespace zila {

enum class DateOrder : uint8_t {
  automatic,    // day/month order decided per file by infer_date_order; ambiguous rows use month_first
  month_first,  // 3/4/2019 = March 4th (US)
  day_first,    // 3/4/2019 = 3 April (Pakistan, UK)
};

inline constexpr EnumTable<DateOrder, 3> kDateOrderNames{
    {{DateOrder::automatic, "auto"}, {DateOrder::month_first, "month-first"}, {DateOrder::day_first, "day-first"}}};
constexpr const auto& enum_table(DateOrder) { return kDateOrderNames; }
inline const char* date_order_name(DateOrder order) { return name_cstr(order); }
inline DateOrder parse_date_order(const std::string& text) { return parse_enum<DateOrder>(text, "date order"); }

struct DateOptions {
  DateOrder order = DateOrder::automatic;
  // Explicit strptime-style format ("%d.%m.%Y"), read by date::parse; when set, only it is tried and
  // it must match the whole (trimmed) text. Without a day ("%Y-%m") it gives the first of the month.
  std::string format;
};

// What parse_date noticed in a date it read: its weekday name, misspelt ("Thursay") or not the date's
// weekday, lost to the numbers.
struct DateNotes {
  bool weekday_misspelt = false, weekday_wrong = false;
  // A bare year-month ("2024-03", "March 2024", a format without %d) is known to the month, a bare
  // four-digit year ("2014") to the year; the date returned is the first day of either.
  DatePrecision precision = DatePrecision::day;
};

// Accepts ISO (2024-03-05, 2024-03-05T10:00:00, 20240305), numeric M/D/Y or D/M/Y with / - . separators,
// two-digit years (pivot: 00-69 -> 20xx, 70-99 -> 19xx), month names and abbreviations in any position
// ("5 March 2024", "March 5, 2024", "05-Mar-24"), weekday prefixes ("Sunday-November 19-1995",
// "Tue, 5 Mar 2024"), ACLED's "05 March 2024", a bare year-month ("2024-03", "March 2024": first day,
// month precision) and a bare year ("2014": 1 January, year precision; see DateNotes).
// A time of day after the date is ignored, and so is a weekday name, even a wrong or misspelt one ("Thursay",
// one or two edits from a weekday's name): the numbers win.
// With an explicit month_first/day_first order, a row that only reads the other way is nullopt.
// Returns days since 1970-01-01, or nullopt for text that is not a valid calendar date.
std::optional<int32_t> parse_date(std::string_view text, const DateOptions& options);
// The same, saying in `notes` what it noticed.
std::optional<int32_t> parse_date(std::string_view text, const DateOptions& options, DateNotes* notes);

// Looks at numeric a/b/yyyy samples: if some first field > 12 it is day_first, if some second field
// > 12 it is month_first; if both occur or neither, returns automatic (undecided).
DateOrder infer_date_order(std::span<const std::string> samples);

// "2024-03-05"
std::string format_iso_date(int32_t days_since_epoch);

// Why an explicit --date-format cannot read dates ("unknown conversion '%Q'", "no year in it"), or ""
// when it can.
std::string date_format_problem(std::string_view format);

// The calendar year now (UTC): the default plausible-date window ends the year after.
int current_year();
// Days since 1970-01-01 of the first day of `year`.
int32_t first_day_of_year(int year);

}  // namespace zila
