// Data flags shared by `report`, `render`, `view` and `bench`: boundaries, events, columns, join, bin.
#pragma once
#include <CLI/CLI.hpp>

#include "core/pipeline.hpp"

namespace zila {

// Registers --boundaries, --layer, --name-field, --events, --district-column, ... on `command`, filling
// `options` (already holding the defaults: the README's default data). Call finish_data_flags after parse.
void add_data_flags(CLI::App& command, PipelineOptions& options);
// Applies flags that need post-processing (bin name, join mode, date order, category map).
void finish_data_flags(PipelineOptions& options);
// Default data paths: ../shared beside the source tree, as located at build time or by ZILA_SHARED_DIR.
PipelineOptions default_pipeline_options();

}  // namespace zila
