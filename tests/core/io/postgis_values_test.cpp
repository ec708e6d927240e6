// The value maps of the database push-down: distinct date, count and fatalities texts read by the file
// rules (no server needed; tests/postgis/postgis_test.sh compares whole cubes against a real one).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "core/io/postgis_values.hpp"

using namespace zila;

namespace {

// text -> the text that stands for it
std::map<std::string, std::string> representatives(const std::vector<std::string>& texts, Bin bin, EventOptions options = {}) {
  const std::vector<std::string> keys = date_representatives(texts, options, bin);
  REQUIRE(keys.size() == texts.size());
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < texts.size(); ++i) out[texts[i]] = keys[i];
  return out;
}

}  // namespace

TEST_CASE("dates of one period, precision and notes group under one text, rejected dates keep their own") {
  const auto month = representatives({"13/01/2019", "14/01/2019", "2019-01-20", "2019-01-21", "2019-02-01", "2019-01", "soon",
                                      "Total", "1850-01-01", "2019-02-31"},
                                     Bin::month);
  CHECK(month.at("14/01/2019") == "13/01/2019");  // both day-first evidence, January
  CHECK(month.at("2019-01-21") == "2019-01-20");  // ISO, January
  CHECK(month.at("2019-01-20") == "2019-01-20");  // no order evidence: not the D/M/Y texts' class
  CHECK(month.at("2019-02-01") == "2019-02-01");  // another month
  CHECK(month.at("2019-01") == "2019-01");        // known to the month only: another precision
  for (const char* rejected : {"soon", "Total", "1850-01-01", "2019-02-31"}) CHECK(month.at(rejected) == rejected);

  const auto day = representatives({"2019-01-20", "2019-01-21"}, Bin::day);
  CHECK(day.at("2019-01-21") == "2019-01-21");
  const auto year = representatives({"2019-01-20", "2019-12-21", "2020-01-01"}, Bin::year);
  CHECK(year.at("2019-12-21") == "2019-01-20");
  CHECK(year.at("2020-01-01") == "2020-01-01");
  const auto week = representatives({"2024-03-04", "2024-03-10", "2024-03-11"}, Bin::week);  // Monday .. Sunday, Monday
  CHECK(week.at("2024-03-10") == "2024-03-04");
  CHECK(week.at("2024-03-11") == "2024-03-11");
}

TEST_CASE("ambiguous dates are classed by the order the whole column settles") {
  // 13/01/2019 shows the column is D/M/Y: 2/1 and 3/1 are both January.
  const auto day_first = representatives({"13/01/2019", "2/1/2019", "3/1/2019"}, Bin::month);
  CHECK(day_first.at("3/1/2019") == "2/1/2019");
  CHECK(day_first.at("2/1/2019") != "13/01/2019");  // ambiguous texts are a class of their own (the note counts them)
  // 12/25/2019 shows M/D/Y: 2/1 is February, 3/1 March.
  const auto month_first = representatives({"12/25/2019", "2/1/2019", "3/1/2019"}, Bin::month);
  CHECK(month_first.at("3/1/2019") == "3/1/2019");
  // An explicit order reads them so without evidence.
  EventOptions options;
  options.date_order = DateOrder::day_first;
  const auto explicit_order = representatives({"2/1/2019", "3/1/2019", "1/2/2019"}, Bin::month, options);
  CHECK(explicit_order.at("3/1/2019") == "2/1/2019");
  CHECK(explicit_order.at("1/2/2019") == "1/2/2019");
}

TEST_CASE("a misspelt weekday is a class of its own, as its note is") {
  const auto month = representatives({"Monday, 14 January 2019", "Tuesday, 15 January 2019", "Thursay, 17 January 2019"}, Bin::month);
  CHECK(month.at("Tuesday, 15 January 2019") == "Monday, 14 January 2019");
  CHECK(month.at("Thursay, 17 January 2019") == "Thursay, 17 January 2019");
}

TEST_CASE("counts and fatalities are the values the row rules store") {
  const std::vector<std::optional<uint32_t>> counts = count_values({"", "  ", "1", " 3 ", "1.5", "-2", "lots"}, {});
  CHECK_FALSE(counts[0]);  // empty: counted as 1 with a note, so kept as it is
  CHECK_FALSE(counts[1]);
  CHECK(counts[2] == 1u);
  CHECK(counts[3] == 3u);
  CHECK_FALSE(counts[4]);  // bad counts: the row is rejected
  CHECK_FALSE(counts[5]);
  CHECK_FALSE(counts[6]);
  const std::vector<std::optional<float>> fatalities = fatality_values({"", "0.5", "n/a", "-1", "2", "0.1"}, {});
  CHECK_FALSE(fatalities[0]);
  CHECK(fatalities[1] == 0.5f);
  CHECK_FALSE(fatalities[2]);
  CHECK_FALSE(fatalities[3]);
  CHECK(fatalities[4] == 2.0f);
  CHECK(fatalities[5] == 0.1f);  // the float a file's row holds
  EventOptions late;             // values are read on a plausible date whatever the range
  late.first_year = 2030, late.last_year = 2031;
  CHECK(count_values({"4"}, late)[0] == 4u);
}

TEST_CASE("texts become a PostgreSQL array literal") {
  CHECK(pg_text_array({}) == "{}");
  CHECK(pg_text_array({"a", "b\"c", "d\\e", "", "NULL"}) == R"({"a","b\"c","d\\e","","NULL"})");
}

TEST_CASE("category texts of one category group together, unknown and actor-decided ones keep their own") {
  const std::vector<std::optional<std::string>> keys =
      category_representatives({"Protests", "Riots", "protests", "Battles", "something new", "", "Drone strike"}, {});
  REQUIRE(keys.size() == 7);
  REQUIRE(keys[0]);
  CHECK(*keys[0] == "Protests");
  CHECK(keys[1] == keys[0]);  // Riots and Protests: both 'other'
  CHECK(keys[2] == keys[0]);  // the same category, another spelling
  CHECK_FALSE(keys[3]);       // Battles: the actor may decide
  CHECK_FALSE(keys[4]);       // unknown: the note names it
  CHECK_FALSE(keys[5]);       // empty: the default category
  REQUIRE(keys[6]);
  CHECK(*keys[6] == "Drone strike");  // an operation: a class of its own
}
