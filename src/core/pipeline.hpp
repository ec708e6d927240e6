// The whole headless pipeline: boundaries + events -> join -> time cube. Used by every front end.
#pragma once
#include <functional>
#include <string>

#include "core/geo/boundaries.hpp"
#include "core/cube.hpp"
#include "core/io/event_loader.hpp"
#include "core/join/join.hpp"
#include "core/io/population.hpp"
#include "core/problems.hpp"

namespace zila {

struct PipelineOptions {
  BoundaryOptions boundaries;
  std::string parents_path;  // optional ADM1 file to name each district's province
  EventOptions events;                    // the event table (the first, when there are several)
  std::vector<EventOptions> more_events;  // further tables (e.g. operations beside incidents), added up
  JoinOptions join;
  std::string aliases_path;  // empty: no alias table
  std::vector<std::string> gazetteer_paths;  // name,lat,lon tables of towns and villages (see join_events)
  std::vector<AliasEntry> extra_aliases;  // added at run time (e.g. accepted in the join panel)
  PopulationOptions population;          // empty path: no population table
  Bin bin = Bin::month;
  // Database sources (PG:...): join and aggregate in the database (false: read every row through GDAL,
  // as a file is read; for comparisons and `zila bench --postgis`).
  bool push_down = true;
};

// `events`, then `more_events`: every table the run reads.
std::vector<EventOptions> event_sources(const PipelineOptions& options);

struct Dataset {
  Boundaries boundaries;
  Boundaries provinces;  // parents_path's polygons in the districts' display CRS; empty without one
  EventTable events;
  JoinResult join;
  Cube cube;
  PopulationTable population;  // population.population is empty without a population table
  std::vector<GazetteerPlace> gazetteer;  // the places of options.gazetteer_paths
  // Everything dropped, repaired, guessed or left unmatched, from every stage (core/problems.hpp).
  // run_pipeline gathers the loaders', the matcher's and the join's; rejoin() renews aliases and join.
  ProblemReport problems;

  // Transitional, for code that used to append to `notes`: a warning of stage `other`. New code adds a
  // Problem with its stage, source and place: data.problems.add(Severity::warning, Stage::events, path, "row 7", "...").
  void add_note(std::string text) { problems.add(Severity::warning, Stage::other, "", "", std::move(text)); }
};

// What a front end may add to a run: progress, work on the boundaries, tolerance of a bad province file.
struct PipelineHooks {
  enum Stage { reading = 0, joining = 1 };
  std::function<void(Stage)> on_stage;
  // Runs on the boundaries' thread once districts and provinces are loaded, while the events are
  // still being read (e.g. the window's spatial weights).
  std::function<void(const Dataset&)> with_boundaries;
  // Called on the events' thread once the boundaries are read (after with_boundaries' data exists),
  // before the events are: it may block until they should start. The window holds them back until
  // its first map is drawn, so that the event reader's cores do not delay that frame.
  std::function<void()> before_events;
  // A province file that cannot be read becomes a problem instead of an error: the map works without it.
  bool provinces_optional = false;
};

// Boundaries and events are read at the same time (the event reader uses the other cores), then
// joined and binned. Throws zila::Error naming the file on bad input.
Dataset run_pipeline(const PipelineOptions& options, const PipelineHooks& hooks = {});
// Re-runs join and cube on already loaded boundaries and events (alias edits, bin changes).
void rejoin(Dataset& data, const PipelineOptions& options);

}  // namespace zila
