#include "core/io/dates.hpp"
// Sections: month and weekday names (with misspellings) | tokens of a date text | numeric dates and the
// day/month order | explicit formats | parse_date, infer_date_order, date_format_problem | ISO dates.

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"

// The automatic path scans the text once into at most a handful of numbers and one month name,
// with no allocation and no iostreams (it runs once per row of multi-million-row files), then decides
// which number is the day, the month and the year. Only an explicit format goes through date::parse.

namespace zila {
namespace {

struct DateNumber {
  int value = 0;
  int digits = 0;
  bool ordinal = false;  // "5th": can only be a day
};

// What a date's text contains, in order of appearance.
struct DateTokens {
  static constexpr size_t kMaxNumbers = 3;
  std::array<DateNumber, kMaxNumbers> numbers{};
  size_t number_count = 0;
  unsigned month_name = 0;  // 1..12 if a month was written as a word
  unsigned weekday = 0;     // 1..7 (Monday..Sunday) if a weekday was written
  bool weekday_misspelt = false;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_lowercase(std::string_view word, std::string_view lowercase) {
  if (word.size() != lowercase.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (to_lower(word[i]) != lowercase[i]) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// 1..12 for a full month name, its three-letter abbreviation or "Sept"; 0 otherwise.
unsigned month_from_name(std::string_view word) {
  for (size_t m = 0; m < kMonthNames.size(); ++m) {
    if (equals_lowercase(word, kMonthNames[m]) || equals_lowercase(word, kMonthNames[m].substr(0, 3))) {
      return static_cast<unsigned>(m + 1);
    }
  }
  return equals_lowercase(word, "sept") ? 9 : 0;
}

constexpr std::array<std::string_view, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                      "friday", "saturday", "sunday"};

// 1..7 (Monday..Sunday) for a weekday's name or abbreviation; 0 otherwise.
unsigned weekday_from_name(std::string_view word) {
  for (size_t d = 0; d < kWeekdays.size(); ++d) {
    if (equals_lowercase(word, kWeekdays[d]) || equals_lowercase(word, kWeekdays[d].substr(0, 3))) {
      return static_cast<unsigned>(d + 1);
    }
  }
  for (auto [abbreviation, weekday] : {std::pair{"tues", 2u}, {"weds", 3u}, {"thur", 4u}, {"thurs", 4u}}) {
    if (equals_lowercase(word, abbreviation)) return weekday;
  }
  return 0;
}

// Edits (insertions, deletions, substitutions, swaps of neighbours) from `word` to `lowercase`.
size_t edit_distance(std::string_view word, std::string_view lowercase) {
  constexpr size_t kMax = 16;
  if (word.size() >= kMax || lowercase.size() >= kMax) return kMax;
  size_t d[kMax + 1][kMax + 1];
  for (size_t i = 0; i <= word.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= lowercase.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= word.size(); ++i) {
    for (size_t j = 1; j <= lowercase.size(); ++j) {
      const bool same = to_lower(word[i - 1]) == lowercase[j - 1];
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && to_lower(word[i - 1]) == lowercase[j - 2] && to_lower(word[i - 2]) == lowercase[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[word.size()][lowercase.size()];
}

// 1..7 for a misspelt full weekday name ("Thursay", "Wendesday"): same first letter, one edit away
// (two for names of seven letters or more). 0 for anything else: other words still make a date invalid.
unsigned weekday_from_misspelling(std::string_view word) {
  if (word.size() < 5) return 0;
  for (size_t d = 0; d < kWeekdays.size(); ++d) {
    if (to_lower(word[0]) != kWeekdays[d][0]) continue;
    if (edit_distance(word, kWeekdays[d]) <= (kWeekdays[d].size() >= 7 ? 2u : 1u)) return static_cast<unsigned>(d + 1);
  }
  return 0;
}

bool is_ordinal_suffix(std::string_view word) {
  return equals_lowercase(word, "st") || equals_lowercase(word, "nd") || equals_lowercase(word, "rd") ||
         equals_lowercase(word, "th");
}

// Byte length of a separator at text[i]: ASCII punctuation and spaces, or a UTF-8 no-break space.
size_t separator_length(std::string_view text, size_t i) {
  switch (text[i]) {
    case ' ': case '\t': case ',': case '/': case '-': case '.':
      return 1;
    default:
      break;
  }
  const std::string_view rest = text.substr(i);
  if (rest.starts_with("\xC2\xA0")) return 2;
  if (rest.starts_with("\xE2\x80\xAF")) return 3;
  return 0;
}

// Splits `text` into numbers and month names. Weekday names are skipped: the numbers are trusted
// over a weekday that may have been typed wrongly. A time of day ("T10:00", " 14:30:00Z", " 2:30 PM")
// ends the date and is ignored. Returns false for anything else: other words, other symbols, or more
// parts than a date has.
bool tokenize_date(std::string_view text, DateTokens& tokens) {
  text = trim(text);
  size_t i = 0;
  while (i < text.size()) {
    if (const size_t length = separator_length(text, i)) {
      i += length;
    } else if (is_digit(text[i])) {
      DateNumber number;
      for (; i < text.size() && is_digit(text[i]); ++i, ++number.digits) {
        if (number.digits == 8) return false;  // no date part is longer than "20240305"
        number.value = number.value * 10 + (text[i] - '0');
      }
      if (i < text.size() && text[i] == ':') return true;  // hours: the time starts here
      if (tokens.number_count == DateTokens::kMaxNumbers) return false;
      tokens.numbers[tokens.number_count++] = number;
    } else if (is_letter(text[i])) {
      const size_t start = i;
      while (i < text.size() && is_letter(text[i])) ++i;
      const std::string_view word = text.substr(start, i - start);
      const bool follows_digit = start > 0 && is_digit(text[start - 1]);
      if (follows_digit && to_lower(word[0]) == 't' && word.size() == 1 && i < text.size() &&
          is_digit(text[i])) {
        return true;  // ISO 8601 "T" before the time
      }
      if (follows_digit && is_ordinal_suffix(word)) {
        tokens.numbers[tokens.number_count - 1].ordinal = true;
      } else if (const unsigned month = month_from_name(word)) {
        if (tokens.month_name != 0) return false;
        tokens.month_name = month;
      } else if (const unsigned weekday = weekday_from_name(word)) {
        tokens.weekday = weekday;
      } else if (const unsigned misspelt = weekday_from_misspelling(word)) {
        tokens.weekday = misspelt;
        tokens.weekday_misspelt = true;
      } else if (!equals_lowercase(word, "of")) {  // "5th of March"
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

bool is_year(const DateNumber& number) { return number.digits == 4 || number.digits == 2; }
bool is_day_or_month(const DateNumber& number) { return number.digits == 1 || number.digits == 2; }

int full_year(const DateNumber& year) {
  if (year.digits != 2) return year.value;
  return year.value < 70 ? 2000 + year.value : 1900 + year.value;
}

std::optional<int32_t> days_since_epoch(int year, int month, int day) {
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;  // 2019-02-30, 31/04/2020
  return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

// "5 March 2024", "March 5, 2024", "05-Mar-24", "2024 March 5", "March 2024".
std::optional<int32_t> date_with_month_name(const DateTokens& tokens) {
  const unsigned month = tokens.month_name;
  if (tokens.number_count == 1) {
    const DateNumber& year = tokens.numbers[0];
    if (year.digits != 4) return std::nullopt;  // "March 5" has no year; "Mar 12" is not 2012
    return days_since_epoch(year.value, static_cast<int>(month), 1);
  }
  if (tokens.number_count != 2) return std::nullopt;
  const DateNumber& first = tokens.numbers[0];
  const DateNumber& second = tokens.numbers[1];
  // A four-digit or ordinal number says which is which; otherwise day before year ("05-Mar-24").
  const bool first_is_year = first.digits == 4 || second.ordinal;
  const DateNumber& year = first_is_year ? first : second;
  const DateNumber& day = first_is_year ? second : first;
  if (!is_year(year) || year.ordinal || !is_day_or_month(day)) return std::nullopt;
  return days_since_epoch(full_year(year), static_cast<int>(month), day.value);
}

// Month-first unless the order says day-first or the automatic order sees a first field above 12.
bool reads_day_first(const DateNumber& first, DateOrder order) {
  switch (order) {
    case DateOrder::day_first:
      return true;
    case DateOrder::month_first:
      return false;
    case DateOrder::automatic:
      break;
  }
  return first.value > 12;
}

// "2024-03-05", "6/19/2004", "19.06.04", "20240305", "2024-03", "03/2024".
std::optional<int32_t> numeric_date(const DateTokens& tokens, DateOrder order) {
  const auto& n = tokens.numbers;
  switch (tokens.number_count) {
    case 1:
      if (n[0].digits == 4 && n[0].value > 0) return days_since_epoch(n[0].value, 1, 1);  // a year alone
      if (n[0].digits != 8) return std::nullopt;
      return days_since_epoch(n[0].value / 10000, n[0].value / 100 % 100, n[0].value % 100);
    case 2:
      if (n[0].digits == 4 && is_day_or_month(n[1])) return days_since_epoch(n[0].value, n[1].value, 1);
      if (is_day_or_month(n[0]) && n[1].digits == 4) return days_since_epoch(n[1].value, n[0].value, 1);
      return std::nullopt;
    case 3:
      break;
    default:
      return std::nullopt;
  }
  if (n[0].digits == 4) {  // ISO order whatever the file's order: nobody writes year-day-month
    if (!is_day_or_month(n[1]) || !is_day_or_month(n[2])) return std::nullopt;
    return days_since_epoch(n[0].value, n[1].value, n[2].value);
  }
  if (!is_day_or_month(n[0]) || !is_day_or_month(n[1]) || !is_year(n[2])) return std::nullopt;
  const bool day_first = reads_day_first(n[0], order);
  const int day = day_first ? n[0].value : n[1].value;
  const int month = day_first ? n[1].value : n[0].value;
  return days_since_epoch(full_year(n[2]), month, day);
}

// Whether a strftime-style format names the day: "%d.%m.%Y" does, "%Y-%m" and "%B %Y" do not.
bool format_has_day(std::string_view format) {
  for (size_t i = 0; i + 1 < format.size(); ++i) {
    if (format[i] != '%') continue;
    size_t k = i + 1;
    while (k < format.size() && (is_digit(format[k]) || format[k] == 'E' || format[k] == 'O')) ++k;
    if (k == format.size()) return false;
    if (std::string_view("deFjDxc").find(format[k]) != std::string_view::npos) return true;
    i = k;  // also steps over the second '%' of "%%"
  }
  return false;
}

// An explicit format is parsed by date::parse; a format without a day ("%Y-%m", "%B %Y") gives the
// first of the month. The whole cell must match, apart from surrounding spaces.
// The conversion letter of the conversion at format[i] == '%' (past E/O modifiers and a width), and
// where it is; npos at an unfinished conversion.
size_t conversion_letter(std::string_view format, size_t i) {
  size_t k = i + 1;
  while (k < format.size() && (is_digit(format[k]) || format[k] == 'E' || format[k] == 'O')) ++k;
  return k < format.size() ? k : std::string_view::npos;
}

// Zila keeps days, so a format's time of day is not read when it comes after the date: the format is
// cut at its first time conversion when no date conversion follows. Besides sparing work, this keeps
// date.h from reading a %S that meets no digits ("10:2" for %T) as NaN and converting that to an
// integer, which is undefined behaviour. Returns the format to read and whether text may follow.
std::pair<std::string_view, bool> date_part_of_format(std::string_view format) {
  constexpr std::string_view kTime = "HIMSTRrpXzZ", kNotDates = "HIMSTRrpXzZnt%";
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    const size_t k = conversion_letter(format, i);
    if (k == std::string_view::npos) break;
    if (kTime.find(format[k]) != std::string_view::npos) {
      for (size_t j = k + 1; j < format.size(); ++j) {
        if (format[j] != '%') continue;
        const size_t m = conversion_letter(format, j);
        if (m == std::string_view::npos) break;
        if (kNotDates.find(format[m]) == std::string_view::npos) return {format, false};  // a date after the time
        j = m;
      }
      std::string_view date = format.substr(0, i);
      while (!date.empty() && (date.back() == ' ' || date.back() == 'T' || date.back() == ',')) date.remove_suffix(1);
      return {date, true};
    }
    i = k;
  }
  return {format, false};
}

std::optional<int32_t> parse_date_with_format(std::string_view text, const std::string& full_format) {
  const auto [format, time_follows] = date_part_of_format(full_format);
  // One stream per thread: constructing a stream and its locale costs more than the parse itself.
  thread_local std::istringstream stream;
  stream.clear();
  stream.str(std::string(trim(text)));
  date::fields<std::chrono::seconds> fields;
  stream >> date::parse(std::string(format), fields);
  if (stream.fail()) return std::nullopt;
  if (stream.peek() != std::char_traits<char>::eof() && !time_follows) return std::nullopt;
  date::year_month_day ymd = fields.ymd;
  if (!format_has_day(format)) ymd = ymd.year() / ymd.month() / 1;
  // Years as written with four digits: "%Y" also reads "-2223", which no other reader of dates takes.
  if (!ymd.ok() || ymd.year() < date::year{1} || ymd.year() > date::year{9999}) return std::nullopt;
  return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

}  // namespace

std::optional<int32_t> parse_date(std::string_view text, const DateOptions& options) {
  return parse_date(text, options, nullptr);
}

std::optional<int32_t> parse_date(std::string_view text, const DateOptions& options, DateNotes* notes) {
  if (!options.format.empty()) {
    if (notes && !format_has_day(date_part_of_format(options.format).first)) notes->precision = DatePrecision::month;
    return parse_date_with_format(text, options.format);
  }
  DateTokens tokens;
  if (!tokenize_date(text, tokens)) return std::nullopt;
  const std::optional<int32_t> day = tokens.month_name != 0 ? date_with_month_name(tokens) : numeric_date(tokens, options.order);
  if (day && notes) {
    // Mirrors the readers above: a month name with one number, or two numbers, leave the day out.
    const bool month_name = tokens.month_name != 0;
    if (tokens.number_count == 1 && (month_name || tokens.numbers[0].digits == 4)) {
      notes->precision = month_name ? DatePrecision::month : DatePrecision::year;
    } else if (tokens.number_count == 2 && !month_name) {
      notes->precision = DatePrecision::month;
    }
  }
  if (day && notes && tokens.weekday) {
    notes->weekday_misspelt = tokens.weekday_misspelt;
    notes->weekday_wrong = date::weekday{date::sys_days{date::days{*day}}}.iso_encoding() != tokens.weekday;
  }
  return day;
}

DateOrder infer_date_order(std::span<const std::string> samples) {
  bool saw_day_first = false;
  bool saw_month_first = false;
  for (const std::string& sample : samples) {
    DateTokens tokens;
    if (!tokenize_date(sample, tokens) || tokens.month_name != 0 || tokens.number_count != 3) continue;
    const DateNumber& first = tokens.numbers[0];
    const DateNumber& second = tokens.numbers[1];
    if (first.digits == 4) continue;  // ISO: says nothing about the file's day/month order
    if (first.value > 12 && first.value <= 31) saw_day_first = true;
    if (second.value > 12 && second.value <= 31) saw_month_first = true;
  }
  if (saw_day_first == saw_month_first) return DateOrder::automatic;
  return saw_day_first ? DateOrder::day_first : DateOrder::month_first;
}

std::string date_format_problem(std::string_view format) {
  // The conversions date::parse reads; E and O modifiers and a field width may come between.
  constexpr std::string_view kKnown = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
  constexpr std::string_view kYears = "YyFDxcG", kMonths = "mbBhFDxcjV";
  bool year = false, month = false;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    size_t k = i + 1;
    while (k < format.size() && (is_digit(format[k]) || format[k] == 'E' || format[k] == 'O')) ++k;
    if (k == format.size()) return fmt::format("'{}' ends in an unfinished conversion", format);
    if (kKnown.find(format[k]) == std::string_view::npos) {
      return fmt::format("unknown conversion '%{}' in '{}'", format[k], format);
    }
    year |= kYears.find(format[k]) != std::string_view::npos;
    month |= kMonths.find(format[k]) != std::string_view::npos;
    i = k;
  }
  if (!year) return fmt::format("'{}' has no year (%Y, %y or %F)", format);
  if (!month) return fmt::format("'{}' has no month (%m, %b or %B)", format);
  return {};
}

int current_year() {
  const date::year_month_day today{date::floor<date::days>(std::chrono::system_clock::now())};
  return static_cast<int>(today.year());
}

int32_t first_day_of_year(int year) {
  return static_cast<int32_t>(date::sys_days{date::year{year} / 1 / 1}.time_since_epoch().count());
}

std::string format_iso_date(int32_t days_since_epoch) {
  const date::year_month_day ymd{date::sys_days{date::days{days_since_epoch}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

}  // namespace zila
