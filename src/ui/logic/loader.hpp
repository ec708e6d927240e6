// Loading a dataset on a background thread, stage by stage, so the window stays responsive and can
// show progress. The UI thread polls; nothing here touches ImGui or GL.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/pipeline.hpp"
#include "core/geo/spatial_weights.hpp"

namespace zila::ui {

// run_pipeline's dataset plus what only the window needs.
struct LoadedData {
  Dataset data;
  SpatialWeights weights;  // queen contiguity, once per boundary load; empty if GEOS failed
  // Problems of the weights (stage weights) and, once drawn, of the tessellation are added to data.problems.
};

// The districts and provinces of a running load, as soon as they are read (the events still
// loading): the window draws the map from them first (see MapApp::show_boundaries).
struct LoadedBoundaries {
  Boundaries districts, provinces;
};

struct LoadOutcome {
  PipelineOptions options;
  std::unique_ptr<LoadedData> loaded;  // null on failure
  std::string error;                   // what went wrong, naming the file
  double seconds = 0;
};

class DatasetLoader {
 public:
  DatasetLoader() = default;
  ~DatasetLoader();
  DatasetLoader(const DatasetLoader&) = delete;
  DatasetLoader& operator=(const DatasetLoader&) = delete;

  // Starts loading unless a load is already running (then returns false).
  bool start(PipelineOptions options);
  bool busy() const { return busy_; }
  // Stage number (0-based, of stage_count()) and its name, for a progress bar.
  int stage() const { return stage_; }
  static int stage_count() { return 2; }
  std::string stage_name() const;
  double elapsed_seconds() const;
  // The finished load, handed out once.
  std::optional<LoadOutcome> take();
  // The running load's boundaries, handed out once, before take() hands out that load.
  std::optional<LoadedBoundaries> take_boundaries();
  // The events of a load are read once this is called (after the first frame showing its districts):
  // on two cores, the event reader made the window's first map wait seconds.
  void start_events();

 private:
  void run(PipelineOptions options);

  std::thread thread_;
  std::atomic<bool> busy_{false};
  std::atomic<int> stage_{0};
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex mutex_;
  std::optional<LoadOutcome> finished_;
  std::optional<LoadedBoundaries> boundaries_;
  std::condition_variable events_may_start_changed_;
  bool events_may_start_ = false;
};

// The same without a thread (tests, screenshots): throws zila::Error like run_pipeline.
// `with_boundaries` (optional) is called on the loading thread once the boundaries are read;
// `before_events` (optional) as PipelineHooks::before_events.
std::unique_ptr<LoadedData> load_dataset(const PipelineOptions& options, std::atomic<int>* stage = nullptr,
                                         const std::function<void(const Dataset&)>& with_boundaries = {},
                                         const std::function<void()>& before_events = {});

}  // namespace zila::ui
