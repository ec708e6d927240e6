// The background loader hands out a load's districts as soon as they are read (the window draws them
// while the events load), reads the events once told to (start_events: after that first map), and then
// hands out the load itself, whose districts are the same.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
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

std::optional<LoadedBoundaries> wait_for_boundaries(DatasetLoader& loader) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    if (std::optional<LoadedBoundaries> boundaries = loader.take_boundaries()) return boundaries;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

void wait_for(const DatasetLoader& loader) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (loader.busy() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE_FALSE(loader.busy());
}

}  // namespace

TEST_CASE("The loader hands out the districts of a load, once, reads its events when told, then the load with the same districts") {
  DatasetLoader loader;
  REQUIRE(loader.start(fixture_data(std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv")));
  std::optional<LoadedBoundaries> boundaries = wait_for_boundaries(loader);
  REQUIRE(boundaries);
  CHECK_FALSE(loader.take_boundaries());  // once
  // The events wait for start_events (the window's first map): the load cannot finish before it.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(loader.busy());
  CHECK_FALSE(loader.take());
  loader.start_events();
  wait_for(loader);
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
  loader.start_events();
  wait_for(loader);
  std::optional<LoadOutcome> failed = loader.take();
  REQUIRE(failed);
  CHECK_FALSE(failed->loaded);
  CHECK_FALSE(failed->error.empty());
  // Not taken: a new load starts without them.
  PipelineOptions bad_boundaries = fixture_data(std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv");
  bad_boundaries.boundaries.path = std::string(ZILA_FIXTURES_DIR) + "/no_such_districts.geojson";
  REQUIRE(loader.start(bad_boundaries));
  wait_for(loader);  // no start_events: without districts the events do not wait for a map
  CHECK_FALSE(loader.take_boundaries());
  std::optional<LoadOutcome> outcome = loader.take();
  REQUIRE(outcome);
  CHECK_FALSE(outcome->loaded);
}

TEST_CASE("A loader closed while its events wait for the first map finishes the load instead of hanging") {
  auto loader = std::make_unique<DatasetLoader>();
  REQUIRE(loader->start(fixture_data(std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv")));
  REQUIRE(wait_for_boundaries(*loader));
  CHECK(loader->busy());
  loader.reset();  // joins the loading thread: it must not wait for a start_events that never comes
  CHECK_FALSE(loader);
}
