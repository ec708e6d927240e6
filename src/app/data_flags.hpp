// Data flags shared by `report`, `render`, `view` and `bench`: boundaries, events, columns, join, bin.
#pragma once
#include <CLI/CLI.hpp>

#include "core/pipeline.hpp"

namespace zila {

// Registers --boundaries, --layer, --name-field, --events, --district-column, ... on `command`, filling
// `options` (already holding the defaults: the README's default data). Call finish_data_flags after parse.
void add_data_flags(CLI::App& command, PipelineOptions& options);
// Checks the named files exist, so a typo gets an error naming its flag before any loading starts.
void finish_data_flags(PipelineOptions& options);
// Default data: boundaries from $ZILA_GEODATA_DIR, geodata/cache/ or ../shared/geodata/pak/ (first found),
// the reported events in assets/, the alias table in geodata/.
PipelineOptions default_pipeline_options();
// geodata/cache/countries-50m.json (Natural Earth via geodata/fetch.sh) when fetched, else "": the
// neighbouring countries under slides (`zila render`, the window's export).
std::string default_countries_path();

}  // namespace zila
