// The map frames of one view (mode, metric, classes, analysis settings) over a loaded dataset, period
// by period, built as the window builds its own (mode_values, classify_for, the period's statistics,
// mode_coloring, build_map_frame): `zila render --mode gistar` and the window's animation export
// draw these. No window, no GL.
#pragma once
#include <optional>

#include "ui/logic/analysis.hpp"
#include "ui/logic/loader.hpp"

namespace zila::ui {

class ModeFrames {
 public:
  // `data` must outlive this. Throws zila::Error when the mode needs spatial weights and the data
  // has none (the loader's notes say why) or rates per population without a population table.
  ModeFrames(const LoadedData& data, const MapSpec& spec, const AnalysisSettings& analysis);
  void build(size_t period, MapFrame& out);
  const ValueMatrix& values() const { return values_; }

 private:
  const LoadedData& data_;
  MapSpec spec_;
  AnalysisSettings analysis_;
  ValueMatrix values_;
  std::optional<Classification> global_;  // classes over all periods, once
  TrendStats trends_;                     // emerging: once, over all periods
  ScanStats scan_;                        // scan: once, over all periods
};

}  // namespace zila::ui
