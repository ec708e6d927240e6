// The window's Refresh as a background job: a re-joined copy arrives, the shown data is never changed
// under the UI, and a failing re-join arrives as a message naming the file.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>

#include "ui/logic/background_job.hpp"
#include "ui/logic/refresh_job.hpp"

using namespace zila;
using namespace zila::ui;

namespace {

PipelineOptions fixture_data() {
  PipelineOptions o;
  o.boundaries.path = std::string(ZILA_FIXTURES_DIR) + "/districts.geojson";
  o.parents_path = std::string(ZILA_FIXTURES_DIR) + "/provinces.geojson";
  o.events.path = std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv";
  o.bin = Bin::month;
  return o;
}

}  // namespace

TEST_CASE("A refresh job re-joins a copy: the shown data stays as it was until the copy is installed") {
  const PipelineOptions options = fixture_data();
  std::shared_ptr<const LoadedData> shown = load_dataset(options);
  REQUIRE(shown->data.cube.bin == Bin::month);
  const size_t months = shown->data.cube.period_count();
  const uint64_t rows = shown->data.join.rows_read;
  REQUIRE(rows > 0);
  CHECK_FALSE(refreshes_in_database(options));  // a file: no database aggregation

  PipelineOptions quarters = options;
  quarters.bin = Bin::quarter;
  BackgroundJob<std::shared_ptr<LoadedData>> job;
  job.start("refresh", [shown, quarters](JobProgress&) { return rejoined_copy(*shown, quarters); });
  REQUIRE(job.wait(std::chrono::seconds(60)));
  const auto outcome = job.take();
  REQUIRE(outcome);
  REQUIRE(outcome->value);
  const LoadedData& fresh = **outcome->value;
  CHECK(fresh.data.cube.bin == Bin::quarter);
  CHECK(fresh.data.cube.period_count() < months);
  CHECK(fresh.data.join.rows_read == rows);
  CHECK(fresh.data.join.joined + fresh.data.join.unmatched + fresh.data.join.rejected == rows);
  CHECK(fresh.weights.size() == shown->weights.size());
  // The shown data was only read.
  CHECK(shown->data.cube.bin == Bin::month);
  CHECK(shown->data.cube.period_count() == months);
}

TEST_CASE("A refresh that fails arrives as an error naming the file, and the shown data stays") {
  const PipelineOptions options = fixture_data();
  std::shared_ptr<const LoadedData> shown = load_dataset(options);
  PipelineOptions broken = options;
  broken.aliases_path = std::string(ZILA_FIXTURES_DIR) + "/no_such_aliases.csv";
  BackgroundJob<std::shared_ptr<LoadedData>> job;
  job.start("refresh", [shown, broken](JobProgress&) { return rejoined_copy(*shown, broken); });
  REQUIRE(job.wait(std::chrono::seconds(60)));
  const auto outcome = job.take();
  REQUIRE(outcome);
  CHECK_FALSE(outcome->value);
  CHECK(outcome->error.find("no_such_aliases.csv") != std::string::npos);
  CHECK(shown->data.cube.period_count() > 0);
}
