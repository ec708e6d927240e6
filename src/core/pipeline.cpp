#include "core/pipeline.hpp"

#include <fmt/core.h>

#include <exception>
#include <future>

#include "core/error.hpp"
#include "core/io/postgis_source.hpp"

namespace zila {
namespace {

// The name rules for events and population rows: the boundary names, the alias table, run-time aliases.
NameMatcher name_matcher(const Boundaries& boundaries, const PipelineOptions& options) {
  std::vector<AliasEntry> aliases;
  if (!options.aliases_path.empty()) aliases = load_aliases(options.aliases_path);
  aliases.insert(aliases.end(), options.extra_aliases.begin(), options.extra_aliases.end());
  return NameMatcher(boundaries.names, aliases, options.join.match);
}

void join_and_bin(Dataset& data, const PipelineOptions& options, const NameMatcher& matcher) {
  if (aggregates_in_database(options)) return aggregate_in_database(data, options, matcher);  // re-runs the query
  data.join = join_events(data.events, data.boundaries, matcher, options.join, data.gazetteer);
  data.cube = build_cube(data.events, data.join.district, data.boundaries.size(), options.bin);
}

}  // namespace

std::vector<EventOptions> event_sources(const PipelineOptions& options) {
  std::vector<EventOptions> sources{options.events};
  sources.insert(sources.end(), options.more_events.begin(), options.more_events.end());
  return sources;
}

Dataset run_pipeline(const PipelineOptions& options, const PipelineHooks& hooks) {
  if (hooks.on_stage) hooks.on_stage(PipelineHooks::reading);
  // Events on their own thread; if the boundaries fail first, the future's destructor waits for it.
  // A database source joined by name is aggregated in the database by join_and_bin instead.
  const bool in_database = aggregates_in_database(options);
  if (in_database && !options.more_events.empty())
    throw Error("a database source joined by name is aggregated on its own: give it as the only --events");
  std::future<EventTable> events;
  if (!in_database) events = std::async(std::launch::async, [&options] { return load_events(event_sources(options)); });
  Dataset data;
  data.boundaries = load_boundaries(options.boundaries);
  if (!options.parents_path.empty()) {
    try {
      BoundaryOptions parent_options;
      parent_options.path = options.parents_path;
      parent_options.display_crs = data.boundaries.display_crs;
      data.provinces = load_boundaries(parent_options);
      assign_parents(data.boundaries, data.provinces);
    } catch (const std::exception& e) {
      if (!hooks.provinces_optional) throw;
      data.provinces = Boundaries{};
      data.notes.push_back(fmt::format("Province outlines not loaded: {}", e.what()));
    }
  }
  // One matcher (and one reading of the alias table) for the population rows and the events.
  const NameMatcher matcher = name_matcher(data.boundaries, options);
  for (const std::string& problem : matcher.alias_problems())
    data.notes.push_back(fmt::format("{}: {}", options.aliases_path.empty() ? "aliases" : options.aliases_path, problem));
  if (!options.population.path.empty()) data.population = load_population(options.population, data.boundaries, matcher);
  for (const std::string& path : options.gazetteer_paths) {
    size_t skipped = 0;
    std::vector<GazetteerPlace> places = load_gazetteer(path, &skipped);
    if (skipped) data.notes.push_back(fmt::format("{}: {} gazetteer rows without a name or a valid point skipped", path, skipped));
    data.gazetteer.insert(data.gazetteer.end(), places.begin(), places.end());
  }
  if (hooks.with_boundaries) hooks.with_boundaries(data);
  if (!in_database) data.events = events.get();
  if (hooks.on_stage) hooks.on_stage(PipelineHooks::joining);
  join_and_bin(data, options, matcher);
  for (const MisplacedSeat& seat : data.join.misplaced_seats)
    data.notes.push_back("boundary check: " + describe_misplaced_seat(seat, data.boundaries));
  return data;
}

void rejoin(Dataset& data, const PipelineOptions& options) {
  join_and_bin(data, options, name_matcher(data.boundaries, options));
}

}  // namespace zila
