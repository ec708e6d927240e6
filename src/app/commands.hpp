// Each subcommand registers itself on the top-level CLI; its callback runs when it was given.
#pragma once
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/io/output_file.hpp"
#include "core/pipeline.hpp"

namespace zila {

void register_report_command(CLI::App& zila);
void register_bench_command(CLI::App& zila);  // synthetic events, Zila vs GeoPandas/pandas/DuckDB/GDAL
void register_view_command(CLI::App& zila);  // also the default when no subcommand is given
void register_render_command(CLI::App& zila);

// Every file the pipeline reads, with its flag: what no output may overwrite.
inline std::vector<NamedPath> pipeline_inputs(const PipelineOptions& options) {
  std::vector<NamedPath> inputs{{"--events", options.events.path},       {"--boundaries", options.boundaries.path},
                                {"--provinces", options.parents_path},    {"--aliases", options.aliases_path},
                                {"--population", options.population.path}};
  for (const EventOptions& more : options.more_events) inputs.push_back({"--events", more.path});
  for (const std::string& gazetteer : options.gazetteer_paths) inputs.push_back({"--gazetteer", gazetteer});
  return inputs;
}

// A finite number in [min, max] (CLI::Range lets NaN through), or exactly `also` when given.
inline CLI::Validator finite_range(double min, double max, std::optional<double> also = std::nullopt) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value)) return "not a number: " + text;
        if (also && value == *also) return {};
        if (std::isfinite(value) && value >= min && value <= max) return {};
        return fmt::format("{} is outside [{}, {}]{}", text, min, max, also ? fmt::format(" (or {})", *also) : "");
      },
      fmt::format("in [{}, {}]", min, max));
}

}  // namespace zila
