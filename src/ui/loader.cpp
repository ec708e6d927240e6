#include "ui/loader.hpp"

#include <exception>
#include <string>

#include "core/error.hpp"

namespace zila::ui {

std::unique_ptr<LoadedData> load_dataset(const PipelineOptions& options, std::atomic<int>* stage) {
  auto out = std::make_unique<LoadedData>();
  if (stage) *stage = 0;
  out->data.boundaries = load_boundaries(options.boundaries);
  if (!options.parents_path.empty()) {
    // Provinces name each district's parent and give the thick outlines; without them the map still works.
    try {
      BoundaryOptions parents;
      parents.path = options.parents_path;
      parents.display_crs = out->data.boundaries.display_crs;
      out->provinces = load_boundaries(parents);
      assign_parents(out->data.boundaries, *out->provinces);
    } catch (const std::exception& e) {
      out->notes.push_back(std::string("Province outlines not loaded: ") + e.what());
    }
  }
  // Hotspot modes need neighbours; without them the plain map still works.
  try {
    out->weights = contiguity_weights(out->data.boundaries.lonlat);
    if (!out->weights.islands.empty())
      out->notes.push_back(std::to_string(out->weights.islands.size()) + " districts have no neighbour (islands)");
  } catch (const std::exception& e) {
    out->weights = SpatialWeights{};
    out->notes.push_back(std::string("No spatial weights, hotspot modes unavailable: ") + e.what());
  }
  if (stage) *stage = 1;
  out->data.events = load_events(options.events);
  if (stage) *stage = 2;
  rejoin(out->data, options);
  return out;
}

DatasetLoader::~DatasetLoader() {
  if (thread_.joinable()) thread_.join();
}

bool DatasetLoader::start(PipelineOptions options) {
  if (busy_) return false;
  if (thread_.joinable()) thread_.join();
  busy_ = true;
  stage_ = 0;
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this, o = std::move(options)]() mutable { run(std::move(o)); });
  return true;
}

void DatasetLoader::run(PipelineOptions options) {
  LoadOutcome outcome;
  // Nothing may escape a thread (std::terminate): every failure becomes a message for the data panel.
  try {
    outcome.loaded = load_dataset(options, &stage_);
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
  switch (stage_.load()) {
    case 0: return "Reading boundaries";
    case 1: return "Reading events";
    default: return "Joining events to districts";
  }
}

double DatasetLoader::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

std::optional<LoadOutcome> DatasetLoader::take() {
  std::lock_guard lock(mutex_);
  std::optional<LoadOutcome> out = std::move(finished_);
  finished_.reset();
  return out;
}

}  // namespace zila::ui
