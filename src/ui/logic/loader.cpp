#include "ui/logic/loader.hpp"

#include <fmt/format.h>

#include <exception>
#include <string>

#include "core/error.hpp"

namespace zila::ui {

std::unique_ptr<LoadedData> load_dataset(const PipelineOptions& options, std::atomic<int>* stage,
                                         const std::function<void(const Dataset&)>& with_boundaries,
                                         const std::function<void()>& before_events) {
  auto out = std::make_unique<LoadedData>();
  PipelineHooks hooks;
  hooks.before_events = before_events;
  hooks.provinces_optional = true;
  if (stage) hooks.on_stage = [stage](PipelineHooks::Stage s) { *stage = s; };
  // Hotspot modes need neighbours; without them the plain map still works.
  // The hook sees the dataset read-only; its problems join the report once the pipeline returns.
  std::vector<Problem> weight_problems;
  hooks.with_boundaries = [&out, &weight_problems, &with_boundaries](const Dataset& data) {
    if (with_boundaries) with_boundaries(data);
    try {
      out->weights = contiguity_weights(data.boundaries.lonlat);
      for (uint32_t island : out->weights.islands) {
        weight_problems.push_back({Severity::warning, Stage::weights, data.boundaries.source,
                                   fmt::format("'{}'", data.boundaries.names[island]),
                                   "no neighbour (an island): its hot-spot statistics are undefined"});
      }
    } catch (const std::exception& e) {
      out->weights = SpatialWeights{};
      weight_problems.push_back({Severity::error, Stage::weights, data.boundaries.source, "",
                                 std::string("no spatial weights, hot-spot modes unavailable: ") + e.what()});
    }
  };
  out->data = run_pipeline(options, hooks);
  out->data.problems.add_all(weight_problems);
  if (!options.population.path.empty()) {
    const PopulationTable& p = out->data.population;
    out->data.problems.add(Severity::info, Stage::population, options.population.path, "",
                           fmt::format("{} rows = {} joined + {} unmatched + {} rejected; {} districts without a figure",
                                       p.rows_read, p.joined, p.unmatched.size(), p.rejected.size(),
                                       p.districts_without_figure()));
  }
  return out;
}

DatasetLoader::~DatasetLoader() {
  start_events();  // a window closed before its first map: the load must not wait for it
  if (thread_.joinable()) thread_.join();
}

void DatasetLoader::start_events() {
  {
    std::lock_guard lock(mutex_);
    events_may_start_ = true;
  }
  events_may_start_changed_.notify_all();
}

bool DatasetLoader::start(PipelineOptions options) {
  if (busy_) return false;
  if (thread_.joinable()) thread_.join();
  busy_ = true;
  stage_ = 0;
  {
    std::lock_guard lock(mutex_);
    boundaries_.reset();  // an earlier load's, not taken
    events_may_start_ = false;
  }
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this, o = std::move(options)]() mutable { run(std::move(o)); });
  return true;
}

void DatasetLoader::run(PipelineOptions options) {
  LoadOutcome outcome;
  // Nothing may escape a thread (std::terminate): every failure becomes a message for the data panel.
  try {
    outcome.loaded = load_dataset(options, &stage_, [this](const Dataset& data) {
      LoadedBoundaries boundaries{data.boundaries, data.provinces};
      std::lock_guard lock(mutex_);
      boundaries_ = std::move(boundaries);
    }, [this] {
      std::unique_lock lock(mutex_);
      events_may_start_changed_.wait(lock, [this] { return events_may_start_; });
    });
  } catch (const std::exception& e) {
    outcome.error = e.what();
  }
  outcome.options = std::move(options);
  outcome.seconds = elapsed_seconds();
  {
    std::lock_guard lock(mutex_);
    finished_ = std::move(outcome);
  }
  busy_ = false;
}

std::string DatasetLoader::stage_name() const {
  return stage_ == PipelineHooks::reading ? "Reading boundaries and events" : "Joining events to districts";
}

double DatasetLoader::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

std::optional<LoadedBoundaries> DatasetLoader::take_boundaries() {
  std::lock_guard lock(mutex_);
  std::optional<LoadedBoundaries> out = std::move(boundaries_);
  boundaries_.reset();
  return out;
}

std::optional<LoadOutcome> DatasetLoader::take() {
  std::lock_guard lock(mutex_);
  std::optional<LoadOutcome> out = std::move(finished_);
  finished_.reset();
  return out;
}

}  // namespace zila::ui
