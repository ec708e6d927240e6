// The background loader hands out a load's districts as soon as they are read (the window draws them
// while the events load) and then the load itself, whose districts are the same.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "ui/logic/loader.hpp"

using namespace zila;
using namespace zila::ui;

namespace {

PipelineOptions fixture_data(const std::string& events) {
  PipelineOptions o;
  o.boundaries.path = std::string(ZILA_FIXTURES_DIR) + "/districts.geojson";
  o.parents_path = std::string(ZILA_FIXTURES_DIR) + "/provinces.geojson";
  o.events.path = events;
  return o;
}

void wait_for(const DatasetLoader& loader) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (loader.busy() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE_FALSE(loader.busy());
}

}  // namespace

TEST_CASE("The loader hands out the districts of a load, once, and then the load with the same districts") {
  DatasetLoader loader;
  REQUIRE(loader.start(fixture_data(std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv")));
  wait_for(loader);
  std::optional<LoadedBoundaries> boundaries = loader.take_boundaries();
  REQUIRE(boundaries);
  CHECK_FALSE(loader.take_boundaries());  // once
  std::optional<LoadOutcome> outcome = loader.take();
  REQUIRE(outcome);
  REQUIRE(outcome->loaded);
  const Dataset& data = outcome->loaded->data;
  CHECK(boundaries->districts.names == data.boundaries.names);
  CHECK(boundaries->districts.projected.bbox().min_x == data.boundaries.projected.bbox().min_x);
  CHECK(boundaries->districts.projected.ring_count() == data.boundaries.projected.ring_count());
  CHECK(boundaries->provinces.names == data.provinces.names);
  CHECK(boundaries->provinces.size() > 0);
}

TEST_CASE("A load whose events fail leaves its districts untaken, and the next load drops them") {
  DatasetLoader loader;
  REQUIRE(loader.start(fixture_data(std::string(ZILA_FIXTURES_DIR) + "/no_such_events.csv")));
  wait_for(loader);
  std::optional<LoadOutcome> failed = loader.take();
  REQUIRE(failed);
  CHECK_FALSE(failed->loaded);
  CHECK_FALSE(failed->error.empty());
  // Not taken: a new load starts without them.
  PipelineOptions bad_boundaries = fixture_data(std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv");
  bad_boundaries.boundaries.path = std::string(ZILA_FIXTURES_DIR) + "/no_such_districts.geojson";
  REQUIRE(loader.start(bad_boundaries));
  wait_for(loader);
  CHECK_FALSE(loader.take_boundaries());
  std::optional<LoadOutcome> outcome = loader.take();
  REQUIRE(outcome);
  CHECK_FALSE(outcome->loaded);
}
