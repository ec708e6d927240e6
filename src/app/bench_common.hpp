// What the parts of `zila bench` (bench_command.cpp, bench_gl.cpp) share: the median timer and the
// window's time-slider step.
#pragma once
#include <algorithm>
#include <chrono>
#include <vector>

#include "core/cube.hpp"
#include "core/join/join.hpp"
#include "core/map/map_frame.hpp"
#include "core/text.hpp"
#include "ui/logic/choropleth.hpp"

namespace zila {

// Milliseconds of the median of `reps` runs (at least one).
template <typename F>
double median_ms(int reps, F&& run) {
  std::vector<double> times;
  for (int i = 0; i < std::max(reps, 1); ++i) {
    auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(ms_since(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}
// One time-slider step as the window takes it, through the same functions (MapApp::refresh_derived):
// the period's map frame (colours, legend, label priority, titles) from the classes of every period
// made beforehand, and its top districts with their ranks (the inspector's table); the colour upload
// follows. The window's defaults: events per period, classes locked over all periods.
struct SliderStep {
  static constexpr size_t kTopN = 10;  // AppState::top_n
  explicit SliderStep(const Cube& data_cube)
      : cube(data_cube),
        values(std::make_shared<const ValueMatrix>(compute_values(data_cube, spec.choice))),
        classes(classify_for(*values, spec.style, false, 0)),
        period_classes(classify_periods(*values, classes)) {}
  // The CPU part of a step.
  void colour(size_t period) {
    build_map_frame(cube, join, *values, classes, spec, period, frame, nullptr, &period_classes, values);
    top = ui::top_districts(*values, period, kTopN);
    top_rank = ui::top_ranks(*values, period, top);
  }
  const Cube& cube;
  JoinResult join;  // every synthetic event is on the map
  MapSpec spec;
  std::shared_ptr<const ValueMatrix> values;  // shared with the frame's label priority, as the window's are
  Classification classes;
  PeriodClasses period_classes;
  MapFrame frame;
  std::vector<size_t> top;
  std::vector<int> top_rank;
};
}  // namespace zila
