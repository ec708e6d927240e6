#include <catch2/catch.hpp>
#include <date/date.h>

#include <string>
#include <vector>

#include "core/io/dates.hpp"

using zila::DateOptions;
using zila::DateOrder;
using zila::parse_date;

namespace {
// The expected value, computed by the date library rather than by the parser under test.
std::optional<int32_t> days(int y, unsigned m, unsigned d) {
  return static_cast<int32_t>(date::sys_days{date::year{y} / m / d}.time_since_epoch().count());
}

std::optional<int32_t> parse(std::string_view text, DateOrder order = DateOrder::automatic) {
  DateOptions options;
  options.order = order;
  return parse_date(text, options);
}

std::optional<int32_t> parse_with_format(std::string_view text, std::string format) {
  DateOptions options;
  options.format = std::move(format);
  return parse_date(text, options);
}
}  // namespace

TEST_CASE("Days are counted from 1970-01-01") {
  CHECK(parse("1970-01-01") == 0);
  CHECK(parse("1970-01-02") == 1);
  CHECK(parse("1969-12-31") == -1);
}

TEST_CASE("ISO dates parse with or without a time of day") {
  CHECK(parse("2024-03-05") == days(2024, 3, 5));
  CHECK(parse("2024/3/5") == days(2024, 3, 5));
  CHECK(parse("2024-03-05T10:00:00") == days(2024, 3, 5));
  CHECK(parse("2024-03-05T10:00:00Z") == days(2024, 3, 5));
  CHECK(parse("2024-03-05 23:59:59.123+05:00") == days(2024, 3, 5));
  CHECK(parse("  2024-03-05\t") == days(2024, 3, 5));
}

TEST_CASE("Compact ISO dates parse as year, month, day") {
  CHECK(parse("20240305") == days(2024, 3, 5));
  CHECK(parse("20240305T101500") == days(2024, 3, 5));
  CHECK_FALSE(parse("20241305"));
  CHECK_FALSE(parse("240305"));
}

TEST_CASE("ISO dates stay year-month-day whatever the file's order") {
  CHECK(parse("2024-03-05", DateOrder::day_first) == days(2024, 3, 5));
  CHECK(parse("2024-03-05", DateOrder::month_first) == days(2024, 3, 5));
}

TEST_CASE("Numeric dates honour an explicit day/month order") {
  CHECK(parse("3/4/2019", DateOrder::month_first) == days(2019, 3, 4));
  CHECK(parse("3/4/2019", DateOrder::day_first) == days(2019, 4, 3));
  CHECK(parse("03-04-2019", DateOrder::day_first) == days(2019, 4, 3));
  CHECK(parse("03.04.2019", DateOrder::day_first) == days(2019, 4, 3));
  CHECK_FALSE(parse("19/6/2004", DateOrder::month_first));
  CHECK_FALSE(parse("6/19/2004", DateOrder::day_first));
}

TEST_CASE("Automatic order reads a first field above 12 as the day and ambiguous dates month-first") {
  CHECK(parse("6/19/2004") == days(2004, 6, 19));
  CHECK(parse("19/6/2004") == days(2004, 6, 19));
  CHECK(parse("3/4/2019") == days(2019, 3, 4));
  CHECK(parse("5/8/2005 14:30") == days(2005, 5, 8));
  CHECK(parse("6/19/2004 2:30 PM") == days(2004, 6, 19));
}

TEST_CASE("Two-digit years pivot at 70") {
  CHECK(parse("6/19/04") == days(2004, 6, 19));
  CHECK(parse("6/19/69") == days(2069, 6, 19));
  CHECK(parse("6/19/70") == days(1970, 6, 19));
  CHECK(parse("6/19/99") == days(1999, 6, 19));
  CHECK(parse("05-Mar-24") == days(2024, 3, 5));
}

TEST_CASE("Month names and abbreviations are read in any position") {
  CHECK(parse("05 March 2024") == days(2024, 3, 5));
  CHECK(parse("5 march 2024") == days(2024, 3, 5));
  CHECK(parse("March 5, 2024") == days(2024, 3, 5));
  CHECK(parse("Mar. 5, 2024") == days(2024, 3, 5));
  CHECK(parse("2024 March 5") == days(2024, 3, 5));
  CHECK(parse("5-MAR-2024") == days(2024, 3, 5));
  CHECK(parse("Sept 9, 2001") == days(2001, 9, 9));
  CHECK(parse("12 Sep 2001") == days(2001, 9, 12));
  CHECK(parse("1 May 2010") == days(2010, 5, 1));
}

TEST_CASE("Month names ignore the numeric day/month order") {
  CHECK(parse("05 March 2024", DateOrder::month_first) == days(2024, 3, 5));
  CHECK(parse("March 5, 2024", DateOrder::day_first) == days(2024, 3, 5));
}

TEST_CASE("Ordinal days parse, with or without 'of'") {
  CHECK(parse("5th March 2024") == days(2024, 3, 5));
  CHECK(parse("1st of May, 2010") == days(2010, 5, 1));
  CHECK(parse("March 22nd, 2011") == days(2011, 3, 22));
  CHECK(parse("23rd Feb 2012") == days(2012, 2, 23));
}

TEST_CASE("Weekday prefixes are skipped") {
  CHECK(parse("Sunday-November 19-1995") == days(1995, 11, 19));
  CHECK(parse("Tue, 5 Mar 2024") == days(2024, 3, 5));
  CHECK(parse("Tue, 5 Mar 2024 10:00:00 +0500") == days(2024, 3, 5));
  CHECK(parse("Thurs 7/4/2019", DateOrder::month_first) == days(2019, 7, 4));
}

TEST_CASE("A bare year and month means the first day of that month") {
  CHECK(parse("2024-03") == days(2024, 3, 1));
  CHECK(parse("March 2024") == days(2024, 3, 1));
  CHECK(parse("Mar-2024") == days(2024, 3, 1));
  CHECK(parse("03/2024") == days(2024, 3, 1));
  CHECK_FALSE(parse("2024-13"));
}

TEST_CASE("Invalid calendar dates are rejected") {
  CHECK_FALSE(parse("2019-02-30"));
  CHECK_FALSE(parse("2019-02-29"));
  CHECK(parse("2020-02-29") == days(2020, 2, 29));
  CHECK_FALSE(parse("31/04/2020"));
  CHECK_FALSE(parse("2024-00-10"));
  CHECK_FALSE(parse("2024-01-00"));
  CHECK_FALSE(parse("32 March 2024"));
  CHECK_FALSE(parse("13/13/2020"));
}

TEST_CASE("Text that is not a date is rejected") {
  CHECK_FALSE(parse(""));
  CHECK_FALSE(parse("   "));
  CHECK_FALSE(parse("n/a"));
  CHECK_FALSE(parse("unknown"));
  CHECK_FALSE(parse("24"));  // "2024" alone is a year (ingest_test: 1 January, known to the year)
  CHECK_FALSE(parse("March 5"));
  CHECK_FALSE(parse("March"));
  CHECK_FALSE(parse("5 March 2024 or so"));
  CHECK_FALSE(parse("March April 2024"));
  CHECK_FALSE(parse("1/2/3/2024"));
  CHECK_FALSE(parse("2024-03-05x"));
  CHECK_FALSE(parse("43525"));  // a spreadsheet serial number, not a date text
  CHECK_FALSE(parse("123/4/2024"));
  CHECK_FALSE(parse("2024-03-05-07"));
}

TEST_CASE("An explicit format is the only one tried") {
  CHECK(parse_with_format("05.03.2024", "%d.%m.%Y") == days(2024, 3, 5));
  CHECK(parse_with_format(" 05.03.2024 ", "%d.%m.%Y") == days(2024, 3, 5));
  CHECK(parse_with_format("2024-03-05 10:30", "%Y-%m-%d %H:%M") == days(2024, 3, 5));
  CHECK(parse_with_format("5 March 2024", "%d %B %Y") == days(2024, 3, 5));
  CHECK_FALSE(parse_with_format("2024-03-05", "%d.%m.%Y"));
  CHECK_FALSE(parse_with_format("30.02.2019", "%d.%m.%Y"));
  CHECK_FALSE(parse_with_format("00.03.2024", "%d.%m.%Y"));
  CHECK_FALSE(parse_with_format("05.03.2024 extra", "%d.%m.%Y"));
}

TEST_CASE("An explicit format without a day gives the first of the month") {
  CHECK(parse_with_format("2024-03", "%Y-%m") == days(2024, 3, 1));
  CHECK(parse_with_format("March 2024", "%B %Y") == days(2024, 3, 1));
  CHECK(parse_with_format("100% of 2024-03", "100%% of %Y-%m") == days(2024, 3, 1));
  CHECK_FALSE(parse_with_format("2024-13", "%Y-%m"));
}

TEST_CASE("Date order is inferred from fields that cannot be a month") {
  using Samples = std::vector<std::string>;
  CHECK(zila::infer_date_order(Samples{"6/19/2004", "5/8/2005"}) == DateOrder::month_first);
  CHECK(zila::infer_date_order(Samples{"19/6/2004", "5/8/2005"}) == DateOrder::day_first);
  CHECK(zila::infer_date_order(Samples{"3/4/2019", "5/8/2005"}) == DateOrder::automatic);
  CHECK(zila::infer_date_order(Samples{"19/6/2004", "6/19/2004"}) == DateOrder::automatic);
  CHECK(zila::infer_date_order(Samples{"2024-03-25", "19 March 2024", "n/a", "20.01.24"}) ==
        DateOrder::day_first);
  CHECK(zila::infer_date_order(Samples{}) == DateOrder::automatic);
}

TEST_CASE("Dates format as ISO and parse back to the same day") {
  CHECK(zila::format_iso_date(0) == "1970-01-01");
  CHECK(zila::format_iso_date(*days(2024, 3, 5)) == "2024-03-05");
  CHECK(zila::format_iso_date(*days(1899, 12, 31)) == "1899-12-31");
  for (int32_t day = *days(1995, 1, 1); day <= *days(2026, 1, 1); day += 37) {
    CHECK(parse(zila::format_iso_date(day)) == day);
  }
}

// Issue 12: "Thursay-Aug 27-2015" in the suicide-attack table was rejected although its date is clear.
TEST_CASE("A misspelt or wrong weekday name is noted, not a reason to reject the date") {
  zila::DateNotes notes;
  CHECK(parse_date("Thursay-Aug 27-2015", {}, &notes) == days(2015, 8, 27));
  CHECK(notes.weekday_misspelt);
  CHECK_FALSE(notes.weekday_wrong);  // 2015-08-27 was a Thursday

  notes = {};
  CHECK(parse_date("Monday, 5 March 2024", {}, &notes) == days(2024, 3, 5));  // a Tuesday
  CHECK_FALSE(notes.weekday_misspelt);
  CHECK(notes.weekday_wrong);

  notes = {};
  CHECK(parse_date("Wendesday 6 March 2024", {}, &notes) == days(2024, 3, 6));  // two letters swapped
  CHECK(notes.weekday_misspelt);
  CHECK_FALSE(notes.weekday_wrong);
  notes = {};
  CHECK(parse_date("Tue, 5 Mar 2024", {}, &notes) == days(2024, 3, 5));
  CHECK_FALSE(notes.weekday_misspelt);
  CHECK_FALSE(notes.weekday_wrong);

  // Words further from any weekday still make the text no date.
  CHECK_FALSE(parse("Monkey 5 March 2024"));
  CHECK_FALSE(parse("Thirsty-Aug 27-2015"));
  CHECK_FALSE(parse("Fri-day 5 March 2024"));
}

TEST_CASE("A format's time of day after the date is not read: truncated times cannot upset the parser") {
  // Found by fuzz_dates: date.h read the missing seconds of "10:2" as NaN (undefined behaviour).
  CHECK(parse_with_format("2024-03-05 10:2", "%F %T") == days(2024, 3, 5));
  CHECK(parse_with_format("2024-03-05 10:20:30", "%F %T") == days(2024, 3, 5));
  CHECK(parse_with_format("05.03.2024 7:05", "%d.%m.%Y %H:%M") == days(2024, 3, 5));
  CHECK_FALSE(parse_with_format("05.03.2024x", "%d.%m.%Y").has_value());  // without a time, nothing may follow
}

TEST_CASE("An explicit format takes years of one to four digits only") {
  // Found by fuzz_dates: "%B %Y" read "Mar -2223", a date no other reader (nor the ISO output) takes.
  CHECK_FALSE(parse_with_format("Mar -2223", "%B %Y").has_value());
  CHECK(parse_with_format("Mar 2023", "%B %Y") == days(2023, 3, 1));
}

