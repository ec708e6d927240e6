// The data panel's preview: the columns, the first rows and the role the loader gives each column,
// the same as a load of the file uses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "core/io/event_loader.hpp"
#include "core/io/event_preview.hpp"

using namespace zila;

TEST_CASE("preview_events shows the first rows and the roles a load gives the columns") {
  EventOptions options;
  options.path = std::string(ZILA_SHARED_DIR) + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  const EventPreview preview = preview_events(options);
  REQUIRE(preview.columns.size() >= 30);
  CHECK(preview.columns[1] == "date");
  REQUIRE(preview.rows.size() == 10);
  CHECK(preview.rows[0][1] == "6/19/2004");
  CHECK(preview.rows[0][2] == "Wana");
  CHECK(preview.roles_problem.empty());
  const EventTable loaded = load_events(options);
  CHECK(preview.roles.date == loaded.columns.date);
  CHECK(preview.roles.place == loaded.columns.place);
  CHECK(preview.roles.lon == loaded.columns.lon);
  CHECK(column_role(preview.roles, "date") == "date");
  CHECK(column_role(preview.roles, "geo_lat") == "latitude");
  CHECK(column_role(preview.roles, "leader_names").empty());

  options.columns.place = "region";  // a choice overrides the detection
  CHECK(preview_events(options, 3).roles.place == "region");
  CHECK(preview_events(options, 3).rows.size() == 3);
}

TEST_CASE("preview_events names what it cannot read, and a table without a date column") {
  EventOptions options;
  options.path = std::string(ZILA_FIXTURES_DIR) + "/population.csv";
  const EventPreview preview = preview_events(options);
  CHECK_FALSE(preview.columns.empty());
  CHECK(preview.roles_problem.find("no date column") != std::string::npos);
  options.path = "PG:host=/nonexistent user=zila password=s3cret dbname=none";
  try {
    preview_events(options);
    FAIL("a missing server was read");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.find("s3cret") == std::string::npos);
    CHECK(message.find("password=***") != std::string::npos);
  }
}

TEST_CASE("preview_events of a workbook shows the sheet, header and columns the loader reads") {
  for (const char* name : {"events_workbook.xlsx", "events_workbook.ods"}) {
    CAPTURE(name);
    EventOptions options;
    options.path = std::string(ZILA_FIXTURES_DIR) + "/" + name;
    const EventPreview preview = preview_events(options);
    const EventTable loaded = load_events(options);
    REQUIRE(loaded.sources.size() == 1);
    // The events sheet, not the decoy before it, and its all-text first row as the header.
    CHECK(preview.layers == std::vector<std::string>{"Notes", "Attacks"});
    CHECK(preview.layer == loaded.sources[0].layer);
    const std::vector<LayerColumns> layers = list_event_layers(options.path);
    const auto shown = std::find_if(layers.begin(), layers.end(), [&](const LayerColumns& l) { return l.name == preview.layer; });
    REQUIRE(shown != layers.end());
    CHECK(preview.columns == shown->columns);
    REQUIRE(!preview.columns.empty());
    CHECK(preview.columns[0] == "Date");
    REQUIRE(preview.rows.size() >= loaded.rows_read);
    CHECK(preview.rows[0][0] == "2015-03-04");  // the first data row, not the header
    CHECK(preview.roles_problem.empty());
    CHECK(preview.roles.date == loaded.columns.date);
    CHECK(preview.roles.place == loaded.columns.place);
    CHECK(preview.roles.fatalities == loaded.columns.fatalities);
    CHECK(preview.roles.extra_places == loaded.columns.extra_places);
  }
}
