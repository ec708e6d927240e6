// Project files: the data sources and every view/export choice in one JSON file, so that
// `zila render --project FILE` reproduces a picture exactly. No GL.
#pragma once
#include <string>
#include <utility>

#include "core/map/classify.hpp"
#include "core/map/labels.hpp"
#include "core/map/map_frame.hpp"
#include "core/cube.hpp"
#include "core/enum_names.hpp"
#include "core/pipeline.hpp"

namespace zila {

struct RenderSettings {
  // View
  MapMode mode = MapMode::values;
  LegendMode class_scope = LegendMode::locked;  // --classes global (one scale for every period) or period
  int permutations = 999;                       // Gi*, Moran and emerging, as the window
  bool false_discovery_rate = false;
  bool change_percent = false;                  // change mode: percent instead of absolute
  std::string period;           // period label ("2025-03") or 1-based index; empty: the last period
  WindowSpec window;
  Metric metric = Metric::events;
  ClassSpec classes;
  std::string ramp = "YlOrRd";
  std::string extent = "auto";  // auto | all | data | <province name> | minx,miny,maxx,maxy (display CRS metres)
  std::string title;            // empty: "<Metric> by district"
  std::string subtitle;         // empty: from the period and window
  std::string source;           // empty: from the file names
  bool labels = false;
  LabelSettings label_settings;  // density, pinned and hidden district names
  bool inset = false;           // locator map of all districts with the extent marked
  std::string countries;        // neighbouring countries under the map (countries-50m.json); empty: none
  // Export
  int width = 1920, height = 1080;
  std::string out = "zila.png";  // .png or .svg; with all_periods: a folder for the frames
  bool all_periods = false, gif = false, mp4 = false;
  double frame_seconds = 0.7;    // per frame in GIF/MP4
};

// Limits of the picture and the view, checked on flags (CLI11 validators) and on loaded projects
// alike (validate_render_settings).
inline constexpr int kMinPictureSide = 64;
inline constexpr int kMaxPictureSide = 16384;  // the largest GL texture of Mesa and most GPUs
inline constexpr double kMinFrameSeconds = 0.01, kMaxFrameSeconds = 60;  // GIF delays are in 1/100 s

// The picture size of a 16:9 slide of 13.33 x 7.5 inches (PowerPoint's default) at `dpi` dots per inch:
// `zila render --dpi` and the window's export.
std::pair<int, int> slide_size_at_dpi(int dpi);
// "WIDTHxHEIGHT" with each side in [min_side, kMaxPictureSide] (no sign, no overflow: 99999999999x100
// is refused, not wrapped). Throws zila::Error quoting the text.
std::pair<int, int> parse_size(const std::string& text, int min_width, int min_height);
// Throws zila::Error naming the first setting out of its range (size, classes, rolling periods,
// frame seconds): a project file gets the checks the flags get.
void validate_render_settings(const RenderSettings& settings);

struct Project {
  PipelineOptions data;
  RenderSettings render;
};

// Paths are written absolute; relative paths in a loaded file are taken from the file's folder.
// Throws zila::Error naming the file (and the key) on unreadable or malformed files.
void save_project(const Project& project, const std::string& path);
Project load_project(const std::string& path);
std::string project_json(const Project& project);

// --classes global|period and the project's "class_scope": one scale over all periods, or each period's own.
// (The names of LegendMode, core/map/map_frame.hpp: these are the only ones it has.)
inline constexpr EnumTable<LegendMode, 2> kClassScopeNames{{{LegendMode::locked, "global"}, {LegendMode::per_period, "period"}}};
constexpr const auto& enum_table(LegendMode) { return kClassScopeNames; }

}  // namespace zila
