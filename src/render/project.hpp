// Project files: the data sources and every view/export choice in one JSON file, so that
// `zila render --project FILE` reproduces a picture exactly. No GL.
#pragma once
#include <string>

#include "core/classify.hpp"
#include "core/cube.hpp"
#include "core/pipeline.hpp"

namespace zila {

struct RenderSettings {
  // View
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
  // Export
  int width = 1920, height = 1080;
  std::string out = "zila.png";  // .png or .svg; with all_periods: a folder for the frames
  bool all_periods = false, gif = false, mp4 = false;
  double frame_seconds = 0.7;    // per frame in GIF/MP4
};

struct Project {
  PipelineOptions data;
  RenderSettings render;
};

// Paths are written absolute; relative paths in a loaded file are taken from the file's folder.
// Throws zila::Error naming the file (and the key) on unreadable or malformed files.
void save_project(const Project& project, const std::string& path);
Project load_project(const std::string& path);
std::string project_json(const Project& project);

WindowMode parse_window_mode(const std::string& text);
const char* window_mode_name(WindowMode mode);

}  // namespace zila
