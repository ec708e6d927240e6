#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/io/dates.hpp"
#include "core/io/event_loader.hpp"

using namespace std::string_literals;

namespace {

std::string fixture(const char* name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }

int32_t day_of(const char* iso) { return *zila::parse_date(iso, {}); }

bool has_warning(const zila::EventTable& t, const std::string& text) {
  for (const std::string& w : t.warnings) {
    if (w.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("A tricky CSV is read row by row with every rejected row explained", "[events]") {
  zila::EventOptions options;
  options.path = fixture("events_tricky.csv");
  zila::EventTable t = zila::load_events(options);

  CHECK(t.rows_read == 9);
  CHECK(t.columns.date == "date");
  CHECK(t.columns.place == "district");
  CHECK(t.columns.count == "events");
  CHECK(t.columns.fatalities == "killed");
  CHECK(t.columns.lat == "latitude");
  REQUIRE(t.size() == 6);
  REQUIRE(t.rejected.size() == 3);
  CHECK(t.rejected[0].row == 5);
  CHECK(t.rejected[0].reason == "bad date '2024-02-31' in column 'date'");
  CHECK(t.rejected[1].row == 7);
  CHECK(t.rejected[1].reason == "no place name and no coordinates");
  CHECK(t.rejected[2].row == 9);
  CHECK(t.rejected[2].reason == "totals row");

  CHECK(t.day[0] == day_of("2024-01-05"));
  CHECK(t.count[0] == 2);
  CHECK(t.fatalities[0] == 3.0f);
  CHECK(std::isnan(t.fatalities[1]));  // blank "killed"
  CHECK(t.category[1] == zila::Category::operation);
  CHECK(t.category[2] == zila::Category::incident);  // "attack"
  CHECK(t.category[3] == zila::Category::other);
  CHECK(t.count[3] == 1000);  // "1 000" with a no-break space
  CHECK(t.place_names[t.place[3]] == "Alph\xc3\xa1");  // Windows-1252 0xE1 read as á
  CHECK(has_warning(t, "1 row not valid UTF-8: read as Windows-1252"));
  CHECK(t.place[4] == zila::kNoPlace);
  CHECK(t.lat[4] == 71.5);  // swapped in the file; the join detects it against the polygons
  std::vector<uint64_t> rows;
  for (size_t i = 0; i < t.size(); ++i) rows.push_back(t.source_row(i));
  CHECK(rows == std::vector<uint64_t>{1, 2, 3, 4, 6, 8});
}

TEST_CASE("CR-only line endings and day-first dates decided by the file's unambiguous rows", "[events]") {
  zila::EventOptions options;
  options.path = fixture("events_cr_day_first.csv");
  zila::EventTable t = zila::load_events(options);
  REQUIRE(t.size() == 2);
  CHECK(t.day[0] == day_of("2024-04-03"));
  CHECK(t.day[1] == day_of("2024-04-13"));
  CHECK(t.count[1] == 2);
  CHECK(has_warning(t, "1 ambiguous dates read as D/M/Y"));
}

TEST_CASE("An explicit date order and column choices override detection", "[events]") {
  zila::EventOptions options;
  options.path = fixture("events_cr_day_first.csv");
  options.date_order = zila::DateOrder::month_first;
  zila::EventTable t = zila::load_events(options);
  CHECK(t.size() == 1);  // 13/4/2024 is no valid M/D/Y date
  CHECK(t.rejected.at(0).reason == "bad date '13/4/2024' in column 'date'");

  options.columns.place = "nope";
  CHECK_THROWS_WITH(zila::load_events(options), Catch::Contains("no column 'nope'") && Catch::Contains("district"));
}

TEST_CASE("Category values map through the built-in table, the user's map and 'other' with a warning", "[events]") {
  zila::EventOptions options;
  options.path = fixture("events_tricky.csv");
  options.category_map["attack"] = zila::Category::operation;
  zila::EventTable t = zila::load_events(options);
  CHECK(t.category[2] == zila::Category::operation);
}

TEST_CASE("An ACLED-style XLSX sheet: typed dates, ACLED column names, state-force battles as operations",
          "[events]") {
  zila::EventOptions options;
  options.path = fixture("events_acled.xlsx");  // written by `ogr2ogr -f XLSX` from a 3-row CSV
  zila::EventTable t = zila::load_events(options);
  CHECK(t.columns.date == "event_date");
  CHECK(t.columns.place == "admin2");
  CHECK(t.columns.category == "event_type");
  CHECK(t.columns.fatalities == "fatalities");
  REQUIRE(t.size() == 3);
  CHECK(t.day[0] == day_of("2024-03-05"));
  CHECK(t.category[0] == zila::Category::operation);  // Battles, inter1 = 1 (state forces)
  CHECK(t.category[1] == zila::Category::incident);   // Battles, inter1 = 2 (rebels)
  CHECK(t.category[2] == zila::Category::operation);  // Explosions/Remote violence by state forces
  CHECK(t.fatalities[0] == 2.0f);
  CHECK(t.place_names[t.place[2]] == "D.I. Khan");
}

namespace {

std::string write_temp(const std::string& name, const std::string& bytes) {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/zila-events-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
  return dir + "/" + name;
}

// Naming the layer sends a .csv through GDAL; without it the fast CSV reader takes it.
zila::EventTable load_csv(const std::string& path, bool through_gdal, const std::string& place_column = "") {
  zila::EventOptions options;
  options.path = path;
  if (through_gdal) options.layer = std::filesystem::path(path).stem().string();
  options.columns.place = place_column;
  return zila::load_events(options);
}

const std::string kNoBreakDate = "15\xC2\xA0" "February\xC2\xA0" "2024";  // 18 bytes, valid, not ASCII

}  // namespace

// Regression (issue 9): the rejection reason was formatted from a buffer freed by the empty-row
// check, for any non-ASCII date longer than a short string's 15 bytes.
TEST_CASE("Non-ASCII dates longer than 15 bytes are rejected with their own text on every path", "[events]") {
  const std::string csv = "date,district,events\n"
                          "15 f\xC3\xA9vrier 2024,Peshawar,1\n"
                          "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4-\xD9\xA0\xD9\xA1-\xD9\xA1\xD9\xA5,Quetta,2\n" +
                          kNoBreakDate + ",Swat,3\n"
                          "\xFF\xFE\x80 2024 \xC3\x28 random bytes,Bannu,4\n";
  const std::string path = write_temp("nonascii_dates.csv", csv);
  for (bool through_gdal : {false, true}) {
    INFO((through_gdal ? "GDAL" : "fast CSV reader"));
    zila::EventTable t = load_csv(path, through_gdal);
    REQUIRE(t.rejected.size() == 3);
    CHECK(t.rejected[0].reason == "bad date '15 f\xC3\xA9vrier 2024' in column 'date'");
    CHECK(t.rejected[1].reason ==
          "bad date '\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4-\xD9\xA0\xD9\xA1-\xD9\xA1\xD9\xA5' in column 'date'");
    // Invalid UTF-8 read as Windows-1252: FF -> ÿ, FE -> þ, 80 -> €, C3 -> Ã.
    CHECK(t.rejected[2].reason ==
          "bad date '\xC3\xBF\xC3\xBE\xE2\x82\xAC 2024 \xC3\x83( random bytes' in column 'date'");
    REQUIRE(t.size() == 1);
    CHECK(t.day[0] == day_of("2024-02-15"));
  }

  zila::EventOptions options;
  options.path = fixture("events_nonascii_dates.xlsx");  // `ogr2ogr -f XLSX` of the first three rows and 2024-01-16
  zila::EventTable xlsx = zila::load_events(options);
  REQUIRE(xlsx.rejected.size() == 2);
  CHECK(xlsx.rejected[0].reason == "bad date '15 f\xC3\xA9vrier 2024' in column 'date'");
  CHECK(xlsx.rejected[1].reason ==
        "bad date '\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4-\xD9\xA0\xD9\xA1-\xD9\xA1\xD9\xA5' in column 'date'");
  REQUIRE(xlsx.size() == 2);
  CHECK(xlsx.day[0] == day_of("2024-02-15"));
  CHECK(xlsx.day[1] == day_of("2024-01-16"));
}

// Regression (issue 9): reading the place from the date column converted the field a second time,
// freeing the text the date was then parsed from.
TEST_CASE("A place column that is also the date column reads both from the same text", "[events]") {
  const std::string path = write_temp("place_is_date.csv", "date,district\n" + kNoBreakDate +
                                                               ",Swat\n15 f\xC3\xA9vrier 2024,Quetta\n2024-01-16,Bannu\n");
  for (bool through_gdal : {false, true}) {
    INFO((through_gdal ? "GDAL" : "fast CSV reader"));
    zila::EventTable t = load_csv(path, through_gdal, "date");
    REQUIRE(t.size() == 2);
    CHECK(t.day[0] == day_of("2024-02-15"));
    CHECK(t.place_names[t.place[0]] == kNoBreakDate);
    CHECK(t.place_names[t.place[1]] == "2024-01-16");
    REQUIRE(t.rejected.size() == 1);
    CHECK(t.rejected[0].reason == "bad date '15 f\xC3\xA9vrier 2024' in column 'date'");
  }
}

// Regression (issue 9): years 0 and 9999 were accepted and stretched the cube to 120,000 months.
TEST_CASE("Dates outside the plausible years are rejected with their own reason, the window widens", "[events]") {
  const int next_year = zila::current_year() + 1;
  const std::string path = write_temp("implausible_dates.csv", "date,district\n0000-01-01,Swat\n0224-03-05,Swat\n"
                                                               "9999-12-31,Swat\n1899-12-31,Swat\n1900-01-01,Swat\n" +
                                                               std::to_string(next_year) + "-12-31,Swat\n" +
                                                               std::to_string(next_year + 1) + "-01-01,Swat\n");
  const std::string window = "outside 1900-" + std::to_string(next_year) + " in column 'date' (--date-range widens it)";
  for (bool through_gdal : {false, true}) {
    INFO((through_gdal ? "GDAL" : "fast CSV reader"));
    zila::EventTable t = load_csv(path, through_gdal);
    REQUIRE(t.rejected.size() == 5);
    CHECK(t.rejected[0].reason == "date '0000-01-01' " + window);
    CHECK(t.rejected[1].reason == "date '0224-03-05' " + window);
    CHECK(t.rejected[2].reason == "date '9999-12-31' " + window);
    CHECK(t.rejected[3].reason == "date '1899-12-31' " + window);
    CHECK(t.rejected[4].row == 7);
    REQUIRE(t.size() == 2);
    CHECK(t.day[0] == day_of("1900-01-01"));
  }
  zila::EventOptions wide;
  wide.path = path;
  wide.first_year = 200;
  wide.last_year = 9999;
  zila::EventTable t = zila::load_events(wide);
  REQUIRE(t.rejected.size() == 1);
  CHECK(t.rejected[0].reason == "date '0000-01-01' outside 200-9999 in column 'date' (--date-range widens it)");
  CHECK(t.size() == 6);

  wide.first_year = 2030, wide.last_year = 2020;
  CHECK_THROWS_WITH(zila::load_events(wide), Catch::Contains("first year is after the last"));
}

TEST_CASE("An explicit date format the parser cannot use is refused before any row is read", "[events]") {
  CHECK(zila::date_format_problem("%d.%m.%Y").empty());
  CHECK(zila::date_format_problem("%Y-%m").empty());
  CHECK(zila::date_format_problem("%Q") == "unknown conversion '%Q' in '%Q'");
  CHECK(zila::date_format_problem("%d.%m") == "'%d.%m' has no year (%Y, %y or %F)");
  CHECK(zila::date_format_problem("%Y %d") == "'%Y %d' has no month (%m, %b or %B)");
  CHECK(zila::date_format_problem("%Y-%m-%") == "'%Y-%m-%' ends in an unfinished conversion");
  zila::EventOptions options;
  options.path = fixture("events_tricky.csv");
  options.date_format = "%Q";
  CHECK_THROWS_WITH(zila::load_events(options), "date format: unknown conversion '%Q' in '%Q'");
}

// Regression (issue 9): 1e39 fatalities became infinity; a 50 MB category value was echoed whole.
TEST_CASE("Values beyond a float and huge cells are handled, and messages show only their start", "[events]") {
  const std::string huge(50u << 20, 'x'), long_text(1u << 20, 'x');
  std::string csv = "date,district,category,killed,events\n"
                    "2024-01-01,Swat,incident,1e39,1\n"
                    "2024-01-02,Swat," + huge + ",1,1\n"
                    "2024-01-03,Swat,incident,1," + long_text + "\n"
                    "2024-01-04 " + long_text + ",Swat,incident,1,1\n";
  for (int i = 0; i < 30; ++i) csv += "2024-01-05,Swat,yet another kind " + std::to_string(i) + ",1,1\n";
  zila::EventTable t = load_csv(write_temp("huge_values.csv", csv), false);
  REQUIRE(t.size() == 32);
  CHECK(std::isnan(t.fatalities[0]));
  CHECK(has_warning(t, "1 row with an unreadable 'killed' (fatalities left unknown)"));
  const std::string shown = std::string(80, 'x') + "\xE2\x80\xA6[+52428720 bytes]";
  CHECK(has_warning(t, "'" + shown + "' (1)"));
  CHECK(has_warning(t, " and 11 more"));
  REQUIRE(t.rejected.size() == 2);
  CHECK(t.rejected[0].reason == "bad count '" + std::string(80, 'x') + "\xE2\x80\xA6[+1048496 bytes]' in column 'events'");
  CHECK(t.rejected[1].reason.size() < 200);
  for (const std::string& warning : t.warnings) CHECK(warning.size() < 2000);
}

// Regression (issue 9): an unterminated quote swallowed the rest of the file, and its rows vanished
// from "rows read"; a NUL byte cut a row silently.
TEST_CASE("A quote that never closes and NUL bytes are rejected row by row, on both paths", "[events]") {
  const std::string csv = "date,district,note\n"
                          "2024-01-01,Swat,fine\n"
                          "2024-01-02,Bannu,a\0b,c\n"s
                          "2024-01-03,Kohat,\"opens here\n"
                          "2024-01-04,Dir,x\n"
                          "\n"
                          "2024-01-05,Chitral,y\n";
  const std::string path = write_temp("unclosed_quote.csv", csv);
  for (bool through_gdal : {false, true}) {
    INFO((through_gdal ? "GDAL" : "fast CSV reader"));
    zila::EventTable t = load_csv(path, through_gdal);
    CHECK(t.rows_read == 5);  // every non-empty line after the header
    REQUIRE(t.size() == 1);
    CHECK(t.place_names[t.place[0]] == "Swat");
    REQUIRE(t.rejected.size() == 4);
    CHECK(t.rejected[0].row == 2);
    CHECK(t.rejected[0].reason == "a NUL byte in the row (line 3): not text, and the rest of its line is lost");
    CHECK(t.rejected[1].row == 3);
    CHECK(t.rejected[1].reason == "a quote opened in this row (line 4) never closes: the 3 lines after it are read into it");
    CHECK(t.rejected[2].row == 4);
    CHECK(t.rejected[2].reason == "swallowed by the quote opened in row 3 (line 4), which never closes");
    CHECK(t.rejected[3].row == 5);
    CHECK(has_warning(t, "row 3 (line 4) opens a quote that never closes: the 3 lines after it (2 rows) are rejected"));
  }
}

TEST_CASE("Rows whose weekday name is misspelt or wrong are read by their numbers and counted", "[events]") {
  const std::string path = write_temp("weekdays.csv", "Date,City\nThursay-Aug 27-2015,Quetta\nMonday-November 6-2000,Karachi\n"
                                                      "Monday-November 7-2000,Karachi\nThirsty-Aug 27-2015,Quetta\n");
  for (bool through_gdal : {false, true}) {
    zila::EventTable t = load_csv(path, through_gdal);
    REQUIRE(t.size() == 3);
    CHECK(t.day[0] == day_of("2015-08-27"));
    CHECK(t.day[2] == day_of("2000-11-07"));
    CHECK(has_warning(t, "2 rows with a misspelt weekday or one that is not the date's (the date's numbers were used)"));
    REQUIRE(t.rejected.size() == 1);
    CHECK(t.rejected[0].reason == "bad date 'Thirsty-Aug 27-2015' in column 'Date'");
  }
}
