// `zila bench --postgis`: the same N synthetic events in a throw-away PostGIS, time to the cube and
// peak memory by push-down, by pulling the rows through GDAL, and by a hand-written GROUP BY in psql.
#pragma once
#include <cstdint>
#include <string>

#include "core/pipeline.hpp"

namespace zila {

struct PostgisBenchSettings {
  PipelineOptions data;  // boundaries, aliases and gazetteer as the runs use them
  size_t events = 1000000;
  int reps = 1;
  std::string dir;        // the synthetic CSV, the cubes and the cluster (removed at the end)
  std::string json_path;  // empty: no JSON
  uint64_t seed = 42;
};

void run_postgis_bench(const PostgisBenchSettings& settings);

}  // namespace zila
