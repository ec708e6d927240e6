// `zila bench`: writes N SYNTHETIC events over the districts as CSV, times Zila stage by stage
// (median of --reps), runs GeoPandas, pandas, DuckDB and GDAL on the same file and QGIS on the same
// map frame, prints Zila vs peer with ratios, checks Zila's and GeoPandas' per-district counts, and
// writes the figures as JSON.
// Sections: settings and helpers | synthetic data | Zila stages | peers | report; the GL rows are
// bench_gl.cpp.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>
#include <random>

#include <tbb/task_arena.h>


#include "bench_common.hpp"
#include "bench_gl.hpp"
#include "bench_postgis.hpp"
#include "commands.hpp"
#include "core/map/classify.hpp"
#include "core/io/dates.hpp"
#include "core/error.hpp"
#include "core/stats/hotspot.hpp"
#include "core/stats/scan.hpp"
#include "core/text.hpp"
#include "data_flags.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Settings {
  PipelineOptions data = default_pipeline_options();
  size_t events = 1000000;
  int reps = 5;
  std::string dir = "bench-data";
  std::string json_path;
  std::string peers = "geopandas,pandas,duckdb,gdal,qgis";
  uint64_t seed = 42;
  bool no_gl = false;
  bool gl_only = false;  // the data rows the GL rows need, the GL rows and start-up; no statistics, no peers but QGIS
  bool postgis = false;
};

// One word for sh -c (popen): inside single quotes nothing is special but the quote itself, which
// closes, is escaped, and reopens ('\'').
std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}


// kB from /proc/self/status ("VmRSS:", "VmHWM:").
double status_kb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size()));
  }
  return 0;
}
// Sets VmHWM back to the current RSS, so that the next peak belongs to what runs next.
void reset_peak() { std::ofstream("/proc/self/clear_refs") << "5"; }

// ---- synthetic data --------------------------------------------------------------------------

// Uniform points over the districts' extent, kept when inside a district (rounded to the printed 6
// decimals first, so the written point is the one located); names with the variants people type.
void write_synthetic_csv(const Boundaries& b, size_t n, uint64_t seed, const std::string& path) {
  PointLocator locator(b.lonlat);
  BBox box = b.lonlat.bbox();
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> x(box.min_x, box.max_x), y(box.min_y, box.max_y);
  const int32_t first_day = 14610, last_day = 20088;  // 2010-01-01 .. 2024-12-31
  std::vector<std::string> dates;
  for (int32_t d = first_day; d <= last_day; ++d) dates.push_back(format_iso_date(d));
  std::uniform_int_distribution<int32_t> day(0, last_day - first_day);
  std::uniform_int_distribution<int> percent(0, 99), fatalities(0, 5);
  const char* categories[] = {"incident", "operation", "other"};
  std::vector<std::array<std::string, 4>> variants;  // exact, UPPER, lower, "<name> District"
  for (const std::string& name : b.names) {
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string lower = ascii_lower(name);
    variants.push_back({name, upper, lower, name + " District"});
  }
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) throw Error(fmt::format("{}: cannot write", path));
  fmt::memory_buffer buffer;
  fmt::format_to(std::back_inserter(buffer), "date,category,fatalities,district,lon,lat\n");
  for (size_t i = 0; i < n;) {
    double lon = std::round(x(random) * 1e6) / 1e6, lat = std::round(y(random) * 1e6) / 1e6;
    int32_t d = locator.locate(lon, lat);
    if (d < 0) continue;
    int p = percent(random);
    const std::string& name = variants[static_cast<size_t>(d)][p < 80 ? 0 : p < 88 ? 1 : p < 95 ? 2 : 3];
    int c = percent(random);
    const bool quote = name.find(',') != std::string::npos;
    fmt::format_to(std::back_inserter(buffer), "{},{},{},{}{}{},{:.6f},{:.6f}\n", dates[static_cast<size_t>(day(random))],
                   categories[c < 60 ? 0 : c < 90 ? 1 : 2], fatalities(random), quote ? "\"" : "", name,
                   quote ? "\"" : "", lon, lat);
    ++i;
    if (buffer.size() > (1 << 20)) {
      std::fwrite(buffer.data(), 1, buffer.size(), out);
      buffer.clear();
    }
  }
  std::fwrite(buffer.data(), 1, buffer.size(), out);
  if (std::fclose(out) != 0) throw Error(fmt::format("{}: write failed", path));
}

// ---- figures ------------------------------------------------------------------------------------

struct Figures {
  json zila = json::object(), peers = json::object(), checks = json::object();
};

std::map<std::string, uint64_t> counts_by_name(const Boundaries& b, const JoinResult& join) {
  std::map<std::string, uint64_t> counts;
  for (int32_t d : join.district) {
    if (d >= 0) ++counts[b.names[static_cast<size_t>(d)]];
  }
  return counts;
}

Classification classify_all_periods(const Cube& cube) {
  const auto& all = cube.values[static_cast<size_t>(Metric::events)];
  return classify(std::span<const double>(all.data(), all.size()), ClassSpec{});
}

// ---- start-up ------------------------------------------------------------------------------------

// From starting `zila view` on the CSV (as a user would: the data loads in the background) until the
// first frame showing the districts (drawn while the events load) and until the first frame showing
// the loaded data, as `zila view --exit-after-first-map` reports them from its process start; a fresh
// process each time, medians into `first_map_ms` and `first_data_ms`.
void startup_rows(const Settings& s, const std::string& csv, Figures& fig) {
  const std::string command =
      fmt::format("{} view --boundaries {} --provinces {} --aliases {} --events {} --size 1920x1080 --exit-after-first-map 2>&1",
                  shell_quoted(fs::read_symlink("/proc/self/exe").string()),
                  shell_quoted(s.data.boundaries.path), shell_quoted(s.data.parents_path), shell_quoted(s.data.aliases_path),
                  shell_quoted(csv));
  std::vector<double> map_times, data_times;
  for (int rep = 0; rep < std::max(s.reps, 1); ++rep) {
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw Error("cannot start zila view for the start-up timing");
    std::string output;
    double first_map = std::nan(""), first_data = std::nan("");
    char line[4096];
    while (std::fgets(line, sizeof line, pipe)) {
      output += line;
      std::sscanf(line, "first map frame %lf ms", &first_map);
      std::sscanf(line, "first data frame %lf ms", &first_data);
    }
    if (::pclose(pipe) != 0 || std::isnan(first_map) || std::isnan(first_data))
      throw Error(fmt::format("zila view did not show the map: {}", output.substr(0, 2000)));
    map_times.push_back(first_map);
    data_times.push_back(first_data);
  }
  std::sort(map_times.begin(), map_times.end());
  std::sort(data_times.begin(), data_times.end());
  fig.zila["startup_first_map_ms"] = map_times[map_times.size() / 2];
  fig.zila["startup_first_data_ms"] = data_times[data_times.size() / 2];
}

// ---- Zila stages ----------------------------------------------------------------------------------

Dataset zila_rows(const Settings& s, const std::string& csv, Boundaries boundaries, Figures& fig) {
  EventOptions events = s.data.events;
  events.path = csv;
  std::vector<AliasEntry> aliases;
  if (!s.data.aliases_path.empty()) aliases = load_aliases(s.data.aliases_path);
  NameMatcher matcher(boundaries.names, aliases);
  const double n = static_cast<double>(s.events);

  // Memory first, in a fresh state: the peak of ingest alone, then of ingest + coordinate join + cube.
  Dataset data;
  double before_kb = status_kb("VmRSS:");
  reset_peak();
  data.events = load_events(events);
  fig.zila["ingest_peak_bytes_per_event"] = (status_kb("VmHWM:") - before_kb) * 1024 / n;
  data.join = join_events(data.events, boundaries, matcher, {JoinMode::coords, 0});
  data.cube = build_cube(data.events, data.join.district, boundaries.size(), Bin::month);
  fig.zila["pipeline_peak_bytes_per_event"] = (status_kb("VmHWM:") - before_kb) * 1024 / n;
  fig.zila["process_peak_bytes_per_event"] = status_kb("VmHWM:") * 1024 / n;
  fig.zila["rows"] = data.events.size();

  fig.zila["ingest_ms"] = median_ms(s.reps, [&] {
    data.events = EventTable{};
    data.events = load_events(events);
  });
  JoinResult by_name, by_coords;
  fig.zila["name_join_ms"] = median_ms(s.reps, [&] { by_name = join_events(data.events, boundaries, matcher, {JoinMode::name, 0}); });
  fig.zila["pip_join_ms"] = median_ms(s.reps, [&] { by_coords = join_events(data.events, boundaries, matcher, {JoinMode::coords, 0}); });
  fig.zila["cube_ms"] = median_ms(s.reps, [&] { data.cube = build_cube(data.events, by_name.district, boundaries.size(), Bin::month); });
  fig.zila["name_joined_rows"] = by_name.joined;
  fig.zila["name_path_ms"] = fig.zila["ingest_ms"].get<double>() + fig.zila["name_join_ms"].get<double>() + fig.zila["cube_ms"].get<double>();
  fig.zila["coords_path_ms"] = fig.zila["ingest_ms"].get<double>() + fig.zila["pip_join_ms"].get<double>() + fig.zila["cube_ms"].get<double>();

  Classification classes;
  fig.zila["classification_ms"] = median_ms(s.reps, [&] { classes = classify_all_periods(data.cube); });
  SliderStep step(data.cube);
  size_t period = 0;
  fig.zila["slider_step_cpu_ms"] = median_ms(s.reps * 20, [&] { step.colour(period++ % data.cube.period_count()); });

  std::map<std::string, uint64_t> counts = counts_by_name(boundaries, by_coords);
  json& out = fig.checks["zila_counts"];
  for (const auto& [name, count] : counts) out[name] = count;
  data.join = std::move(by_coords);
  data.boundaries = std::move(boundaries);
  return data;
}

// ---- statistics -------------------------------------------------------------------------------------

// User CPU of the whole process so far (every thread), ms: the scan rows' figure that a loaded
// machine does not inflate the way it does their wall time.
double process_user_ms() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec) * 1e3 + static_cast<double>(usage.ru_utime.tv_usec) / 1e3;
}

// Gi* and Local Moran with 999 permutations and the space-time scan with 999 replications (Poisson,
// then space-time permutation) over the districts x 180 months, on 2 threads as on the project's
// 2-core machines. SYNTHETIC sparse counts
// shaped like the drone strikes (420 events, 70% in the 3 districts nearest the first one): the
// scan's cost grows with the events and the months that hold them.
void statistics_rows(const Settings& s, const Boundaries& b, Figures& fig) {
  const size_t n = b.size(), periods = 180, events = 420;
  if (n < 4) return;
  std::mt19937_64 random(s.seed);
  std::vector<uint32_t> nearest(n);
  std::iota(nearest.begin(), nearest.end(), 0u);
  auto distance = [&](uint32_t d) { return std::hypot(b.label_points[d].x - b.label_points[0].x, b.label_points[d].y - b.label_points[0].y); };
  std::sort(nearest.begin(), nearest.end(), [&](uint32_t x, uint32_t y) { return distance(x) < distance(y); });
  std::uniform_int_distribution<size_t> month(0, periods - 1), any(0, n - 1), hot(0, 2);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> counts(periods * n, 0.0);
  for (size_t e = 0; e < events; ++e) counts[month(random) * n + (unit(random) < 0.7 ? nearest[hot(random)] : any(random))] += 1;
  const SpatialWeights weights = contiguity_weights(b.lonlat);
  const HotspotOptions options{.permutations = 999, .seed = s.seed};
  tbb::task_arena two_threads(2);
  two_threads.execute([&] {
    auto start = Clock::now();
    local_gi_star_periods(counts, periods, weights, options);
    fig.zila["gi_star_999_ms"] = ms_since(start);
    start = Clock::now();
    for (size_t t = 0; t < periods; ++t) local_moran(std::span<const double>(counts).subspan(t * n, n), weights, options, t);
    fig.zila["moran_999_ms"] = ms_since(start);
    ScanInput input{counts, periods, n, b.area_km2, false, {}, b.label_points, &weights};
    ScanOptions scan;
    scan.seed = s.seed;
    start = Clock::now();
    double user = process_user_ms();
    const ScanResult result = space_time_scan(input, scan);
    fig.zila["scan_999_ms"] = ms_since(start);
    fig.zila["scan_999_user_ms"] = process_user_ms() - user;
    fig.zila["scan_zones"] = result.zones;
    scan.model = ScanModel::space_time_permutation;
    start = Clock::now();
    user = process_user_ms();
    space_time_scan(input, scan);
    fig.zila["scan_permutation_999_ms"] = ms_since(start);
    fig.zila["scan_permutation_999_user_ms"] = process_user_ms() - user;
  });
  fig.zila["statistics_districts"] = n;
}

// ---- peers -----------------------------------------------------------------------------------------

bool wanted(const Settings& s, const std::string& peer) {
  return ("," + s.peers + ",").find("," + peer + ",") != std::string::npos;
}

// Runs a peer script; its last stdout line is a JSON object of figures. Failures are reported, not fatal,
// with the peer's own standard error (a Python traceback, a missing module), kept in a file beside.
json run_peer(const std::string& name, const std::string& command) {
  fmt::print("  {} ...\n", name);
  std::fflush(stdout);
  const fs::path errors = fs::temp_directory_path() / fmt::format("zila-bench-peer-{}.err", ::getpid());
  std::FILE* pipe = ::popen((command + " 2>" + shell_quoted(errors.string())).c_str(), "r");
  std::string output, last;
  if (pipe) {
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  }
  int status = pipe ? ::pclose(pipe) : -1;
  size_t end = output.find_last_not_of('\n');
  if (end != std::string::npos) last = output.substr(output.rfind('\n', end) + 1, end - output.rfind('\n', end));
  json figures = json::parse(last, nullptr, false);
  std::string peer_errors;
  if (std::ifstream file{errors}) peer_errors.assign(std::istreambuf_iterator<char>(file), {});
  fs::remove(errors);
  if (status != 0 || figures.is_discarded() || !figures.is_object()) {
    // The end of the peer's standard error says why (a traceback ends with the exception).
    std::string why = peer_errors.size() > 2000 ? peer_errors.substr(peer_errors.size() - 2000) : peer_errors;
    if (why.empty()) why = output.substr(0, 2000);
    if (why.empty()) why = "no output";
    fmt::print(stderr, "zila bench: {} failed (status {}): {}\n", name, status, why);
    return json{{"error", why}};
  }
  return figures;
}

void peer_rows(const Settings& s, const std::string& csv, const Boundaries& b, Figures& fig) {
  const std::string bench = std::string(ZILA_SOURCE_DIR) + "/bench/";
  const std::string districts = s.data.boundaries.path;
  if (wanted(s, "pandas")) {
    fig.peers["pandas"] = run_peer("pandas read_csv + groupby", "/usr/bin/python3 " + shell_quoted(bench + "pandas_peer.py") + " " + shell_quoted(csv));
  }
  if (wanted(s, "duckdb")) {
    fig.peers["duckdb"] = run_peer("DuckDB (node, 2 threads)", "node " + shell_quoted(bench + "duckdb_peer.mjs") + " " + shell_quoted(csv));
  }
  if (wanted(s, "gdal")) {
    fig.peers["gdal"] = run_peer("GDAL ogr2ogr -dialect SQLite", "sh " + shell_quoted(bench + "gdal_peer.sh") + " " + shell_quoted(csv) + " " +
                                                                     shell_quoted(districts) + " " + shell_quoted(b.name_field) + " " + shell_quoted(s.dir));
  }
  if (wanted(s, "geopandas")) {
    std::string counts = (fs::path(s.dir) / "geopandas_counts.json").string();
    fig.peers["geopandas"] = run_peer("GeoPandas read_csv + sjoin + groupby",
                                      "/usr/bin/python3 " + shell_quoted(bench + "geopandas_peer.py") + " " + shell_quoted(csv) + " " +
                                          shell_quoted(districts) + " " + shell_quoted(b.name_field) + " " + shell_quoted(counts));
    json theirs = json::parse(std::ifstream(counts), nullptr, false);
    bool same = !theirs.is_discarded() && theirs == fig.checks["zila_counts"];
    fig.checks["geopandas_counts_identical"] = same;
    if (!same && !theirs.is_discarded()) {
      for (auto& [name, count] : fig.checks["zila_counts"].items()) {
        if (!theirs.contains(name) || theirs[name] != count) {
          fmt::print("  {}: Zila {} GeoPandas {}\n", name, count.dump(), theirs.contains(name) ? theirs[name].dump() : "0");
        }
      }
    }
  }
}

// QGIS rendering the frame rows' choropleth (written by gl_rows) at 1080p on the CPU, warm: as many
// timed renders as Zila's frame rows take.
void qgis_peer_row(const Settings& s, Figures& fig) {
  const std::string script = std::string(ZILA_SOURCE_DIR) + "/bench/qgis_peer.py";
  fig.peers["qgis"] = run_peer("QGIS map render 1920x1080 (offscreen)",
                               "QT_QPA_PLATFORM=offscreen /usr/bin/python3 " + shell_quoted(script) + " " +
                                   shell_quoted(frame_choropleth_path(s.dir)) + fmt::format(" {} 3 ", s.reps * 4) +
                                   shell_quoted((fs::path(s.dir) / "qgis_frame_1080p.png").string()));
}

// ---- report ------------------------------------------------------------------------------------------

double figure(const json& object, const char* key) {
  return object.contains(key) && object[key].is_number() ? object[key].get<double>() : std::nan("");
}

void print_table(const Figures& fig, size_t events) {
  const json& z = fig.zila;
  auto peer = [&](const char* name, const char* key) { return fig.peers.contains(name) ? figure(fig.peers[name], key) : std::nan(""); };
  fmt::print("\nzila bench: {} SYNTHETIC events, median times\n", events);
  fmt::print("{:<34} {:>11}  {:<34} {:>11} {:>9}\n", "stage", "Zila ms", "peer", "peer ms", "peer/Zila");
  auto row = [&](const char* stage, double zila, const char* name, double theirs) {
    std::string ratio = std::isnan(theirs) || zila <= 0 ? "-" : fmt::format("{:.1f}x", theirs / zila);
    std::string peer_ms = std::isnan(theirs) ? "skipped" : fmt::format("{:.1f}", theirs);
    fmt::print("{:<34} {:>11.3f}  {:<34} {:>11} {:>9}\n", stage, zila, name, name[0] ? peer_ms : "", name[0] ? ratio : "");
  };
  row("ingest CSV -> columns", figure(z, "ingest_ms"), "pandas read_csv", peer("pandas", "read_ms"));
  row("name path: ingest+join+cube", figure(z, "name_path_ms"), "pandas read_csv+groupby", peer("pandas", "total_ms"));
  row("", figure(z, "name_path_ms"), "DuckDB read_csv+GROUP BY", peer("duckdb", "total_ms"));
  row("", figure(z, "name_path_ms"), "GDAL ogr2ogr SQLite GROUP BY", peer("gdal", "group_by_ms"));
  row("coords path: ingest+PIP+cube", figure(z, "coords_path_ms"), "GeoPandas read+sjoin+groupby", peer("geopandas", "total_ms"));
  row("", figure(z, "coords_path_ms"), "GDAL ST_Within (GPKG, rtree)", peer("gdal", "within_ms"));
  row("point-in-polygon join", figure(z, "pip_join_ms"), "GeoPandas sjoin within", peer("geopandas", "sjoin_ms"));
  row("name join", figure(z, "name_join_ms"), "", 0);
  row("cube (district x month)", figure(z, "cube_ms"), "pandas groupby", peer("pandas", "groupby_ms"));
  row("classification (all periods)", figure(z, "classification_ms"), "", 0);
  row("slider step: colours+legend+top", figure(z, "slider_step_cpu_ms"), "", 0);
  row("Gi* 999 perms, x 180 months, 2 thr", figure(z, "gi_star_999_ms"), "", 0);
  row("Local Moran 999 perms, 180 months", figure(z, "moran_999_ms"), "", 0);
  row("space-time scan 999 replications", figure(z, "scan_999_ms"), "", 0);
  row("  its user CPU, both threads", figure(z, "scan_999_user_ms"), "", 0);
  row("scan, permutation model, 999 reps", figure(z, "scan_permutation_999_ms"), "", 0);
  row("  its user CPU, both threads", figure(z, "scan_permutation_999_user_ms"), "", 0);
  if (z.contains("frame_1080p_ms")) {
    row("colour upload (GL)", figure(z, "colour_upload_ms"), "", 0);
    row("slider step total (CPU+upload)", figure(z, "slider_step_total_ms"), "", 0);
    row("label placement (after a step)", figure(z, "label_placement_ms"), "", 0);
    row("frame 1920x1080", figure(z, "frame_1080p_ms"), "from geometry every frame", figure(z, "frame_1080p_geometry_ms"));
    row("", figure(z, "frame_1080p_ms"), "QGIS render, same choropleth", peer("qgis", "median_ms"));
    row("frame 1920x1080 while panning", figure(z, "frame_1080p_panning_ms"), "", 0);
    row("frame 1920x1080, layers by shader", figure(z, "frame_1080p_shader_ms"), "layers on the CPU", figure(z, "frame_1080p_ms"));
    row("window map frame 1920x1080", figure(z, "window_frame_1080p_ms"), "before: layers over the whole window", figure(z, "window_frame_1080p_before_ms"));
    row("", figure(z, "window_frame_1080p_ms"), "by the layers shader into the window", figure(z, "window_frame_1080p_shader_ms"));
    row("window map frame while panning", figure(z, "window_frame_1080p_panning_ms"), "", 0);
    row("export 3840x2160 PNG", figure(z, "export_4k_png_ms"), "", 0);
    row("  of it: PNG encoding", figure(z, "png_encode_4k_ms"), "SFML saveToFile (stb)", figure(z, "png_encode_4k_sfml_ms"));
    row("start-up to first map frame", figure(z, "startup_first_map_ms"), "", 0);
    row("start-up to the data on the map", figure(z, "startup_first_data_ms"), "", 0);
    if (z.contains("startup_error")) fmt::print("start-up row failed: {}\n", z["startup_error"].get<std::string>());
    row("scale 100k: tessellation", figure(z, "scale_tessellation_ms"), "", 0);
    row("scale 100k: slider step CPU", figure(z, "scale_slider_step_cpu_ms"), "", 0);
    row("scale 100k: colour upload", figure(z, "scale_colour_upload_ms"), "", 0);
    row("scale 100k: slider step total", figure(z, "scale_slider_step_total_ms"), "", 0);
    row("scale 100k: label placement", figure(z, "scale_label_placement_ms"), "", 0);
    row("scale 100k: frame 1920x1080", figure(z, "scale_frame_1080p_ms"), "from geometry every frame",
        figure(z, "scale_frame_1080p_geometry_ms"));
    row("scale 100k: frame while panning", figure(z, "scale_frame_1080p_panning_ms"), "", 0);
    row("scale 100k: frame, layers by shader", figure(z, "scale_frame_1080p_shader_ms"), "layers on the CPU",
        figure(z, "scale_frame_1080p_ms"));
    row("scale 100k: window map frame", figure(z, "scale_window_frame_1080p_ms"), "before: layers over the whole window",
        figure(z, "scale_window_frame_1080p_before_ms"));
    row("", figure(z, "scale_window_frame_1080p_ms"), "by the layers shader into the window",
        figure(z, "scale_window_frame_1080p_shader_ms"));
    row("scale 100k: window frame panning", figure(z, "scale_window_frame_1080p_panning_ms"), "", 0);
  } else {
    fmt::print("frame, 4K export and 100k-polygon rows: skipped (no GL: {})\n",
               z.contains("gl_error") ? z["gl_error"].get<std::string>() : "built without the window");
  }
  fmt::print("peak memory: ingest {:.1f} B/event, ingest+PIP join+cube {:.1f} B/event, whole process {:.1f} B/event\n",
             figure(z, "ingest_peak_bytes_per_event"), figure(z, "pipeline_peak_bytes_per_event"),
             figure(z, "process_peak_bytes_per_event"));
  if (fig.peers.contains("geopandas")) {
    fmt::print("GeoPandas peak RSS {:.0f} MB; GDAL GeoPackage build {:.1f} ms (not in the ST_Within row)\n",
               peer("geopandas", "peak_rss_mb"), peer("gdal", "gpkg_ms"));
  }
  if (fig.peers.contains("qgis")) {
    const json& qgis = fig.peers["qgis"];
    if (qgis.contains("error")) fmt::print("QGIS frame peer failed: {}\n", qgis["error"].get<std::string>());
    else fmt::print("QGIS {} frame 1920x1080: median {:.2f} ms, fastest {:.2f} ms of {} warm renders (first {:.1f} ms)\n",
                    qgis.value("qgis", "?"), peer("qgis", "median_ms"), peer("qgis", "min_ms"), qgis.value("renders", 0),
                    peer("qgis", "first_ms"));
  }
  if (fig.checks.contains("geopandas_counts_identical")) {
    fmt::print("per-district counts, Zila vs GeoPandas: {}\n", fig.checks["geopandas_counts_identical"].get<bool>() ? "OK" : "MISMATCH");
  }
}

}  // namespace

void register_bench_command(CLI::App& zila) {
  auto settings = std::make_shared<Settings>();
  CLI::App* command = zila.add_subcommand("bench", "Benchmark Zila against GeoPandas, pandas, DuckDB, GDAL and QGIS on synthetic events");
  // The events are generated, so of the data flags only the boundaries and the alias table apply.
  command->add_option("--boundaries", settings->data.boundaries.path, "District polygons the events are generated over")
      ->capture_default_str();
  command->add_option("--name-field", settings->data.boundaries.name_field, "District name field (default: auto)");
  command->add_option("--aliases", settings->data.aliases_path, "Alias table CSV for the name join")->capture_default_str();
  command->add_option("--events", settings->events, "Synthetic events to generate (100000, 1000000, 10000000)");
  command->add_option("--reps", settings->reps, "Repetitions per Zila stage (the median is reported)");
  command->add_option("--dir", settings->dir, "Folder for the synthetic CSV and the peers' files");
  command->add_option("--json", settings->json_path, "Write the figures as JSON to this file");
  command->add_option("--peers", settings->peers, "Comma-separated peers to run: geopandas,pandas,duckdb,gdal,qgis (none: only Zila)");
  command->add_option("--seed", settings->seed, "Seed of the synthetic data");
  command->add_flag("--no-gl", settings->no_gl, "Skip the frame, 4K export and 100k-polygon rows");
  command->add_flag("--gl-only", settings->gl_only, "Only the data, frame, export, 100k-polygon and start-up rows: no statistics, no peers but QGIS");
  command->add_flag("--postgis", settings->postgis, "Only the database rows: push-down vs rows through GDAL vs psql GROUP BY");
  command->callback([settings] {
    Settings& s = *settings;
    s.data.events.path.clear();  // checked by finish_data_flags otherwise; the bench writes its own
    s.data.more_events.clear();
    finish_data_flags(s.data);
    if (s.postgis) return run_postgis_bench({s.data, s.events, s.reps, s.dir, s.json_path, s.seed});
    fs::create_directories(s.dir);
    Boundaries boundaries = load_boundaries(s.data.boundaries);
    std::string csv = (fs::path(s.dir) / fmt::format("SYNTHETIC_events_{}.csv", s.events)).string();
    auto start = Clock::now();
    write_synthetic_csv(boundaries, s.events, s.seed, csv);
    fmt::print("wrote {} SYNTHETIC events over {} districts to {} ({:.0f} MB) in {:.1f} s\n", s.events, boundaries.size(), csv,
               static_cast<double>(fs::file_size(csv)) / 1e6, ms_since(start) / 1000);
    Figures fig;
    fig.zila["events"] = s.events;
    Boundaries copy = boundaries;
    Dataset data = zila_rows(s, csv, std::move(copy), fig);
    if (!s.gl_only) statistics_rows(s, boundaries, fig);
    if (!s.no_gl) {
      try {
        gl_rows({s.dir, s.reps, s.seed}, data, fig.zila);
      } catch (const Error& e) {
        fig.zila["gl_error"] = e.what();
      }
      try {
        startup_rows(s, csv, fig);
      } catch (const Error& e) {
        fig.zila["startup_error"] = e.what();
      }
    }
    data = Dataset{};  // the peers get the machine's memory
    fmt::print("peers:\n");
    if (!s.gl_only) peer_rows(s, csv, boundaries, fig);
    if (fig.zila.contains("frame_1080p_ms") && wanted(s, "qgis")) qgis_peer_row(s, fig);
    print_table(fig, s.events);
    if (!s.json_path.empty()) {
      json all{{"synthetic", true}, {"events_csv", csv}, {"events", s.events}, {"zila", fig.zila}, {"peers", fig.peers}, {"checks", fig.checks}};
      std::ofstream(s.json_path) << all.dump(2) << "\n";
    }
  });
}

}  // namespace zila
