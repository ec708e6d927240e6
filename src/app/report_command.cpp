// `zila report`: the whole pipeline headless; a long CSV and a join report.
#include <fmt/core.h>
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/io/event_loader.hpp"
#include "core/io/output_file.hpp"
#include "core/io/postgis_source.hpp"
#include "core/join/row_audit.hpp"
#include "core/io/population.hpp"
#include "core/report.hpp"
#include "core/stats/stats_report.hpp"
#include "data_flags.hpp"

namespace zila {
namespace {

constexpr int kMaxPermutations = 99999;  // 99999 gives p down to 1e-5; more only costs time

// The population table's row accounting, as the join's is reported.
void print_population_summary(const PopulationTable& table, const std::string& path, size_t districts) {
  fmt::print(stderr, "{}: {} rows read = {} joined + {} unmatched + {} rejected; {} of {} districts without a figure\n",
             path, table.rows_read, table.joined, table.unmatched.size(), table.rejected.size(),
             table.districts_without_figure(), districts);
  if (!table.unmatched.empty()) fmt::print(stderr, "  unmatched: {}\n", fmt::join(table.unmatched, "; "));
  for (const RejectedRow& r : table.rejected) fmt::print(stderr, "  row {}: {}\n", r.row, r.reason);
  if (!table.summed.empty()) fmt::print(stderr, "  added up: {}\n", fmt::join(table.summed, "; "));
}

template <typename Settings>
void write_statistic(std::ostream& out, const Dataset& data, const Settings& settings) {
  const Boundaries& b = data.boundaries;
  SpatialWeights weights = settings.weights == "knn"
                               ? knn_weights(b.label_points, settings.knn)
                               : contiguity_weights(b.lonlat, {settings.weights == "rook" ? Contiguity::rook : Contiguity::queen});
  for (uint32_t island : weights.islands) {
    fmt::print(stderr, "note: '{}' has no neighbours ({} weights); its statistics are undefined\n", b.names[island],
               settings.weights);
  }
  std::vector<std::string> periods;
  for (int32_t start : data.cube.period_starts) periods.push_back(period_label(data.cube.bin, start));
  ReportLabels labels{b.names, periods};
  Metric metric = parse_metric(settings.metric);
  if (settings.stat == "gistar") write_gi_star_report(out, data.cube, metric, labels, weights, settings.hotspot);
  if (settings.stat == "moran") write_moran_report(out, data.cube, metric, labels, weights, settings.hotspot);
  if (settings.stat == "emerging") {
    EmergingOptions options;
    options.hotspot = settings.hotspot;
    write_emerging_report(out, data.cube, metric, labels, weights, options);
  }
  if (settings.stat == "change") {
    write_change_report(out, data.cube, metric, labels, b.area_km2, data.population.population, {});
  }
  if (settings.stat == "scan") {
    const bool by_population = !data.population.population.empty();
    if (by_population && data.population.districts_without_figure() > 0) {
      std::vector<std::string> missing;
      for (size_t i = 0; i < b.size(); ++i)
        if (!(data.population.population[i] > 0)) missing.push_back(b.names[i]);
      throw Error(fmt::format("--stat scan --population: {} district{} without a population figure: {}", missing.size(),
                              missing.size() == 1 ? "" : "s", fmt::join(missing, "; ")));
    }
    ScanResult scan = scan_cube(data.cube, metric, by_population ? data.population.population : b.area_km2, by_population,
                                b.label_points, &weights, settings.scan);
    write_scan_report(out, scan, labels);
    if (!settings.quiet) fmt::print(stderr, "{}", scan_summary(scan, labels));
  }
}

// `--list-layers FILE`: every layer (sheet) with its numbered columns; `--list-columns`: only the layer
// an --events table is read from (`layer`, or the one chosen as most like events). '#13' names column 13.
void print_layers(const std::string& path, const std::string& layer, bool only_read) {
  for (const LayerColumns& l : list_event_layers(path)) {
    const bool read = layer.empty() ? !l.chosen_because.empty() : l.name == layer;
    if (only_read && !read) continue;
    fmt::print("{}: layer '{}'{}{}\n", path, l.name, l.looks_like_events ? "" : " (no date or place column)",
               read ? fmt::format(" ({})", layer.empty() ? l.chosen_because : "--events-layer") : "");
    for (size_t i = 0; i < l.columns.size(); ++i) fmt::print("  #{} {}\n", i + 1, l.columns[i]);
  }
}

}  // namespace

void register_report_command(CLI::App& zila) {
  struct Settings {
    PipelineOptions data = default_pipeline_options();
    std::string out = "-";
    std::string join_report;
    std::string rows_out;
    bool zeros = false;
    bool quiet = false;
    std::string list_layers;
    bool list_columns = false;
    std::string stat, metric = "events", weights = "queen";
    size_t knn = 6;
    HotspotOptions hotspot;
    ScanOptions scan;
    std::string scan_model = "poisson";
    bool scan_unadjusted = false, scan_any_shape = false;
  };
  auto settings = std::make_shared<Settings>();
  CLI::App* command = zila.add_subcommand("report", "Join events to districts and write counts per district and period");
  add_data_flags(*command, settings->data);
  command->add_option("--out,-o", settings->out, "Long CSV (district,period,events,...); '-' for standard output")->capture_default_str();
  command->add_option("--join-report", settings->join_report, "Write the join report (row accounting, unmatched names) as JSON");
  command->add_option("--rows-out", settings->rows_out,
                      "Write the audit trail: one CSV line per input row of every source (district, method, "
                      "coordinates' district, distance, reason)");
  command->add_flag("--zeros", settings->zeros, "Include district x period cells without events");
  command->add_flag("--quiet,-q", settings->quiet, "No summary on standard error");
  command->add_option("--list-layers", settings->list_layers, "List the layers (sheets) of FILE with their columns, and exit");
  command->add_flag("--list-columns", settings->list_columns,
                    "List the columns of each --events table (numbered: '#13' names the 13th), and exit");
  auto* stats = command->add_option_group("Statistics");
  stats->add_option("--stat", settings->stat, "Write a statistic instead of counts: gistar, moran, emerging, change, scan")
      ->check(CLI::IsMember({"gistar", "moran", "emerging", "change", "scan"}));
  stats->add_option("--metric", settings->metric, "Metric the statistic is computed on: " + metric_names())
      ->check([](const std::string& text) {  // the one metric list (core/cube.hpp), as view and render
        try {
          parse_metric(text);
          return std::string();
        } catch (const Error& e) {
          return std::string(e.what());
        }
      })
      ->capture_default_str();
  stats->add_option("--weights", settings->weights, "Spatial weights: queen, rook (contiguity) or knn")
      ->check(CLI::IsMember({"queen", "rook", "knn"}))->capture_default_str();
  stats->add_option("--k", settings->knn, "Neighbours for --weights knn")->check(CLI::Range(1, 10000))->capture_default_str();
  stats->add_option("--permutations", settings->hotspot.permutations,
                    "Pseudo p-values: Gi* by total permutation (gi_p_sim, beside the analytic p its classes use; 0: none), "
                    "Local Moran by conditional permutation (needs >= 1)")
      ->check(CLI::Range(0, kMaxPermutations))->capture_default_str();
  stats->add_option("--seed", settings->hotspot.seed, "Seed of the permutations (results are reproducible)");
  stats->add_flag("--fdr", settings->hotspot.false_discovery_rate, "Benjamini-Hochberg false discovery rate correction");
  auto* scan = command->add_option_group("Space-time scan (--stat scan)");
  scan->add_option("--scan-model", settings->scan_model,
                   "poisson (expected from --population, else area) or permutation (space-time permutation, no population)")
      ->check(CLI::IsMember(accepted_names<ScanModel>()))->capture_default_str();
  scan->add_flag("--scan-unadjusted", settings->scan_unadjusted,
                 "Poisson: expected spread evenly over time instead of by each period's total (busy periods become clusters)");
  scan->add_option("--scan-max-share", settings->scan.max_share, "Largest share of the population (area) in a cluster")
      ->check(CLI::Range(0.001, 1.0))->capture_default_str();
  scan->add_option("--scan-max-periods", settings->scan.max_periods, "Longest cluster in periods (0: half the periods)")
      ->check(CLI::Range(0, 1000000))->capture_default_str();
  scan->add_flag("--scan-any-shape", settings->scan_any_shape,
                 "Also clusters whose districts are not connected through --weights (SaTScan's circles)");
  scan->add_option("--replications", settings->scan.replications, "Monte Carlo replications for the p-values (0: none)")
      ->check(CLI::Range(0, kMaxPermutations))->capture_default_str();
  command->callback([settings] {
    if (!settings->list_layers.empty()) return print_layers(settings->list_layers, "", false);
    finish_data_flags(settings->data);
    if (settings->list_columns) {
      for (const EventOptions& events : event_sources(settings->data)) print_layers(events.path, events.layer, true);
      return;
    }
    if (!settings->data.population.path.empty() && settings->stat != "change" && settings->stat != "scan")
      throw CLI::ValidationError("--population", "is used by --stat change (rates per 100,000 people) and --stat scan");
    settings->scan.model = parse_scan_model(settings->scan_model);
    settings->scan.adjust_for_period_totals = !settings->scan_unadjusted;
    settings->scan.contiguous = !settings->scan_any_shape;
    settings->scan.seed = settings->hotspot.seed;
    if (settings->stat == "moran" && settings->hotspot.permutations == 0)
      throw CLI::ValidationError("--permutations", "local Moran's I has permutation p-values only: give at least 1");
    if (settings->out == "-" && settings->join_report == "-")
      throw CLI::ValidationError("--join-report", "the CSV already goes to standard output: give the report a file");
    if (settings->rows_out == "-" && (settings->out == "-" || settings->join_report == "-"))
      throw CLI::ValidationError("--rows-out", "standard output is already taken: give the audit trail a file");
    if (!settings->rows_out.empty() && aggregates_in_database(settings->data))
      throw CLI::ValidationError("--rows-out", "a database source joined by name or by coordinates is counted in the "
                                               "database, so Zila never sees its rows one by one; --join hybrid reads "
                                               "them into Zila and has an audit trail");
    // Refused before any work: nothing is written over an input or twice to one file.
    refuse_output_collisions(pipeline_inputs(settings->data), {{"--out", settings->out},
                                                               {"--join-report", settings->join_report},
                                                               {"--rows-out", settings->rows_out}});
    Dataset data = run_pipeline(settings->data);
    // Both files are complete before either replaces an older one (core/output_file.hpp).
    OutputFile csv(settings->out);
    if (settings->stat.empty()) {
      write_long_csv(csv.stream(), data, settings->zeros);
    } else {
      write_statistic(csv.stream(), data, *settings);
    }
    std::optional<OutputFile> report;
    if (!settings->join_report.empty()) {
      report.emplace(settings->join_report);
      // Names from the files may hold invalid UTF-8: replaced (U+FFFD), never a failed report.
      report->stream() << join_report_json(data, settings->data).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                       << "\n";
    }
    std::optional<OutputFile> rows;
    if (!settings->rows_out.empty()) {
      rows.emplace(settings->rows_out);
      const std::vector<EventOptions> sources = event_sources(settings->data);
      write_row_audit(rows->stream(), {data.events, data.boundaries, data.join, settings->data.join, sources});
    }
    // A run that placed no row fails, naming why; its join report and audit trail are still written, the CSV is not.
    const std::string failure = nothing_joined_reason(data);
    csv.complete();
    if (report) report->complete();
    if (rows) rows->complete();
    if (failure.empty()) csv.commit();
    if (report) report->commit();
    if (rows) rows->commit();
    if (!settings->quiet) {
      if (!settings->data.population.path.empty())
        print_population_summary(data.population, settings->data.population.path, data.boundaries.size());
      fmt::print(stderr, "{}", join_summary(data));
    }
    if (!failure.empty()) throw Error(failure);
  });
}

}  // namespace zila
