// `zila view` (and `zila` with no subcommand): the interactive map window.
#include <fmt/core.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "data_flags.hpp"
#include "render/headless_display.hpp"
#include "core/project.hpp"
#include "ui/shell/map_app.hpp"

namespace zila {
namespace {

// Seconds since this process was started (exec), from the kernel's clock-tick start time (10 ms
// resolution): start-up time includes loading the shared libraries, not only what main() does.
double process_age_seconds() {
  std::ifstream stat_file("/proc/self/stat"), uptime_file("/proc/uptime");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces; starttime is field 22.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  for (int i = 3; i < 22 && fields >> field;) ++i;
  unsigned long long start_ticks = 0;
  double uptime = 0;
  fields >> start_ticks;
  uptime_file >> uptime;
  return uptime - static_cast<double>(start_ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

constexpr int kMinWindowWidth = 320, kMinWindowHeight = 240;
constexpr double kMinUiScale = 0.5, kMaxUiScale = 4;

}  // namespace

void register_view_command(CLI::App& zila) {
  struct Settings {
    ui::ViewOptions view;
    std::string size;  // empty: the size last used, or fitted to the desktop
    std::string metric = "events";
    std::string mode = "values";
    bool xvfb = false;
    std::string project;
  };
  auto settings = std::make_shared<Settings>();
  settings->view.data = default_pipeline_options();
  CLI::App* command = zila.add_subcommand("view", "Open the interactive map (the default when no subcommand is given)");
  add_data_flags(*command, settings->view.data);
  command->add_option("--size", settings->size,
                      fmt::format("Window size WIDTHxHEIGHT ({}x{} to {} per side; default: the size the window last "
                                  "had, else 85% of the desktop)",
                                  kMinWindowWidth, kMinWindowHeight, kMaxPictureSide));
  command->add_option("--ui-scale", settings->view.ui_scale, "Scale of text and panels (HiDPI), 0.5 to 4; 0 = from the screen size")
      ->check(finite_range(kMinUiScale, kMaxUiScale, 0.0));
  command->add_flag("--xvfb", settings->xvfb,
                    "Without an X display, start a private Xvfb (for --screenshot and tests) instead of refusing");
  settings->view.countries = default_countries_path();
  command->add_option("--countries", settings->view.countries,
                      "Neighbouring countries under exported slides (as zila render; '' for none)")->capture_default_str();
  command->add_option("--region", settings->view.region, "Province to zoom to (default: the one holding most events)");
  command->add_option("--metric", settings->metric, metric_names())->capture_default_str();
  command->add_option("--mode", settings->mode,
                      "Map mode: " + enum_names_list<MapMode>() + " (rate: per 1,000 km², rate-100k: per 100,000 people, needs --population)")
      ->capture_default_str();
  command->add_flag("!--no-labels", settings->view.labels, "Hide district labels");
  command->add_option("--project", settings->project,
                      "Open a project file's data and labels (density, pinned, hidden; see zila render --project)");
  command->add_option("--step", settings->view.step, "Move the time slider this many periods after loading");
  command->add_option("--exit-after-frames", settings->view.exit_after_frames,
                      "Close after this many frames (loads synchronously; for tests and timing)");
  command->add_option("--screenshot", settings->view.screenshot, "Write the last frame as PNG (with --exit-after-frames)");
  command->add_flag("--frame-stats", settings->view.frame_stats, "Print frame-time statistics on exit");
  command->add_flag("--exit-after-first-map", settings->view.exit_after_first_map,
                    "Load as usual, close once the loaded map is on screen and print the start-up times (districts, data)");

  auto run = [settings] {
    if (!settings->project.empty()) {
      const Project project = load_project(settings->project);
      settings->view.data = project.data;
      settings->view.labels = project.render.labels;
      settings->view.label_settings = project.render.label_settings;
    }
    finish_data_flags(settings->view.data);
    if (!settings->size.empty()) {
      auto [width, height] = parse_size(settings->size, kMinWindowWidth, kMinWindowHeight);
      settings->view.width = static_cast<unsigned>(width);
      settings->view.height = static_cast<unsigned>(height);
    }
    try {
      settings->view.metric = parse_metric(settings->metric);
    } catch (const Error& e) {
      throw CLI::ValidationError("--metric", e.what());
    }
    try {
      settings->view.mode = parse_enum<MapMode>(settings->mode, "map mode");
    } catch (const Error& e) {
      throw CLI::ValidationError("--mode", e.what());
    }
    if (settings->view.mode == MapMode::rate_per_population && settings->view.data.population.path.empty())
      throw CLI::ValidationError("--mode", "rate-100k needs a population table (--population)");
    if (!settings->view.screenshot.empty() && settings->view.exit_after_frames <= 0) settings->view.exit_after_frames = 3;
    refuse_output_collisions(pipeline_inputs(settings->view.data), {{"--screenshot", settings->view.screenshot}});
    // SFML aborts (SIGABRT) without a display: say so, and how to get one.
    if (std::string problem = display_problem(); !problem.empty()) {
      if (!settings->xvfb)
        throw Error(fmt::format("{}: zila view opens a window; run it in a desktop session or under xvfb-run, or give "
                                "--xvfb for a private virtual display (screenshots, tests). zila report and zila render "
                                "need no display",
                                problem));
      fmt::print("{}\n", ensure_display());
    }
    ui::MapApp app(settings->view);
    const int code = app.run();
    if (code != 0) throw CLI::RuntimeError(code);
    if (settings->view.exit_after_first_map && app.first_map_frame() && app.first_data_frame()) {
      // The districts are drawn first, while the events load; `zila bench` reads both times.
      const auto now = std::chrono::steady_clock::now();
      const double age = process_age_seconds();
      auto after_start_ms = [&](std::chrono::steady_clock::time_point at) {
        return (age - std::chrono::duration<double>(now - at).count()) * 1000;
      };
      fmt::print("first map frame {:.0f} ms after the process started\n", after_start_ms(*app.first_map_frame()));
      fmt::print("first data frame {:.0f} ms after the process started\n", after_start_ms(*app.first_data_frame()));
      std::fflush(stdout);
    }
  };
  command->callback(run);
  // No subcommand at all: open the window on the default data.
  zila.callback([&zila, run] {
    if (zila.get_subcommands().empty()) run();
  });
}

}  // namespace zila
