// `zila view` (and `zila` with no subcommand): the interactive map window.
#include <fmt/core.h>

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "data_flags.hpp"
#include "ui/map_app.hpp"

namespace zila {
namespace {

// Same order as ui::UiMetric.
constexpr const char* kMetricFlags[] = {"events", "incidents", "operations", "fatalities", "operations-minus-incidents"};

ui::UiMetric parse_ui_metric(const std::string& text) {
  for (int m = 0; m < ui::kUiMetricCount; ++m)
    if (text == kMetricFlags[m]) return static_cast<ui::UiMetric>(m);
  throw CLI::ValidationError("--metric", fmt::format("unknown metric '{}' (events, incidents, operations, fatalities, "
                                                     "operations-minus-incidents)", text));
}

// Same order as ui::MapMode.
constexpr const char* kModeFlags[] = {"values", "gistar", "moran", "emerging", "change", "rate"};

ui::MapMode parse_map_mode(const std::string& text) {
  for (int m = 0; m < ui::kMapModeCount; ++m)
    if (text == kModeFlags[m]) return static_cast<ui::MapMode>(m);
  throw CLI::ValidationError("--mode", fmt::format("unknown map mode '{}' (values, gistar, moran, emerging, change, rate)", text));
}

}  // namespace

void register_view_command(CLI::App& zila) {
  struct Settings {
    ui::ViewOptions view;
    std::string size = "1600x900";
    std::string metric = "events";
    std::string mode = "values";
  };
  auto settings = std::make_shared<Settings>();
  settings->view.data = default_pipeline_options();
  CLI::App* command = zila.add_subcommand("view", "Open the interactive map (the default when no subcommand is given)");
  add_data_flags(*command, settings->view.data);
  command->add_option("--size", settings->size, "Window size WIDTHxHEIGHT")->capture_default_str();
  command->add_option("--ui-scale", settings->view.ui_scale, "Scale of text and panels (HiDPI); 0 = from the screen size");
  command->add_option("--region", settings->view.region, "Province to zoom to (default: the one holding most events)");
  command->add_option("--metric", settings->metric, "events, incidents, operations, fatalities, operations-minus-incidents")
      ->capture_default_str();
  command->add_option("--mode", settings->mode, "Map mode: values, gistar, moran, emerging, change, rate (per 1,000 km²)")
      ->capture_default_str();
  command->add_flag("!--no-labels", settings->view.labels, "Hide district labels");
  command->add_option("--step", settings->view.step, "Move the time slider this many periods after loading");
  command->add_option("--exit-after-frames", settings->view.exit_after_frames,
                      "Close after this many frames (loads synchronously; for tests and timing)");
  command->add_option("--screenshot", settings->view.screenshot, "Write the last frame as PNG (with --exit-after-frames)");
  command->add_flag("--frame-stats", settings->view.frame_stats, "Print frame-time statistics on exit");

  auto run = [settings] {
    finish_data_flags(settings->view.data);
    unsigned w = 0, h = 0;
    if (std::sscanf(settings->size.c_str(), "%ux%u", &w, &h) != 2 || w < 320 || h < 240)
      throw CLI::ValidationError("--size", "expected WIDTHxHEIGHT, at least 320x240");
    settings->view.width = w;
    settings->view.height = h;
    settings->view.metric = parse_ui_metric(settings->metric);
    settings->view.mode = parse_map_mode(settings->mode);
    if (!settings->view.screenshot.empty() && settings->view.exit_after_frames <= 0) settings->view.exit_after_frames = 3;
    ui::MapApp app(settings->view);
    const int code = app.run();
    if (code != 0) throw CLI::RuntimeError(code);
  };
  command->callback(run);
  // No subcommand at all: open the window on the default data.
  zila.callback([&zila, run] {
    if (zila.get_subcommands().empty()) run();
  });
}

}  // namespace zila
