// The window's long work under Xvfb: its start-up load, the scan and a Refresh run in the background while frames go on.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "ui/logic/refresh_job.hpp"
#include "ui/shell/map_app.hpp"
#include "window_fixture.hpp"

using namespace zila;
using namespace zila::ui;
using namespace zila::ui::window_fixture;

namespace {

// Frames until `done` holds: the work runs in the background, so the loop polls rather than times it.
template <typename Done>
int frames_until(MapApp& app, Done done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);  // a loaded 2-core machine
  int frames = 0;
  while (!done() && std::chrono::steady_clock::now() < give_up) {
    REQUIRE(app.frame());
    ++frames;
  }
  return frames;
}

}  // namespace

TEST_CASE("The scan runs in the background: the frame returns at once, the map keeps its state, the clusters arrive") {
  MapApp app(window_options());
  REQUIRE(app.load_now());
  sf::Mouse::setPosition({5, 5}, app.window());
  AppState& s = app.state();
  REQUIRE(s.has_weights());
  app.frame();
  const std::string values_title = s.frame.title;
  const std::vector<Rgb> values_colors = s.frame.district_colors;

  s.mode = MapMode::scan;
  REQUIRE(app.frame());  // back in the frame loop with the scan started, not computed
  CHECK_FALSE(s.scan.computed);
  CHECK(s.analysis_work.busy);
  CHECK(s.analysis_work.what == "Space-time scan");
  CHECK(s.frame.title == values_title);  // the previous map until the result arrives
  CHECK(s.frame.district_colors == values_colors);
  frames_until(app, [&] { return s.scan.computed; });
  REQUIRE(s.scan.computed);
  CHECK_FALSE(s.analysis_work.busy);
  CHECK(s.analysis_error.empty());
  CHECK(s.frame.title != values_title);  // the scan's map now
  CHECK(s.frame.district_colors.size() == s.data()->boundaries.size());

  // New settings drop the result and start again; Cancel stops it and it is not started again by itself.
  s.analysis.permutations = 199;
  s.requests.cancel_analysis = true;  // handled after this frame started the new scan
  app.frame();
  CHECK_FALSE(s.scan.computed);
  frames_until(app, [&] { return !s.analysis_work.busy; });
  CHECK_FALSE(s.scan.computed);
  CHECK(s.analysis_error.find("cancelled") != std::string::npos);
  app.frame();
  app.frame();
  CHECK_FALSE(s.analysis_work.busy);
  // Choosing the mode again computes it.
  s.mode = MapMode::values;
  app.frame();
  s.mode = MapMode::scan;
  app.frame();
  CHECK(s.analysis_work.busy);
  frames_until(app, [&] { return s.scan.computed; });
  CHECK(s.scan.computed);
}

TEST_CASE("Refresh re-joins in the background: the map keeps its data until the new cube arrives; a failure is a message") {
  MapApp app(window_options());
  REQUIRE(app.load_now());
  sf::Mouse::setPosition({5, 5}, app.window());
  AppState& s = app.state();
  timeline_step(s.timeline, static_cast<int>(period_labelled(*s.data(), "2024-11")), s.values->has_data);
  app.frame();
  REQUIRE(s.frame.when == "November 2024");
  const uint64_t rows = s.data()->join.rows_read;

  // The database dialog's Refresh raises this; with a file source the same job re-joins the file.
  s.options.bin = Bin::quarter;
  s.requests.refresh = true;
  app.frame();  // starts the job after drawing
  CHECK(s.data()->cube.bin == Bin::month);  // the shown data is untouched while the job runs
  frames_until(app, [&] { return s.data()->cube.bin == Bin::quarter; });
  REQUIRE(s.data()->cube.bin == Bin::quarter);
  app.frame();
  CHECK(s.frame.when == "Q4 2024");  // on the same date
  CHECK(s.data()->join.rows_read == rows);
  CHECK(s.load_error.empty());
  CHECK_FALSE(s.refresh_work.busy);

  s.options.aliases_path = (scratch_dir("zila_refresh") / "missing_aliases.csv").string();
  s.requests.refresh = true;
  app.frame();
  frames_until(app, [&] { return !s.load_error.empty(); });
  CHECK(s.load_error.starts_with("Refresh failed"));
  CHECK(s.load_error.find("missing_aliases.csv") != std::string::npos);
  CHECK(s.data()->cube.bin == Bin::quarter);  // the data shown before stays
}

namespace {

// A command's standard output (the connection string pg_cluster.sh prints), empty when it failed.
std::string output_of(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    if (::pclose(pipe) != 0) return {};
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("Refresh against a real PostGIS: new rows in the table reach the map in the background") {
  const std::filesystem::path cluster_script =
      std::filesystem::path(ZILA_GEODATA_DIR).parent_path() / "tests" / "postgis" / "pg_cluster.sh";
  const std::filesystem::path dir = scratch_dir("zila_window_pg");
  const std::string connection = output_of(fmt::format("bash '{}' start '{}' 2>&1", cluster_script.string(), dir.string()));
  if (connection.rfind("host=", 0) != 0) {
    WARN("SKIPPED: no PostgreSQL/PostGIS server to start (scripts/setup.sh installs postgresql-15-postgis-3): " << connection);
    output_of(fmt::format("bash '{}' stop '{}'", cluster_script.string(), dir.string()));
    return;
  }
  struct StopCluster {
    std::string command;
    ~StopCluster() { output_of(command); }
  } stop{fmt::format("bash '{}' stop '{}'", cluster_script.string(), dir.string())};
  const auto psql = [&](const std::string& sql) {
    REQUIRE(std::system(fmt::format("psql -X -q -v ON_ERROR_STOP=1 '{}' -c \"{}\"", connection, sql).c_str()) == 0);
  };
  psql("CREATE TABLE events.incidents (date text, district text, category text, events integer)");
  psql("INSERT INTO events.incidents VALUES ('2025-03-04', 'Bannu', 'incident', 1), ('2025-03-10', 'Nowshera', 'incident', 2)");

  ViewOptions options = window_options();
  options.data.events.path = "PG:" + connection;
  options.data.events.layer = "events.incidents";
  options.data.join.mode = JoinMode::name;
  MapApp app(options);
  REQUIRE(app.load_now());
  sf::Mouse::setPosition({5, 5}, app.window());
  AppState& s = app.state();
  REQUIRE(refreshes_in_database(s.options));
  app.frame();
  REQUIRE(s.data()->join.rows_read == 2);
  REQUIRE(s.data()->join.events_joined == 3);

  // Someone adds rows; Refresh re-runs the aggregation in the database, in the background.
  psql("INSERT INTO events.incidents VALUES ('2025-03-20', 'Bannu', 'incident', 4)");
  s.requests.refresh = true;
  app.frame();  // starts the job after drawing
  CHECK(s.data()->join.rows_read == 2);  // the map keeps its data meanwhile
  frames_until(app, [&] { return s.data()->join.rows_read == 3 || !s.load_error.empty(); });
  INFO(s.load_error);
  CHECK(s.load_error.empty());
  CHECK(s.data()->join.rows_read == 3);
  CHECK(s.data()->join.events_joined == 7);
  CHECK(s.data()->join.joined + s.data()->join.unmatched + s.data()->join.rejected == 3);

  // A lost table arrives as a message naming the source without the password; the map keeps its data.
  psql("DROP TABLE events.incidents");
  s.requests.refresh = true;
  app.frame();
  frames_until(app, [&] { return !s.load_error.empty(); });
  CHECK(s.load_error.starts_with("Refresh failed"));
  CHECK(s.data()->join.rows_read == 3);
}

TEST_CASE("At start-up the districts are on screen before the events are read, and the data follows") {
  ViewOptions options = window_options();
  options.exit_after_frames = 0;  // as a user starts it: the data loads in the background
  options.exit_after_first_map = true;
  MapApp app(options);
  REQUIRE(app.run() == 0);
  REQUIRE(app.first_map_frame());
  REQUIRE(app.first_data_frame());
  // The events wait for the frame showing the districts, so the data is always in a later frame.
  CHECK(*app.first_map_frame() < *app.first_data_frame());
  REQUIRE(app.state().data());
  CHECK(app.state().data()->events.rows_read > 0);
}
