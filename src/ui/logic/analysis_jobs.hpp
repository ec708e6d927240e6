// The analysis statistics over every period (emerging hot spots, the space-time scan) take seconds on
// a national cube with 999 permutations: they run as background jobs (background_job.hpp) while the
// window keeps drawing, and the map keeps what it showed until their result arrives. The statistics of
// one period (Gi*, Moran, change: milliseconds) stay on the UI thread, so the slider stays exact.
#pragma once
#include <chrono>

#include "ui/logic/analysis.hpp"
#include "ui/logic/app_state.hpp"
#include "ui/logic/background_job.hpp"

namespace zila::ui {

class AnalysisJobs {
 public:
  // The values or the analysis settings changed: running results are dropped (never shown), and a
  // statistic the user cancelled may start again.
  void supersede();
  // Moves finished results into `s` (an error into s.analysis_error), then starts, in the background,
  // what s.mode (or the inspector, with a district selected) needs that is neither in `s` nor running.
  // Updates s.analysis_work. True when `s` received a result or an error.
  bool update(AppState& s);
  // The user's Cancel: running statistics stop (their results are dropped) and are not started again
  // until the mode, the values or the settings change.
  void cancel();
  // True while the statistic `mode` paints is being computed: the map keeps its previous colours.
  bool pending(MapMode mode) const;
  // Scripted runs (screenshots, tests): waits for the running statistics; false when `limit` passed.
  bool wait(std::chrono::milliseconds limit);

 private:
  BackgroundJob<TrendStats> trends_;
  BackgroundJob<ScanStats> scan_;
  bool trends_declined_ = false, scan_declined_ = false;  // cancelled or failed for the current inputs
};

}  // namespace zila::ui
