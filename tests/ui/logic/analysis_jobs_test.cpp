// The all-period statistics of the window start in the background, arrive in AppState, stop on Cancel
// (and stay stopped until chosen again), and a result for superseded values never arrives.
#include <catch2/catch.hpp>

#include <chrono>

#include "ui/logic/analysis_jobs.hpp"

using namespace zila;
using namespace zila::ui;

namespace {

AppState fixture_state() {
  PipelineOptions o;
  o.boundaries.path = std::string(ZILA_FIXTURES_DIR) + "/districts.geojson";
  o.events.path = std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv";
  o.bin = Bin::month;
  AppState s;
  s.loaded = load_dataset(o);
  s.values = std::make_shared<const ValueMatrix>(mode_values(s.loaded->data, s.choice, MapMode::values));
  s.analysis.permutations = 99;
  return s;
}

}  // namespace

TEST_CASE("The scan starts in the background when its mode is chosen and arrives in the state") {
  AppState s = fixture_state();
  REQUIRE(s.has_weights());
  REQUIRE(s.values->periods > 0);
  AnalysisJobs jobs;
  CHECK_FALSE(jobs.update(s));  // values mode: nothing to compute
  CHECK_FALSE(s.analysis_work.busy);

  s.mode = MapMode::scan;
  CHECK_FALSE(jobs.update(s));  // started, not there yet
  CHECK(s.analysis_work.busy);
  CHECK(jobs.pending(MapMode::scan));
  CHECK_FALSE(s.scan.computed);
  REQUIRE(jobs.wait(std::chrono::seconds(120)));
  CHECK(jobs.update(s));
  CHECK(s.scan.computed);
  CHECK(s.scan.period_labels.size() == s.values->periods);
  CHECK_FALSE(s.analysis_work.busy);
  CHECK_FALSE(jobs.update(s));  // computed: not started again
  CHECK_FALSE(s.analysis_work.busy);
}

TEST_CASE("Cancel drops the statistic until it is chosen again, and supersede drops a result for old values") {
  AppState s = fixture_state();
  REQUIRE(s.has_weights());
  AnalysisJobs jobs;
  s.mode = MapMode::emerging;
  jobs.update(s);
  REQUIRE(s.analysis_work.busy);
  jobs.cancel();
  REQUIRE(jobs.wait(std::chrono::seconds(120)));
  CHECK(jobs.update(s));  // the outcome: cancelled, as a message
  CHECK(s.trends.districts.empty());
  CHECK(s.analysis_error.find("cancelled") != std::string::npos);
  jobs.update(s);
  CHECK_FALSE(s.analysis_work.busy);  // not restarted by itself
  s.mode = MapMode::values;
  jobs.update(s);
  s.mode = MapMode::emerging;  // chosen again
  jobs.update(s);
  CHECK(s.analysis_work.busy);

  // The values change while it runs: its result is never installed.
  jobs.supersede();
  CHECK_FALSE(jobs.pending(MapMode::emerging));
  s.mode = MapMode::values;
  jobs.update(s);
  CHECK(s.trends.districts.empty());
  CHECK_FALSE(s.analysis_work.busy);
}
