// The map window: an SFML window with the GPU choropleth (MapRenderer) under Dear ImGui panels.
// `zila view` and the window test drive it; everything it shows lives in AppState.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/RenderWindow.hpp>

#include "core/pipeline.hpp"
#include "core/project.hpp"
#include "render/map_renderer.hpp"
#include "ui/logic/analysis_jobs.hpp"
#include "ui/logic/app_state.hpp"
#include "ui/logic/background_job.hpp"
#include "ui/logic/window_settings.hpp"
#include "ui/shell/imgui_sfml_platform.hpp"
#include "ui/shell/panels.hpp"

struct ImFont;

namespace zila::ui {

struct ViewOptions {
  PipelineOptions data;
  unsigned width = 0, height = 0;  // 0: the size last used, or fitted to the desktop (window_settings.hpp)
  float ui_scale = 0;           // 0: from the desktop size (ui_scale_for_desktop)
  std::string screenshot;       // PNG written after `exit_after_frames` frames with data
  int step = 0;                 // time-slider steps applied once the data is loaded
  int exit_after_frames = 0;    // > 0: close after this many frames with data (tests, benchmarks)
  bool frame_stats = false;     // print frame-time statistics on exit
  bool exit_after_first_map = false;  // close once the first frame showing the loaded map is on screen
  bool labels = true;
  LabelSettings label_settings;  // density, pinned and hidden names (from a project file)
  std::string region;           // province to zoom to; empty: the province holding most events
  Metric metric = Metric::events;
  MapMode mode = MapMode::values;
  std::string countries;        // neighbouring countries under exported slides (countries-50m.json); empty: none
};

// The part of the map the window shows (its map area), in display CRS metres: what Ctrl+E exports.
BBox visible_extent(const AppState& s);
// The window's data and view as a project (render/project.hpp), for "Save project".
Project window_project(const AppState& s);

class MapApp {
 public:
  explicit MapApp(const ViewOptions& options);
  ~MapApp();
  MapApp(const MapApp&) = delete;
  MapApp& operator=(const MapApp&) = delete;

  // Frames until the window closes or exit_after_frames; returns the process exit code.
  int run();
  // Loads on the calling thread (tests, screenshots); false with AppState::load_error on failure.
  bool load_now();
  // One frame. `capture` receives the rendered frame (before display) when given. With
  // `skip_if_idle`, a frame with no input, playback or loading draws nothing (see rendered()).
  bool frame(sf::Image* capture = nullptr, bool skip_if_idle = false);
  bool rendered() const { return rendered_; }
  // When the first frame showing the map was displayed (start-up timing): the districts, drawn while
  // the events still load; nullopt before.
  std::optional<std::chrono::steady_clock::time_point> first_map_frame() const { return first_map_frame_; }
  // When the first frame showing the loaded data was displayed.
  std::optional<std::chrono::steady_clock::time_point> first_data_frame() const { return first_data_frame_; }

  AppState& state() { return state_; }
  // Tab: hides or shows the side columns; the map keeps its centre and takes the space.
  void toggle_side_panels();
  const sf::RenderWindow& window() const { return window_; }

 private:
  // Tests and screenshots: the data is loaded on the calling thread (load_now), not in the background.
  bool scripted() const { return options_.exit_after_frames > 0 || !options_.screenshot.empty(); }
  void handle_event(const sf::Event& event);

  void install(LoadOutcome outcome);
  // The first load's districts, drawn in the no-data colour while its events still load.
  void show_boundaries(LoadedBoundaries boundaries);
  std::unique_ptr<MapRenderer> make_renderer(const Boundaries& districts, const Boundaries& provinces) const;
  void refresh_derived();
  bool refresh_analysis(bool values_changed);  // true when statistics were recomputed
  void handle_requests();
  // Re-joins on this thread (a file source: milliseconds), on a copy when a background job reads the data.
  void rejoin_now();
  // Re-joins in the background (a database re-aggregates); the map keeps its data until the result.
  void start_refresh();
  void install_refresh(std::shared_ptr<LoadedData> fresh);
  // The slider stays on the same date when a re-join changes the periods (the bin).
  void keep_date(std::optional<int32_t> day);
  std::optional<int32_t> shown_day() const;
  void zoom_default();
  void update_hover();
  void draw_map();
  void save_project_file();  // project_save.cpp
  void export_map();

  ViewOptions options_;
  float ui_scale_ = 1;
  sf::RenderWindow window_;
  std::unique_ptr<ImGuiSfmlPlatform> platform_;
  ImFont* title_font_ = nullptr;
  std::unique_ptr<MapRenderer> renderer_;
  bool renderer_before_data_ = false;  // renderer_ is show_boundaries' for the running load
  bool start_events_after_frame_ = false;  // the running load's districts are in this frame
  DatasetLoader loader_;
  AnalysisJobs analysis_jobs_;                          // the scan and emerging hot spots
  BackgroundJob<std::shared_ptr<LoadedData>> refresh_job_;  // Refresh: re-join (and re-aggregate) a copy
  AppState state_;
  PanelLayout layout_;

  // Inputs of the derived data last time it was built; a change rebuilds only what depends on it.
  int data_version_ = 0, built_version_ = -1;
  std::optional<MetricChoice> built_choice_;
  std::optional<ClassStyle> built_style_;
  size_t built_period_ = SIZE_MAX;
  MapMode built_mode_ = MapMode::values;
  size_t built_top_period_ = SIZE_MAX, built_top_n_ = 0;  // of state_.top (also rebuilt with the values)
  std::optional<AnalysisSettings> built_analysis_;

  // Map dragging: a press that moves less than a few pixels is a click.
  bool pressing_ = false;
  bool dragging_ = false;
  sf::Vector2i press_at_, last_mouse_;
  sf::Clock frame_clock_;

  // The map layer, cached between frames (see draw_map).
  struct MapKey {
    double x = 0, y = 0, scale = 0, width = 0, height = 0;
    int selected = -1, hovered = -1;
    bool operator==(const MapKey&) const = default;
  };
  sf::RenderTexture map_layer_;
  MapKey drawn_key_;
  bool map_dirty_ = true;
  int settle_frames_ = 3;  // frames still to draw after the last input
  std::optional<std::chrono::steady_clock::time_point> first_map_frame_, first_data_frame_;
  bool rendered_ = false;  // whether the last frame() drew
};

}  // namespace zila::ui
