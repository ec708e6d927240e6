// Everything the map window remembers between frames, in one plain struct. Panels are functions
// over it (immediate mode): they draw, edit fields and raise requests; MapApp acts on the requests.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/map/labels.hpp"
#include "core/io/event_preview.hpp"
#include "core/pipeline.hpp"
#include "core/map/view_transform.hpp"
#include "ui/logic/analysis.hpp"
#include "ui/logic/background_job.hpp"
#include "ui/logic/choropleth.hpp"
#include "ui/logic/loader.hpp"
#include "ui/logic/map_view.hpp"
#include "ui/logic/timeline.hpp"

namespace zila::ui {

// What panels ask the application to do after this frame.
struct Requests {
  bool load = false;          // load `AppState::form`
  bool rejoin = false;        // re-run join + cube with `AppState::options` (aliases or bin changed)
  bool refresh = false;       // the same in the background (a database's aggregation takes seconds)
  bool cancel_refresh = false;   // the running refresh stops; the map keeps the data it shows
  bool cancel_analysis = false;  // the running all-period statistics (scan, emerging) stop
  bool fit = false;           // fit all districts
  bool zoom_region = false;   // zoom to `AppState::region`
  bool save_aliases = false;  // write `AppState::options.extra_aliases` to `alias_save_path`
  bool save_project = false;  // data and view (labels included) to `project_path`
  bool export_map = false;    // offscreen export of the map as `export_form` says
  int select = -2;            // >= -1: select this district (-1 clears)
};

struct LoadStatus {
  bool busy = false;
  std::string stage;
  float fraction = 0;  // 0..1
  double seconds = 0;
};

// The Export dialog (Ctrl+E): the view on screen written as `zila render` would write it.
enum class ExportFormat : uint8_t { png, svg, gif, mp4 };
struct ExportForm {
  bool open = false;
  ExportFormat format = ExportFormat::png;
  std::string path = "zila_map.png";  // GIF/MP4: frames go to the folder of this name without extension
  int width = 1920, height = 1080;
  int dpi = 0;                        // > 0: a 13.33 x 7.5 in slide at this DPI (288: 3840x2160), over the size
  std::string result;                 // "Exported <absolute path>" or "Export failed: ...", shown in the dialog
  std::string written;                // the absolute path of the last file written
  bool failed = false;
};

struct AppState {
  // Data
  PipelineOptions form;     // what the data panel edits; applied by "Load"
  PipelineOptions options;  // what the current dataset was loaded with; the join panel adds aliases here
  // Shared with the background jobs that read it (analysis_jobs.hpp, the refresh): MapApp replaces it
  // or, when a job holds it, changes a copy, never the object a job reads.
  std::shared_ptr<LoadedData> loaded;
  LoadStatus load;
  JobStatus refresh_work;  // a running Refresh (re-join + re-aggregation) in the background
  std::string load_error;
  std::vector<std::string> messages;  // status lines for the data panel (last load, alias saves, exports)
  std::optional<Stage> problem_stage;  // the problems panel's filter; none: every stage
  std::string alias_save_path;
  std::string alias_filter;  // the "Other..." district picker's text (one popup open at a time)
  std::string project_path = "zila_project.json";
  ExportForm export_form;
  // The data panel's look at the events before loading (columns, first rows, roles) and its database
  // dialog; the password lives only here and in the connection string, never in a project file.
  EventPreview preview;
  std::string preview_of;     // the source the preview was read from ("" = none yet)
  std::string preview_error;  // password masked
  std::string db_connection, db_password, db_table, db_sql;

  // What is shown
  MapMode mode = MapMode::values;
  AnalysisSettings analysis;
  MetricChoice choice;
  ClassStyle style;
  Timeline timeline;
  std::string jump_text;
  bool jump_failed = false;
  bool show_labels = true;
  bool labels_pending = false;   // the view's labels are still being placed, a frame at a time
  LabelSettings label_settings;  // density, pinned and hidden districts (core/map/labels.hpp)
  std::string region;  // province to zoom to ("" = fit all)
  size_t top_n = 10;

  // Interaction
  int hovered = -1;
  int selected = -1;
  ViewTransform view;
  bool view_ready = false;
  PixelRect map_area;  // window pixels not covered by panels, updated every frame
  bool side_panels_hidden = false;  // Tab: the map takes the side columns' space
  PixelRect legend_rect;            // where the legend overlay was last drawn (labels keep clear of it)
  bool legend_moved = false;        // dragged by the user: no longer placed in a corner
  int legend_corner = 0;            // 0 bottom-left, 1 bottom-right, 2 top-left, 3 top-right

  // Derived, rebuilt by MapApp when inputs change (never by panels)
  // Never null, never changed once made (new values are a new matrix): analysis jobs and the frame's
  // label priority share it past a rebuild.
  std::shared_ptr<const ValueMatrix> values = std::make_shared<const ValueMatrix>();
  Classification classes;
  PeriodClasses period_classes;      // classify_periods of values and classes, while the legend is locked
  MapFrame frame;                    // what the map shows this period (core/map_frame.hpp)
  size_t frame_version = 0;          // new with each rebuild of `frame`, for what is cached from it
  std::vector<size_t> top;           // top_districts of the period (the inspector's table), with
  std::vector<int> top_rank;         // their ranks (top_ranks)
  PeriodStats stats;                 // Gi*, Moran and change of the shown values, current period
  TrendStats trends;                 // emerging hot spots; empty until the mode or the inspector needs them
  ScanStats scan;                    // space-time scan clusters; computed while the scan mode shows them
  std::string analysis_error;
  JobStatus analysis_work;           // the scan or emerging hot spots being computed in the background
  std::vector<BBox> boxes;

  Requests requests;

  const Dataset* data() const { return loaded ? &loaded->data : nullptr; }
  bool has_weights() const { return loaded && loaded->weights.size() > 0; }
  bool has_population() const { return loaded && !loaded->data.population.population.empty(); }
  size_t period() const { return timeline.current; }
  MapSpec spec() const { return {mode, choice, style, analysis.change_percent}; }
};

}  // namespace zila::ui
