// The row reader's fast per-field parsers (event_rows.cpp): plain decimals and ISO dates, read a word
// at a time and always inlined into the row loop (out of line, their std::optional came back through
// the stack and stalled each call). Each gives what the general parser (parse_number, parse_date)
// gives, or nullopt to hand the text to it. Internal to the event loader.
#pragma once
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "core/events.hpp"
#include "core/text.hpp"

namespace zila::row_fields {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The day number of a valid date: date::sys_days' own arithmetic (H. Hinnant's days_from_civil),
// written out so that the per-row ISO path inlines it instead of calling into the date library.
[[gnu::always_inline]] inline constexpr int32_t days_from_civil(int year, int month, int day) {
  const int y = year - (month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int year_of_era = y - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Whether each of the eight bytes of `word` is a digit 0x30-0x39: high nibble 3, and still 3 after
// adding 6 (a byte that carries into the next fails itself).
inline bool all_digits(uint64_t word) {
  return ((word & 0xF0F0F0F0F0F0F0F0) | (((word + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) == 0x3333333333333333;
}

// The ISO shortcut's years, and the day number of the 1st of every month from January of the first to
// January after the last: a date's day is its month's entry plus the day, and a month's length the
// distance to the next entry (9.6 KB, looked up instead of computed for every row).
inline constexpr int kIsoFirstYear = 1900, kIsoLastYear = 2099;
inline constexpr auto kMonthStarts = [] {
  std::array<int32_t, (kIsoLastYear - kIsoFirstYear + 1) * 12 + 1> starts{};
  for (size_t i = 0; i < starts.size(); ++i) {
    starts[i] = days_from_civil(kIsoFirstYear + static_cast<int>(i / 12), static_cast<int>(i % 12) + 1, 1);
  }
  return starts;
}();

// "2024-03-05" in the years anyone reports, as parse_date reads it; nullopt: let parse_date decide.
// The ten bytes are read as two words (x86 and ARM are little-endian: the first byte is the lowest).
[[gnu::always_inline]] inline std::optional<int32_t> iso_day(std::string_view t) {
  if (t.size() != 10) return std::nullopt;
  uint64_t head;  // "2024-03-"
  uint16_t tail;  // "05"
  std::memcpy(&head, t.data(), 8), std::memcpy(&tail, t.data() + 8, 2);
  constexpr uint64_t kDashBytes = 0xFF0000FF00000000;  // bytes 4 and 7
  if ((head & kDashBytes) != 0x2D00002D00000000) return std::nullopt;
  if (!all_digits((head & ~kDashBytes) | 0x3000003000000000) || !all_digits(0x3030303030300000 | tail)) return std::nullopt;
  auto digit = [](uint64_t word, int i) { return static_cast<int>((word >> (8 * i)) & 0xFF) - '0'; };
  const int year = digit(head, 0) * 1000 + digit(head, 1) * 100 + digit(head, 2) * 10 + digit(head, 3);
  const int month = digit(head, 5) * 10 + digit(head, 6), day = digit(tail, 0) * 10 + digit(tail, 1);
  if (year < kIsoFirstYear || year > kIsoLastYear || month < 1 || month > 12 || day < 1) return std::nullopt;
  const size_t index = static_cast<size_t>((year - kIsoFirstYear) * 12 + month - 1);
  if (day > kMonthStarts[index + 1] - kMonthStarts[index]) return std::nullopt;
  return kMonthStarts[index] + day - 1;
}

// Exact in a double: 10^k for k <= 22.
inline constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

inline constexpr uint64_t kWholePowersOfTen[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

// The value of the last `count` (1-8) bytes of the eight at `last_eight`, when they are all digits:
// eight bytes tested and combined at once (simdjson's eight-digit parse), the bytes before them read
// as '0's. x86 and ARM are little-endian: the first byte is the lowest.
[[gnu::always_inline]] inline std::optional<uint64_t> trailing_digits(const char* last_eight, size_t count) {
  uint64_t word;
  std::memcpy(&word, last_eight, 8);
  const uint64_t kept = ~uint64_t{0} << (8 * (8 - count));
  word = (word & kept) | (0x3030303030303030 & ~kept);
  if (!all_digits(word)) return std::nullopt;
  word -= 0x3030303030303030;
  word = word * 10 + (word >> 8);  // pairs of digits
  word = (((word & 0x000000FF000000FF) * (100 + (uint64_t{1000000} << 32))) +
          (((word >> 16) & 0x000000FF000000FF) * (1 + (uint64_t{10000} << 32)))) >> 32;
  return word & 0xFFFFFFFF;
}

// Plain decimals ("-71.25", "3") are read here, anything else (groups, exponents, '+', spaces) takes
// parse_number's whole path. Up to 15 digits the digits make an integer a double holds exactly, and
// so does the power of ten: their quotient, rounded once by the division, is the correctly rounded
// value that from_chars (and parse_number, which ends in it) gives (Clinger's fast path).
[[gnu::always_inline]] inline std::optional<double> number(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  p += negative ? 1 : 0;
  uint64_t digits_value = 0;  // wraps beyond 19 digits, but is used only up to 15
  auto read_digits = [&] {  // returns how many it read
    const char* const first = p;
    for (; p != end && is_digit(*p); ++p) digits_value = digits_value * 10 + static_cast<unsigned>(*p - '0');
    return static_cast<size_t>(p - first);
  };
  const size_t digits = read_digits();
  size_t fraction = 0;
  if (p != end && *p == '.') {
    ++p;
    // Coordinates' decimals end the text: up to eight of them read at once, from its last eight bytes.
    const size_t rest = static_cast<size_t>(end - p);
    const std::optional<uint64_t> decimals =
        rest >= 1 && rest <= 8 && text.size() >= 8 ? trailing_digits(end - 8, rest) : std::nullopt;
    if (decimals) {
      digits_value = digits_value * kWholePowersOfTen[rest] + *decimals;
      fraction = rest, p = end;
    } else {
      fraction = read_digits();
    }
    if (fraction == 0) return parse_number(text);
  }
  if (digits == 0 || p != end || text.size() > 64) return parse_number(text);
  if (digits + fraction <= 15) {
    const double whole = static_cast<double>(digits_value);
    const double value = fraction == 0 ? whole : whole / kPowersOfTen[fraction];
    return negative ? -value : value;
  }
  double value = 0;
  auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || stop != text.data() + text.size()) return parse_number(text);
  return value;
}

// The fixed-point forms the event columns hold (events.hpp), read straight from the text where that
// gives what number() and the column's own narrowing of its double give: no division, no proof by
// dividing back. Anything else is nullopt, and the caller takes number() and the column's push_back.

// ScaledDegrees' units of 1e-7 degree for a plain decimal of at most three whole digits and at most
// seven decimals ("73.667743", "-5", "179.1234567"): the decimal is units / 1e7 exactly, so number()
// gives the double closest to it, which the column narrows to these units (rounding value * 1e7
// cannot move by half a unit at this size). The caller checks the range: up to +-999.9999999 degrees
// comes back. "-0..." is nullopt: its -0.0 has no narrow form.
inline constexpr size_t kScaledDegreeDecimals = 7;
inline constexpr int64_t kUnitsPerDegree = static_cast<int64_t>(kWholePowersOfTen[kScaledDegreeDecimals]);
static_assert(ScaledDegrees::kScale == kUnitsPerDegree, "the column's scale");
[[gnu::always_inline]] inline std::optional<int64_t> scaled_degrees(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  p += negative ? 1 : 0;
  int64_t whole = 0;
  const char* const whole_start = p;
  for (; p != end && is_digit(*p) && p - whole_start < 3; ++p) whole = whole * 10 + (*p - '0');
  if (p == whole_start) return std::nullopt;
  int64_t units = whole * kUnitsPerDegree;
  if (p != end) {
    if (*p != '.') return std::nullopt;  // a fourth whole digit, an exponent, a stray byte
    const size_t decimals = static_cast<size_t>(end - p - 1);
    if (decimals == 0 || decimals > kScaledDegreeDecimals) return std::nullopt;
    uint64_t decimal_value = 0;
    if (text.size() >= 8) {  // the decimals end the text: read from its last eight bytes, as number() does
      const std::optional<uint64_t> read = trailing_digits(end - 8, decimals);
      if (!read) return std::nullopt;
      decimal_value = *read;
    } else {
      for (const char* q = p + 1; q != end; ++q) {
        if (!is_digit(*q)) return std::nullopt;
        decimal_value = decimal_value * 10 + static_cast<unsigned>(*q - '0');
      }
    }
    units += static_cast<int64_t>(decimal_value * kWholePowersOfTen[kScaledDegreeDecimals - decimals]);
  }
  if (negative && units == 0) return std::nullopt;
  return negative ? -units : units;
}

// SmallFatalities' byte for a whole number of one to three digits below 255 ("0", "12", "007"): the
// number() value, stored as a float, that the column narrows to this byte. "-0", "255" and all else:
// nullopt.
[[gnu::always_inline]] inline std::optional<uint8_t> small_fatalities(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value >= SmallFatalities::kMissing) return std::nullopt;
  return static_cast<uint8_t>(value);
}

}  // namespace zila::row_fields
