#include "ui/logic/mode_frames.hpp"

#include <fmt/core.h>

#include "core/error.hpp"

namespace zila::ui {

ModeFrames::ModeFrames(const LoadedData& data, const MapSpec& spec, const AnalysisSettings& analysis)
    : data_(data), spec_(spec), analysis_(analysis) {
  if (mode_needs_weights(spec.mode) && data.weights.size() == 0) {
    std::string why;
    for (const Problem& p : data.data.problems.all())
      if (p.stage == Stage::weights) why += "; " + p.text();
    throw Error(fmt::format("map mode '{}' needs spatial weights, which these boundaries did not give{}",
                            map_mode_name(spec.mode), why));
  }
  if (spec.mode == MapMode::rate_per_population && data.data.population.population.empty())
    throw Error("map mode 'rate-100k' needs a population table (--population)");
  values_ = mode_values(data.data, spec.choice, spec.mode);
  analysis_.change_percent = spec.change_percent;
  if (spec.style.mode == LegendMode::locked)
    global_ = classify_for(values_, spec.style, metric_is_diverging(spec.choice.metric), 0);
}

void ModeFrames::build(size_t period, MapFrame& out) {
  const bool diverging = metric_is_diverging(spec_.choice.metric);
  const Classification classes = global_ ? *global_ : classify_for(values_, spec_.style, diverging, period);
  PeriodStats stats;
  const MapMode m = spec_.mode;
  if (mode_shows_period_stats(m))
    stats = compute_period_stats(values_, period, data_.weights, analysis_);
  if (m == MapMode::emerging && trends_.districts.empty()) trends_ = compute_trends(values_, data_.weights, analysis_);
  if (m == MapMode::scan && !scan_.computed)
    scan_ = compute_scan(values_, data_.data.cube, data_.data.boundaries, data_.data.population.population,
                         data_.weights, analysis_);
  const std::optional<CategoricalMap> painted = mode_coloring(m, stats, trends_, scan_, period,
                                                              data_.data.boundaries.names, analysis_,
                                                              data_.weights.size() > 0);
  build_map_frame(data_.data.cube, data_.data.join, values_, classes, spec_, period, out, painted ? &*painted : nullptr);
}

}  // namespace zila::ui
