// Each subcommand registers itself on the top-level CLI; its callback runs when it was given.
#pragma once
#include <CLI/CLI.hpp>

namespace zila {

void register_report_command(CLI::App& zila);
void register_bench_command(CLI::App& zila);  // synthetic events, Zila vs GeoPandas/pandas/DuckDB/GDAL
void register_view_command(CLI::App& zila);  // also the default when no subcommand is given
void register_render_command(CLI::App& zila);

}  // namespace zila
