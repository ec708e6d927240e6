// Event files as people publish them: dates in parts and their precision, workbooks with an all-text
// header and a decoy sheet, columns chosen by their content, the public layouts known by their headers,
// and the accounting of rows whose date is coarser than the bin. Fixtures: tests/fixtures (made by
// make_ingest_fixtures.py); real files: ../shared/events/real.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/io/dates.hpp"
#include "core/io/event_loader.hpp"
#include "core/io/event_rows.hpp"
#include "core/join/name_match.hpp"
#include "core/pipeline.hpp"
#include "core/report.hpp"

namespace {

std::string fixture(const std::string& name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }
const std::string kShared = ZILA_SHARED_DIR;

int32_t day_of(const char* iso) { return *zila::parse_date(iso, {}); }

zila::EventOptions events_at(const std::string& path) {
  zila::EventOptions o;
  o.path = path;
  return o;
}

// The fixture districts (districts.geojson) as the pipeline's matcher would resolve them.
zila::EventOptions with_fixture_districts(zila::EventOptions o) {
  auto matcher = std::make_shared<zila::NameMatcher>(std::vector<std::string>{"Alpha", "Bravo", "Dera Ismail Khan"},
                                                     std::vector<zila::AliasEntry>{});
  o.resolves_place = [matcher](std::string_view name) { return matcher->match(name).district >= 0; };
  return o;
}

zila::PipelineOptions fixture_run(const std::string& events, zila::Bin bin) {
  zila::PipelineOptions o;
  o.boundaries.path = fixture("districts.geojson");
  o.events.path = events;
  o.bin = bin;
  return o;
}

size_t count_precision(const zila::EventTable& t, zila::DatePrecision p) {
  return static_cast<size_t>(std::count(t.precision.begin(), t.precision.end(), p));
}

}  // namespace

TEST_CASE("Dates without a day or month have their precision", "[dates]") {
  zila::DateNotes notes;
  CHECK(zila::parse_date("2024-03", {}, &notes) == day_of("2024-03-01"));
  CHECK(notes.precision == zila::DatePrecision::month);
  notes = {};
  CHECK(zila::parse_date("March 2024", {}, &notes) == day_of("2024-03-01"));
  CHECK(notes.precision == zila::DatePrecision::month);
  notes = {};
  CHECK(zila::parse_date("2014", {}, &notes) == day_of("2014-01-01"));
  CHECK(notes.precision == zila::DatePrecision::year);
  notes = {};
  CHECK(zila::parse_date("2024-03-05", {}, &notes) == day_of("2024-03-05"));
  CHECK(notes.precision == zila::DatePrecision::day);
  notes = {};
  CHECK(zila::parse_date("03/2024", {zila::DateOrder::automatic, "%m/%Y"}, &notes) == day_of("2024-03-01"));
  CHECK(notes.precision == zila::DatePrecision::month);
  CHECK_FALSE(zila::parse_date("214", {}).has_value());  // no year of three digits
}

TEST_CASE("GTD's date in parts: day 0 is known to the month, month 0 to the year, impossible dates rejected", "[events]") {
  const zila::EventTable t = zila::load_events(events_at(fixture("events_gtd.csv")));
  CHECK(t.columns.date == "iyear");
  CHECK(t.columns.month == "imonth");
  CHECK(t.columns.day_of_month == "iday");
  CHECK(t.columns.place == "city");  // not the numeric `region` code
  CHECK(t.columns.fatalities == "nkill");
  REQUIRE(t.size() == 3);
  CHECK(t.day == zila::DayColumn{day_of("2014-03-05"), day_of("2014-04-01"), day_of("2014-01-01")});
  CHECK(t.precision == zila::PrecisionColumn{zila::DatePrecision::day, zila::DatePrecision::month,
                                                        zila::DatePrecision::year});
  REQUIRE(t.rejected.size() == 1);
  CHECK(t.rejected[0].row == 4);
  CHECK(t.rejected[0].reason == "bad date '2014-2-30' in columns 'iyear/imonth/iday'");

  // Named by the user, in either form; a missing part is an error naming it.
  zila::EventOptions named = events_at(fixture("events_gtd.csv"));
  named.columns.date = "iyear", named.columns.month = "imonth";
  const zila::EventTable month_only = zila::load_events(named);
  CHECK(month_only.size() == 4);  // without the day, 2014-02 is a month
  CHECK(count_precision(month_only, zila::DatePrecision::month) == 3);
  named.columns.day_of_month = "day_of_strike";
  CHECK_THROWS_WITH(zila::load_events(named), Catch::Contains("no column 'day_of_strike' for the day"));
}

TEST_CASE("Dates in parts or whole: year/month/day columns, a day column of whole dates, a year alone", "[events]") {
  auto table_of = [](const std::string& name, const std::string& text) {
    const std::string path = (std::filesystem::temp_directory_path() / ("zila_ingest_" + std::to_string(::getpid()) + name)).string();
    std::ofstream(path) << text;
    zila::EventTable t = zila::load_events(events_at(path));
    std::filesystem::remove(path);
    return t;
  };
  const zila::EventTable parts = table_of("parts.csv", "year,month,day,district\n2014,3,5,Alpha\n2014,4,0,Bravo\n");
  CHECK(parts.columns.day_of_month == "day");
  CHECK(parts.precision == zila::PrecisionColumn{zila::DatePrecision::day, zila::DatePrecision::month});
  const zila::EventTable monthly = table_of("monthly.csv", "District,Month,Year,Attacks\nAlpha,March,2015,4\nBravo,Sept,2015,1\n");
  CHECK(monthly.columns.month == "Month");
  CHECK(monthly.day == zila::DayColumn{day_of("2015-03-01"), day_of("2015-09-01")});
  CHECK(monthly.count == zila::CountColumn{4, 1});
  const zila::EventTable whole = table_of("whole.csv", "year,month,day,district\n2014,3,2014-03-05,Alpha\n");
  CHECK(whole.columns.date == "day");
  CHECK(whole.columns.month.empty());
  const zila::EventTable years = table_of("years.csv", "Year,District,Killed\n2009,Alpha,3\n2010,Bravo,1\n");
  CHECK(years.columns.date == "Year");
  CHECK(years.precision == zila::PrecisionColumn{zila::DatePrecision::year, zila::DatePrecision::year});
  CHECK(years.day[1] == day_of("2010-01-01"));
}

TEST_CASE("A precision column (ACLED's time_precision) makes dates coarser", "[events]") {
  const zila::EventTable t = zila::load_events(events_at(fixture("layouts/acled.csv")));
  CHECK(t.columns.precision == "time_precision");
  CHECK(t.precision == zila::PrecisionColumn{zila::DatePrecision::day, zila::DatePrecision::month});
  CHECK(zila::parse_precision("2") == zila::DatePrecision::week);
  CHECK(zila::parse_precision("Year") == zila::DatePrecision::year);
  CHECK_FALSE(zila::parse_precision("7").has_value());
}

TEST_CASE("A workbook: all-text header read as header, the events sheet chosen over a decoy, blank rows apart", "[events]") {
  const zila::EventTable t = zila::load_events(events_at(fixture("events_workbook.xlsx")));
  REQUIRE(t.sources.size() == 1);
  CHECK(t.sources[0].layer == "Attacks");
  CHECK(t.sources[0].detection.find("sheet 'Attacks' (of 2) over 'Notes'") != std::string::npos);
  CHECK(t.columns.date == "Date");
  CHECK(t.columns.fatalities == "Killed");
  CHECK(t.rows_read == 4);  // the header is no row, the five blank rows after the last are not read
  CHECK(t.blank_rows == 5);
  CHECK(t.sources[0].blank_rows == 5);
  CHECK(t.rejected.empty());
  CHECK(t.size() == 4);
  CHECK(count_precision(t, zila::DatePrecision::month) == 1);  // "2016-05"
  CHECK(t.lon.size() == 4);
  CHECK(std::isnan(t.lon[0]));  // no latitude column by name: coordinates unused

  // The column without a header, by position.
  zila::EventOptions by_position = events_at(fixture("events_workbook.xlsx"));
  by_position.columns.lat = "#4";
  by_position.columns.lon = "Longitude";
  const zila::EventTable placed = zila::load_events(by_position);
  CHECK(placed.lat[0] == Approx(33.2));
  CHECK(placed.lon[0] == Approx(70.2));
  by_position.columns.lat = "#40";
  CHECK_THROWS_WITH(zila::load_events(by_position), Catch::Contains("#1 to #6 by position"));

  // The decoy is read only when asked for, and then fails naming what it lacks.
  zila::EventOptions decoy = events_at(fixture("events_workbook.xlsx"));
  decoy.layer = "Notes";
  CHECK_THROWS_WITH(zila::load_events(decoy), Catch::Contains("no date column"));

  const std::vector<zila::LayerColumns> layers = zila::list_event_layers(fixture("events_workbook.xlsx"));
  REQUIRE(layers.size() == 2);
  CHECK(layers[0].name == "Notes");
  CHECK_FALSE(layers[0].looks_like_events);
  CHECK(layers[1].columns == std::vector<std::string>{"Date", "Tribal Agency", "Location", "Field4", "Longitude", "Killed"});
  CHECK(layers[1].chosen_because == "read by default");
}

TEST_CASE("An ODS workbook: the all-text header and the events sheet as in XLSX", "[events]") {
  const zila::EventTable t = zila::load_events(events_at(fixture("events_workbook.ods")));
  CHECK(t.sources[0].layer == "Attacks");
  CHECK(t.columns.date == "Date");
  CHECK(t.rows_read == 4);
  CHECK(t.rejected.empty());
}

TEST_CASE("Of two sheets alike in shape, the one whose places are districts is read", "[events]") {
  CHECK(zila::load_events(events_at(fixture("events_two_countries.xlsx"))).sources[0].layer == "India");  // a tie: the first
  const zila::EventTable t = zila::load_events(with_fixture_districts(events_at(fixture("events_two_countries.xlsx"))));
  CHECK(t.sources[0].layer == "Pakistan");
  CHECK(t.size() == 3);
}

TEST_CASE("Place columns are ranked by how many of their names are districts", "[events]") {
  // By name `City` comes first; its values are villages, `Place` holds the districts.
  const zila::EventTable by_name = zila::load_events(events_at(fixture("events_place_by_content.csv")));
  CHECK(by_name.columns.place == "City");
  const zila::EventTable by_content = zila::load_events(with_fixture_districts(events_at(fixture("events_place_by_content.csv"))));
  CHECK(by_content.columns.place == "Place");
  CHECK(by_content.sources[0].detection ==
        "place 'Place' (2 of 2 distinct names are districts) over 'City' (0 of 4 distinct names are districts)");

  // Village `Location` vs agency `Tribal Agency`; the numeric `Region` code is never a place.
  const zila::EventTable agencies = zila::load_events(with_fixture_districts(events_at(fixture("events_village_agency.csv"))));
  CHECK(agencies.columns.place == "Tribal Agency");
  CHECK(agencies.sources[0].detection.find("'Region'") == std::string::npos);
  const zila::EventTable no_matcher = zila::load_events(events_at(fixture("events_village_agency.csv")));
  CHECK(no_matcher.columns.place == "Tribal Agency");
}

TEST_CASE("A close call between place columns says so and names the flag", "[events]") {
  zila::EventOptions o = events_at(fixture("events_place_by_content.csv"));
  o.resolves_place = [](std::string_view) { return true; };  // both columns look equally good
  const zila::EventTable t = zila::load_events(o);
  CHECK(t.sources[0].detection.find("a close call, --district-column names the other") != std::string::npos);
}

TEST_CASE("Public layouts are recognised by their headers", "[events]") {
  struct Expected {
    const char* file;
    const char* date;
    const char* place;
    const char* fatalities;
    const char* lat;
  };
  for (const Expected& e : {Expected{"layouts/acled.csv", "event_date", "admin2", "fatalities", "latitude"},
                            Expected{"layouts/pbc_drone.csv", "Date", "City", "Total Died Mix", "Latitude"},
                            Expected{"layouts/tbij_drone.csv", "Date", "Area", "Maximum total people killed", ""},
                            Expected{"layouts/new_america_drone.csv", "date", "region", "total_avg", "geo_lat"}}) {
    INFO(e.file);
    const zila::EventTable t = zila::load_events(with_fixture_districts(events_at(fixture(e.file))));
    CHECK(t.columns.date == e.date);
    CHECK(t.columns.place == e.place);
    CHECK(t.columns.fatalities == e.fatalities);
    CHECK(t.columns.lat == e.lat);
    CHECK(t.rejected.empty());
    CHECK(t.size() == 2);
  }
}

TEST_CASE("Rows dated coarser than the bin are rejected by it, in the cube and in the accounting", "[events]") {
  CHECK(zila::bin_fits_precision(zila::Bin::month, zila::DatePrecision::month));
  CHECK_FALSE(zila::bin_fits_precision(zila::Bin::week, zila::DatePrecision::month));
  CHECK(zila::bin_fits_precision(zila::Bin::quarter, zila::DatePrecision::month));
  CHECK_FALSE(zila::bin_fits_precision(zila::Bin::quarter, zila::DatePrecision::year));
  CHECK_FALSE(zila::bin_fits_precision(zila::Bin::day, zila::DatePrecision::week));

  for (auto [bin, binned] : {std::pair{zila::Bin::day, 1.0}, std::pair{zila::Bin::month, 2.0}, std::pair{zila::Bin::year, 3.0}}) {
    INFO(zila::bin_name(bin));
    const zila::Dataset data = zila::run_pipeline(fixture_run(fixture("events_gtd.csv"), bin));
    double total = 0;
    for (double v : data.cube.values[static_cast<size_t>(zila::Metric::events)]) total += v;
    CHECK(total == binned);
    const nlohmann::json report = zila::join_report_json(data, fixture_run(fixture("events_gtd.csv"), bin));
    CHECK(report["accounted"] == true);
    CHECK(report["joined"] == binned);
    CHECK(report["rejected"] == 4 - binned);
    CHECK(report["date_precision"]["month"] == 1);
    CHECK(report["first_date"] == "2014-01-01");
    if (bin == zila::Bin::day) {
      CHECK(report["rejected_reasons"]["date known only to the month; bin is finer"] == 1);
      CHECK(report["rejected_reasons"]["date known only to the year; bin is finer"] == 1);
    }
    CHECK(zila::nothing_joined_reason(data).empty());
  }
}

TEST_CASE("A year column given as the date rejects everything by the bin, and says why", "[events]") {
  zila::PipelineOptions o = fixture_run(fixture("events_gtd.csv"), zila::Bin::month);
  o.events.columns.date = "iyear";
  const zila::Dataset data = zila::run_pipeline(o);
  const std::string reason = zila::nothing_joined_reason(data);
  CHECK(reason.find("all 4 rows rejected") != std::string::npos);
  CHECK(reason.find("--date-columns") != std::string::npos);
}

TEST_CASE("The real files: place columns by content, the summary names columns, runner-ups and dates", "[real][events]") {
  zila::PipelineOptions o;
  o.boundaries.path = kShared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.aliases_path = std::string(ZILA_GEODATA_DIR) + "/aliases.csv";
  o.events.path = kShared + "/events/real/pak_suicide_attacks_v11_2017-11-30.csv";
  zila::EventOptions drones;
  drones.path = kShared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  o.more_events.push_back(drones);
  const zila::Dataset data = zila::run_pipeline(o);
  REQUIRE(data.events.sources.size() == 2);
  CHECK(data.events.sources[0].columns.place == "City");
  CHECK(data.events.sources[0].detection.find("over 'Location'") != std::string::npos);
  CHECK(data.events.sources[1].columns.place == "region");
  CHECK(data.events.sources[1].detection.find("over 'village'") != std::string::npos);
  CHECK(count_precision(data.events, zila::DatePrecision::day) == data.events.size());
  const std::string summary = zila::join_summary(data);
  CHECK(summary.find("columns: date 'Date', place 'City', coordinates 'Longitude'/'Latitude'") != std::string::npos);
  CHECK(summary.find("dates 1995-11-19 to 2018-07-04; known 910 to the day") != std::string::npos);
  CHECK(zila::nothing_joined_reason(data).empty());
}
