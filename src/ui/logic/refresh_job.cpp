#include "ui/logic/refresh_job.hpp"

#include <exception>

#include "core/io/postgis_source.hpp"

namespace zila::ui {

bool refreshes_in_database(const PipelineOptions& options) {
  try {
    return aggregates_in_database(options);
  } catch (const std::exception&) {
    return false;  // options a load would refuse: no database aggregation to re-run
  }
}

std::shared_ptr<LoadedData> rejoined_copy(const LoadedData& loaded, const PipelineOptions& options) {
  auto out = std::make_shared<LoadedData>(loaded);
  rejoin(out->data, options);
  return out;
}

}  // namespace zila::ui
