// Re-joining loaded data away from the UI thread: the window's Refresh (a database source re-runs its
// aggregation in the database, seconds on a large table) works on a copy, so the map keeps showing the
// data it has until the new cube arrives (MapApp runs it as a BackgroundJob, background_job.hpp).
#pragma once
#include <memory>

#include "core/pipeline.hpp"
#include "ui/logic/loader.hpp"

namespace zila::ui {

// True when a re-join of data loaded with `options` re-runs the aggregation in a database
// (core/io/postgis_source.hpp): the window then re-joins in the background and offers Refresh.
bool refreshes_in_database(const PipelineOptions& options);

// A copy of `loaded` joined and binned again with `options` (rejoin(): aliases, join mode, bin, and for
// a database source the aggregation run again); `loaded` itself is only read. Throws zila::Error like
// rejoin().
std::shared_ptr<LoadedData> rejoined_copy(const LoadedData& loaded, const PipelineOptions& options);

}  // namespace zila::ui
