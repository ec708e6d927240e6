// The whole headless pipeline: boundaries + events -> join -> time cube. Used by every front end.
#pragma once
#include <string>

#include "boundaries.hpp"
#include "cube.hpp"
#include "event_loader.hpp"
#include "join.hpp"

namespace zila {

struct PipelineOptions {
  BoundaryOptions boundaries;
  std::string parents_path;  // optional ADM1 file to name each district's province
  EventOptions events;
  JoinOptions join;
  std::string aliases_path;  // empty: no alias table
  std::vector<AliasEntry> extra_aliases;  // added at run time (e.g. accepted in the join panel)
  Bin bin = Bin::month;
};

struct Dataset {
  Boundaries boundaries;
  Boundaries provinces;  // parents_path's polygons in the districts' display CRS; empty without one
  EventTable events;
  JoinResult join;
  Cube cube;
};

Dataset run_pipeline(const PipelineOptions& options);
// Re-runs join and cube on already loaded boundaries and events (alias edits, bin changes).
void rejoin(Dataset& data, const PipelineOptions& options);

}  // namespace zila
