// `zila render`: the composed slide as PNG or SVG, or one frame per period plus GIF/MP4, headless.
#include <algorithm>
#include <chrono>
#include <fmt/core.h>
#include <filesystem>
#include <memory>
#include <regex>

#include "commands.hpp"
#include "core/map/classify.hpp"
#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/report.hpp"
#include "core/text.hpp"
#include "data_flags.hpp"
#include "render/export.hpp"
#include "render/headless_display.hpp"
#include "core/project.hpp"
#include "render/slide_content.hpp"
#include "ui/logic/loader.hpp"
#include "ui/logic/mode_frames.hpp"

namespace zila {
namespace {

using Clock = std::chrono::steady_clock;

// Flag values as typed; applied onto RenderSettings after parsing (all of them, or with --project
// only those given on the command line).
struct RenderFlags {
  PipelineOptions data = default_pipeline_options();
  RenderSettings settings;
  std::string window = "per-period", metric = "events", method = "natural_breaks", size = "1920x1080";
  std::string mode = "values", classes = "global";
  int dpi = 0;
  std::string project, save_project;
};

constexpr int kMaxDpi = 1200;  // 16000 x 9000: within kMaxPictureSide

// The files this render writes, for refuse_output_collisions. Frames are numbered up to the period
// count, unknown before loading: any input already named like a frame in the folder is counted in.
std::vector<NamedPath> render_outputs(const RenderFlags& f, const RenderSettings& s,
                                      const std::vector<NamedPath>& inputs) {
  namespace fs = std::filesystem;
  std::vector<NamedPath> outputs{{"--save-project", f.save_project}};
  if (!s.all_periods) {
    outputs.push_back({"--out", s.out});
    return outputs;
  }
  fs::path folder = frames_folder(s);
  if (s.gif) outputs.push_back({"--gif", (folder / "animation.gif").string()});
  if (s.mp4) outputs.push_back({"--mp4", (folder / "animation.mp4").string()});
  static const std::regex frame_name_pattern("frame_[0-9]{4,}\\.png");
  for (const NamedPath& input : inputs) {
    fs::path path(input.path);
    if (!input.path.empty() && std::regex_match(path.filename().string(), frame_name_pattern) &&
        same_file(path.parent_path().empty() ? "." : path.parent_path().string(), folder.string()))
      outputs.push_back({"--all-periods", (folder / path.filename()).string()});
  }
  return outputs;
}

// The member of `object` that a path of member pointers leads to (&RenderSettings::window, &WindowSpec::mode).
template <auto First, auto... Rest>
auto& member(auto& object) {
  if constexpr (sizeof...(Rest) == 0)
    return object.*First;
  else
    return member<Rest...>(object.*First);
}

template <auto... Path>
void copy_member(const RenderSettings& from, RenderSettings& to) {
  member<Path...>(to) = member<Path...>(from);
}

// The flags whose typed value is the setting as is (CLI11 checked it): copied from the parsed flags.
struct CopiedFlag {
  const char* name;
  void (*copy)(const RenderSettings& from, RenderSettings& to);
};
using R = RenderSettings;
constexpr CopiedFlag kCopiedFlags[] = {
    {"--period", copy_member<&R::period>},
    {"--rolling", copy_member<&R::window, &WindowSpec::rolling_periods>},
    {"--class-count", copy_member<&R::classes, &ClassSpec::classes>},
    {"--permutations", copy_member<&R::permutations>},
    {"--fdr", copy_member<&R::false_discovery_rate>},
    {"--change-percent", copy_member<&R::change_percent>},
    {"--inset", copy_member<&R::inset>},
    {"--countries", copy_member<&R::countries>},
    {"--breaks", copy_member<&R::classes, &ClassSpec::manual_breaks>},
    {"--no-zero-class", copy_member<&R::classes, &ClassSpec::zero_class>},
    {"--ramp", copy_member<&R::ramp>},
    {"--extent", copy_member<&R::extent>},
    {"--title", copy_member<&R::title>},
    {"--subtitle", copy_member<&R::subtitle>},
    {"--source", copy_member<&R::source>},
    {"--labels", copy_member<&R::labels>},
    {"--label-density", copy_member<&R::label_settings, &LabelSettings::density>},
    {"--label-pin", copy_member<&R::label_settings, &LabelSettings::pinned>},
    {"--label-hide", copy_member<&R::label_settings, &LabelSettings::hidden>},
    {"--out", copy_member<&R::out>},
    {"--all-periods", copy_member<&R::all_periods>},
    {"--gif", copy_member<&R::gif>},
    {"--mp4", copy_member<&R::mp4>},
    {"--frame-seconds", copy_member<&R::frame_seconds>},
};

// What `parse` returns, its zila::Error as CLI11's error naming `flag`.
template <class Parse>
auto parse_flag(const char* flag, Parse parse) {
  try {
    return parse();
  } catch (const Error& e) {
    throw CLI::ValidationError(flag, e.what());
  }
}

void apply_flags(const CLI::App& cmd, const RenderFlags& f, RenderSettings& s, bool only_given) {
  auto given = [&](const char* name) { return !only_given || cmd.count(name) > 0; };
  const RenderSettings& v = f.settings;
  if (given("--window")) s.window.mode = parse_enum<WindowMode>(f.window, "window");
  if (given("--metric")) s.metric = parse_metric(f.metric);
  if (given("--mode")) s.mode = parse_flag("--mode", [&] { return parse_map_mode(f.mode); });
  if (given("--classes")) {
    // global | period; a number is the class count, as before --class-count existed.
    if (!f.classes.empty() && std::all_of(f.classes.begin(), f.classes.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      const int count = f.classes.size() > 6 ? kMaxClasses + 1 : std::stoi(f.classes);
      if (count < 1 || count > kMaxClasses)
        throw CLI::ValidationError("--classes", fmt::format("{} colour classes: from 1 to {} wanted", f.classes, kMaxClasses));
      s.classes.classes = count;
    } else {
      s.class_scope = parse_flag("--classes", [&] { return parse_enum<LegendMode>(f.classes, "class scope"); });
    }
  }
  if (given("--method")) s.classes.method = parse_class_method(f.method);
  for (const CopiedFlag& flag : kCopiedFlags)
    if (given(flag.name)) flag.copy(v, s);  // after --classes: --class-count wins over its number
  if (given("--size")) std::tie(s.width, s.height) = parse_size(f.size, kMinPictureSide, kMinPictureSide);
  if (f.dpi > 0) std::tie(s.width, s.height) = slide_size_at_dpi(f.dpi);
}

void run_render(const CLI::App& cmd, RenderFlags& f) {
  Project project;
  std::vector<NamedPath> inputs;
  if (!f.project.empty()) {
    project = load_project(f.project);
    inputs.push_back({"--project", f.project});
    apply_flags(cmd, f, project.render, true);
  } else {
    finish_data_flags(f.data);
    project.data = f.data;
    apply_flags(cmd, f, project.render, false);
  }
  RenderSettings& s = project.render;
  if (s.mode == MapMode::rate_per_population && project.data.population.path.empty())
    throw CLI::ValidationError("--mode", "rate-100k needs a population table (--population)");
  if (s.mode != MapMode::rate_per_population && !project.data.population.path.empty())
    throw CLI::ValidationError("--population", "a population table is used by --mode rate-100k only");
  try {
    validate_render_settings(s);
  } catch (const Error& e) {
    throw Error(f.project.empty() ? e.what() : fmt::format("project '{}': {}", f.project, e.what()));
  }
  // Everything that can be refused is refused here, before minutes of loading and rendering.
  bool svg = false;
  if (s.all_periods) {
    const std::string extension = ascii_lower(std::filesystem::path(s.out).extension().string());
    if (extension == ".svg") throw Error("--all-periods writes PNG frames; give --out a folder");
  } else {
    svg = picture_format(s.out) == PictureFormat::svg;
  }
  if ((s.gif || s.mp4) && !s.all_periods) throw Error("--gif and --mp4 need --all-periods");
  if (s.mp4 && find_program("ffmpeg").empty())  // fail before minutes of rendering, not after
    throw Error("--mp4 needs ffmpeg, which is not installed (apt-get install ffmpeg); --gif works without it");
  for (const NamedPath& input : pipeline_inputs(project.data)) inputs.push_back(input);
  inputs.push_back({"--countries", s.countries});
  refuse_output_collisions(inputs, render_outputs(f, s, inputs));
  // Before any GL use (and before SFML creates its globals): see headless_display.hpp.
  if (!svg) fmt::print("{}\n", ensure_display());

  auto start = Clock::now();
  // The window's loader where statistics need its spatial weights; the plain pipeline otherwise.
  std::unique_ptr<ui::LoadedData> loaded;
  if (mode_needs_weights(s.mode)) {
    loaded = ui::load_dataset(project.data);
  } else {
    loaded = std::make_unique<ui::LoadedData>();
    loaded->data = run_pipeline(project.data);
  }
  const Dataset& data = loaded->data;
  const Boundaries* province_ptr = data.provinces.size() ? &data.provinces : nullptr;
  fmt::print("data: {} districts, {} of {} rows joined, {} periods ({:.0f} ms)\n", data.boundaries.size(),
             data.join.joined, data.join.rows_read, data.cube.period_count(), ms_since(start));
  if (!data.problems.empty()) fmt::print("{}", problems_listing(data.problems));
  if (!f.save_project.empty()) {  // only a project whose data load
    save_project(project, f.save_project);
    fmt::print("saved project {}\n", f.save_project);
  }
  ui::AnalysisSettings analysis;
  analysis.permutations = s.permutations;
  analysis.false_discovery_rate = s.false_discovery_rate;
  auto frames = std::make_shared<ui::ModeFrames>(*loaded, map_spec(s), analysis);
  ExportExtras extras;
  extras.frames = [frames](size_t period, MapFrame& out) { frames->build(period, out); };
  Boundaries countries;
  if (!s.countries.empty()) {
    auto countries_start = Clock::now();
    countries = load_countries(s.countries, data.boundaries);
    extras.countries = &countries;
    fmt::print("countries: {} near the districts from {} ({:.0f} ms)\n", countries.size(), s.countries,
               ms_since(countries_start));
  }
  ExportReport report =
      s.all_periods ? export_frames(data, province_ptr, s, extras) : export_picture(data, province_ptr, s, extras);
  fmt::print("{}\n", report.summary);
  for (const Problem& p : report.problems) fmt::print("  {} {}: {}\n", name_of(p.severity), name_of(p.stage), p.text());
}

}  // namespace

void register_render_command(CLI::App& zila) {
  auto flags = std::make_shared<RenderFlags>();
  CLI::App* cmd = zila.add_subcommand("render", "Write the map as a presentation slide: PNG, SVG, or frames + GIF/MP4");
  add_data_flags(*cmd, flags->data);
  RenderSettings& s = flags->settings;
  cmd->add_option("--period", s.period, "Period label (2025-03) or 1-based index; default: the last");
  cmd->add_option("--window", flags->window, enum_names_list<WindowMode>())->capture_default_str();
  cmd->add_option("--rolling", s.window.rolling_periods, "Periods in a rolling window")
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd->add_option("--metric", flags->metric, metric_names())->capture_default_str();
  cmd->add_option("--mode", flags->mode, "Map mode: values, gistar, moran, emerging, change, rate (per 1,000 km²), "
                                          "rate-100k (needs --population)")->capture_default_str();
  cmd->add_option("--classes", flags->classes,
                  "global: one scale over all periods, as the window (a set of slides compares); period: this "
                  "period's own")->capture_default_str();
  cmd->add_option("--class-count", s.classes.classes, "Number of colour classes")
      ->check(CLI::Range(1, kMaxClasses))->capture_default_str();
  cmd->add_option("--permutations", s.permutations, "Permutations for Gi*, Moran and emerging p-values (0: analytic Gi*)")
      ->check(CLI::Range(0, 99999))->capture_default_str();
  cmd->add_flag("--fdr", s.false_discovery_rate, "False discovery rate correction of the hot spot p-values");
  cmd->add_flag("--change-percent", s.change_percent, "Change mode: percent instead of absolute");
  cmd->add_option("--method", flags->method, enum_names_list<ClassMethod>())->capture_default_str();
  cmd->add_option("--breaks", s.classes.manual_breaks, "Upper class bounds for --method manual");
  cmd->add_flag("--no-zero-class{false}", s.classes.zero_class, "Do not give zero its own grey class");
  cmd->add_option("--ramp", s.ramp, "Colour ramp: YlOrRd, Reds, Blues, viridis, ...")->capture_default_str();
  cmd->add_option("--extent", s.extent, "auto, all, data, a province name, or minx,miny,maxx,maxy (metres)")->capture_default_str();
  cmd->add_option("--title", s.title, "Title (default: '<Metric> by district')");
  cmd->add_option("--subtitle", s.subtitle, "Subtitle (default: the period or window)");
  cmd->add_option("--source", s.source, "Source line (default: from the file names)");
  cmd->add_flag("--labels", s.labels, "District names: every coloured district (leader lines for small ones), then others where they fit");
  cmd->add_option("--label-density", s.label_settings.density,
                  "Share of the uncoloured districts that may be named, largest first (0 to 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--label-pin", s.label_settings.pinned, "District always named (repeatable)");
  cmd->add_option("--label-hide", s.label_settings.hidden, "District never named (repeatable)");
  cmd->add_flag("--inset", s.inset, "A locator map of all districts with the slide's extent marked");
  s.countries = default_countries_path();
  cmd->add_option("--countries", s.countries, "Neighbouring countries under the map (Natural Earth countries-50m.json "
                                              "from geodata/fetch.sh; '' for none)")->capture_default_str();
  cmd->add_option("--size", flags->size, fmt::format("Picture size WIDTHxHEIGHT, e.g. 3840x2160 ({} to {} per side)",
                                                     kMinPictureSide, kMaxPictureSide))
      ->capture_default_str();
  cmd->add_option("--dpi", flags->dpi, "Size of a 13.33x7.5 in slide at this DPI (288 gives 3840x2160)")
      ->check(CLI::Range(1, kMaxDpi));
  cmd->add_option("--out", s.out, "file.png or file.svg (any case); with --all-periods a folder for the frames")
      ->capture_default_str();
  cmd->add_flag("--all-periods", s.all_periods, "One frame per period (frame_0001.png ...), classes fixed over all");
  cmd->add_flag("--gif", s.gif, "With --all-periods: also animation.gif");
  cmd->add_flag("--mp4", s.mp4, "With --all-periods: also animation.mp4 (needs ffmpeg)");
  cmd->add_option("--frame-seconds", s.frame_seconds, "Seconds per frame in GIF/MP4")
      ->check(finite_range(kMinFrameSeconds, kMaxFrameSeconds))->capture_default_str();
  cmd->add_option("--project", flags->project, "Load data and view from a project JSON; flags given here override the view");
  cmd->add_option("--save-project", flags->save_project, "Save the resolved data and view as a project JSON (once the data have loaded)");
  cmd->callback([cmd, flags] { run_render(*cmd, *flags); });
}

}  // namespace zila
