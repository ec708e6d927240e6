// The panels' requests to the window, handled once per frame: re-join or refresh the data keeping the
// shown date, fit or zoom the view, save the aliases or the project, export the map.
#include <filesystem>
#include <fmt/core.h>

#include "ui/logic/alias_file.hpp"
#include "ui/logic/refresh_job.hpp"
#include "ui/shell/map_app.hpp"

namespace zila::ui {

std::optional<int32_t> MapApp::shown_day() const {
  const Cube& cube = state_.loaded->data.cube;
  if (state_.timeline.current >= cube.period_count()) return std::nullopt;
  return cube.period_starts[state_.timeline.current];
}

void MapApp::keep_date(std::optional<int32_t> day) {
  const Cube& cube = state_.loaded->data.cube;
  if (day && cube.period_count()) {
    state_.timeline.period_count = cube.period_count();
    state_.timeline.current = period_containing(cube.period_starts, *day);
  }
}

void MapApp::rejoin_now() {
  // Join + cube only: boundaries, events and the GPU geometry stay as they are. The timeline stays on
  // the same date when the bin changes (the period now holding the old period's first day).
  try {
    const std::optional<int32_t> day = shown_day();
    refresh_job_.supersede();  // the later request wins
    // A background job still reading this dataset keeps it; the re-join changes a copy.
    if (state_.loaded.use_count() > 1) state_.loaded = std::make_shared<LoadedData>(*state_.loaded);
    rejoin(state_.loaded->data, state_.options);
    keep_date(day);
    ++data_version_;
  } catch (const std::exception& e) {
    state_.load_error = e.what();
  }
}

void MapApp::start_refresh() {
  // A newer request supersedes a running one (the later options win); the map keeps its data meanwhile.
  refresh_job_.start("Refreshing the join and cube",
                     [data = std::shared_ptr<const LoadedData>(state_.loaded), options = state_.options](JobProgress&) {
                       return rejoined_copy(*data, options);
                     });
}

void MapApp::install_refresh(std::shared_ptr<LoadedData> fresh) {
  const std::optional<int32_t> day = shown_day();
  state_.loaded = std::move(fresh);
  state_.load_error.clear();
  keep_date(day);
  ++data_version_;
  map_dirty_ = true;
}

void MapApp::handle_requests() {
  Requests r = std::exchange(state_.requests, Requests{});
  if (r.select >= -1) state_.selected = r.select;
  if (r.load && loader_.start(state_.form)) state_.load_error.clear();
  if (r.cancel_analysis) analysis_jobs_.cancel();
  if (r.cancel_refresh) refresh_job_.cancel();
  // A database source re-aggregates on every re-join: that takes seconds, so it runs in the background.
  if ((r.refresh || (r.rejoin && refreshes_in_database(state_.options))) && state_.loaded) {
    start_refresh();
  } else if (r.rejoin && state_.loaded) {
    rejoin_now();
  }
  if (r.fit && state_.data()) {
    state_.view = fit_in_area(state_.data()->boundaries.projected.bbox(), layout_.width, layout_.height, layout_.map_area());
  }
  if (r.zoom_region) zoom_default();
  if (r.save_aliases) {
    try {
      std::vector<AliasEntry> existing;
      std::error_code ec;
      if (std::filesystem::exists(state_.alias_save_path, ec)) existing = load_aliases(state_.alias_save_path);
      save_aliases(state_.alias_save_path, merge_aliases(existing, state_.options.extra_aliases));
      state_.messages.push_back(fmt::format("Saved {} aliases to {}", state_.options.extra_aliases.size(), state_.alias_save_path));
    } catch (const std::exception& e) {
      state_.messages.push_back(fmt::format("Aliases not saved: {}", e.what()));
    }
  }
  if (r.save_project) save_project_file();
  if (r.export_map) export_map();
}

}  // namespace zila::ui
