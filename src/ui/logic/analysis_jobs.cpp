// Which all-period statistics run in the background, and how their results reach AppState.
#include "ui/logic/analysis_jobs.hpp"

#include <fmt/core.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace zila::ui {
namespace {

// Installs a finished job's outcome; true when `s` changed. A failure or a cancel is `declined` so the
// statistic is not started again every frame.
template <typename T>
bool install(BackgroundJob<T>& job, T& into, bool& declined, std::string& error, const char* what) {
  std::optional<JobOutcome<T>> outcome = job.take();
  if (!outcome) return false;
  if (outcome->value) {
    into = std::move(*outcome->value);
    return true;
  }
  declined = true;
  error = outcome->cancelled ? fmt::format("{} cancelled; choose the mode again to compute it.", what)
                             : fmt::format("{}: {}", what, outcome->error);
  return true;
}

}  // namespace

void AnalysisJobs::supersede() {
  trends_.supersede();
  scan_.supersede();
  trends_declined_ = scan_declined_ = false;
}

void AnalysisJobs::cancel() {
  trends_.cancel();
  scan_.cancel();
}

bool AnalysisJobs::pending(MapMode mode) const {
  return (mode == MapMode::emerging && trends_.busy()) || (mode == MapMode::scan && scan_.busy());
}

bool AnalysisJobs::wait(std::chrono::milliseconds limit) { return trends_.wait(limit) && scan_.wait(limit); }

bool AnalysisJobs::update(AppState& s) {
  bool changed = install(trends_, s.trends, trends_declined_, s.analysis_error, "Emerging hot spots");
  changed = install(scan_, s.scan, scan_declined_, s.analysis_error, "Space-time scan") || changed;

  const MapMode m = s.mode;
  const bool inspecting = s.selected >= 0;
  if (m != MapMode::emerging && !inspecting) trends_declined_ = false;  // chosen again: may start again
  if (m != MapMode::scan) scan_declined_ = false;
  if (s.has_weights() && s.values->periods > 0) {
    // The job's own inputs: the dataset shared (MapApp copies it before changing it while a job holds
    // it), the values shared (never changed once made: the window makes new ones) and the settings copied.
    std::shared_ptr<const LoadedData> data = s.loaded;
    if ((m == MapMode::emerging || inspecting) && s.trends.districts.empty() && !trends_.busy() && !trends_declined_) {
      trends_.start("Emerging hot spots", [data, values = s.values, settings = s.analysis](JobProgress&) {
        return compute_trends(*values, data->weights, settings);
      });
    }
    if (m == MapMode::scan && !s.scan.computed && !scan_.busy() && !scan_declined_) {
      scan_.start("Space-time scan", [data, values = s.values, settings = s.analysis](JobProgress& progress) {
        const Dataset& d = data->data;
        // The replications report the bar's fraction; Cancel stops them between two replications.
        const auto report = [&progress](double fraction) {
          progress.set_fraction(fraction);
          return !progress.cancelled();
        };
        try {
          return compute_scan(*values, d.cube, d.boundaries, d.population.population, data->weights, settings, report);
        } catch (const ScanCancelled&) {
          throw JobCancelled{};
        }
      });
    }
  }
  s.analysis_work = scan_.busy() ? scan_.status() : trends_.status();
  return changed;
}

}  // namespace zila::ui
