// "Save project": the window's data and view (period, window, metric, classes, ramp, the visible
// extent, labels with their density, pinned and hidden names) as a project file, which
// `zila render --project` draws and `zila view --project` opens.
#include <fmt/core.h>

#include "core/io/output_file.hpp"
#include "core/project.hpp"
#include "ui/shell/map_app.hpp"

namespace zila::ui {

Project window_project(const AppState& s) {
  Project p;
  p.data = s.options;
  RenderSettings& r = p.render;
  const Dataset* d = s.data();
  if (d && s.period() < d->cube.period_count()) r.period = period_label(d->cube.bin, d->cube.period_starts[s.period()]);
  r.window = s.choice.window;
  r.metric = s.choice.metric;
  r.classes = s.style.spec;
  r.ramp = s.style.ramp;
  const BBox e = visible_extent(s);
  if (!e.empty()) r.extent = fmt::format("{:.0f},{:.0f},{:.0f},{:.0f}", e.min_x, e.min_y, e.max_x, e.max_y);
  r.labels = s.show_labels;
  r.label_settings = s.label_settings;
  return p;
}

void MapApp::save_project_file() {
  try {
    const PipelineOptions& o = state_.options;
    std::vector<NamedPath> inputs{{"events", o.events.path},     {"boundaries", o.boundaries.path},
                                  {"provinces", o.parents_path}, {"aliases", o.aliases_path},
                                  {"population", o.population.path}};
    for (const EventOptions& more : o.more_events) inputs.push_back({"events", more.path});
    refuse_output_collisions(inputs, {{"project", state_.project_path}});
    save_project(window_project(state_), state_.project_path);
    state_.messages.push_back(fmt::format("Saved project {}", state_.project_path));
  } catch (const std::exception& e) {
    state_.messages.push_back(fmt::format("Could not save the project: {}", e.what()));
  }
}

}  // namespace zila::ui
