#include <catch2/catch.hpp>

#include <cmath>

#include "core/dates.hpp"
#include "core/event_loader.hpp"

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
