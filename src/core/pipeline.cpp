#include "core/pipeline.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <exception>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

#include "core/error.hpp"
#include "core/io/postgis_source.hpp"
#include "core/join/boundary_check.hpp"

namespace zila {
namespace {

// The name rules for events and population rows: the boundary names, the alias table, run-time aliases.
NameMatcher name_matcher(const Boundaries& boundaries, const PipelineOptions& options) {
  std::vector<AliasEntry> aliases;
  if (!options.aliases_path.empty()) aliases = load_aliases(options.aliases_path);
  aliases.insert(aliases.end(), options.extra_aliases.begin(), options.extra_aliases.end());
  return NameMatcher(boundaries.names, aliases, options.join.match);
}

// Lists at most `max` items, then "and N more".
std::string first_few(const std::vector<std::string>& items, size_t max = 10) {
  std::string out = fmt::format("{}", fmt::join(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), max)), ", "));
  if (items.size() > max) out += fmt::format(" and {} more", items.size() - max);
  return out;
}

// The alias table's problems ("alias 'a' -> 'b': why"), the alias as the place.
void add_alias_problems(ProblemReport& problems, const NameMatcher& matcher, const PipelineOptions& options) {
  const std::string source = options.aliases_path.empty() ? "aliases added in the window" : options.aliases_path;
  for (const std::string& problem : matcher.alias_problems()) {
    const size_t colon = problem.starts_with("alias '") ? problem.find("': ") : std::string::npos;
    if (colon == std::string::npos) problems.add(Severity::warning, Stage::aliases, source, "", problem);
    else problems.add(Severity::warning, Stage::aliases, source, problem.substr(0, colon + 1), problem.substr(colon + 3));
  }
}

// File-level notes of the event reader ("file.csv: note" once there are several files) and the
// rejected rows, one problem per reason with the first rows named.
void add_event_problems(ProblemReport& problems, const EventTable& events) {
  for (const std::string& warning : events.warnings) {
    Problem p{Severity::warning, Stage::events, events.source, "", warning};
    for (const EventSource& source : events.sources) {
      const std::string prefix = std::filesystem::path(source.path).filename().string() + ": ";
      if (events.sources.size() > 1 && warning.starts_with(prefix)) p.source = source.path, p.message = warning.substr(prefix.size());
    }
    problems.add(std::move(p));
  }
  struct Rejections {
    uint64_t rows = 0;
    std::vector<std::string> labels;  // the rows named (a database's rows have no numbers: row 0)
  };
  std::map<std::string, Rejections> by_reason;  // reason without its quoted value -> its rows
  for (const RejectedRow& r : events.rejected) {
    Rejections& rejections = by_reason[r.reason.substr(0, r.reason.find(" '"))];
    rejections.rows += r.rows;
    if (r.row > 0) rejections.labels.push_back(events.row_label(r.row));
  }
  for (const auto& [reason, rejections] : by_reason) {
    problems.add(Severity::error, Stage::events, events.source, first_few(rejections.labels),
                 fmt::format("{} row{} rejected: {} (values: the join report's rejected_rows)", rejections.rows,
                             rejections.rows == 1 ? "" : "s", reason));
  }
}

void add_population_problems(ProblemReport& problems, const PopulationTable& p, const std::string& path) {
  for (const RejectedRow& r : p.rejected) problems.add(Severity::error, Stage::population, path, fmt::format("row {}", r.row), r.reason + ", rejected");
  for (const std::string& name : p.unmatched)
    problems.add(Severity::warning, Stage::population, path, fmt::format("'{}'", name), "no district has this name; its figure is not used");
  for (const std::string& summed : p.summed)
    problems.add(Severity::info, Stage::population, path, summed, "several rows name this district; their figures are added up");
  if (size_t n = p.districts_without_figure())
    problems.add(Severity::warning, Stage::population, path, "", fmt::format("{} district{} without a population figure (no rate shown)", n, n == 1 ? "" : "s"));
}

// What the join left unmatched or decided against: one problem per unmatched name, one per kind of doubt.
void add_join_problems(ProblemReport& problems, const JoinResult& join, const std::string& source) {
  for (const UnmatchedName& u : join.unmatched_names) {
    std::string message = fmt::format("{} row{} ({} events) unmatched: {}", u.rows, u.rows == 1 ? "" : "s", u.events, unmatched_reason_text(u.reason));
    if (u.spellings.size() > 1) message += fmt::format(" (also spelt {})", fmt::join(u.spellings.begin() + 1, u.spellings.end(), ", "));
    if (!u.suggestions.empty()) message += fmt::format(" (did you mean {}?)", fmt::join(u.suggestions, ", "));
    problems.add(Severity::warning, Stage::join, source, fmt::format("'{}'", u.name), std::move(message));
  }
  auto rows = [](uint64_t n) { return fmt::format("{} row{}", n, n == 1 ? "" : "s"); };
  if (join.points_outside) problems.add(Severity::warning, Stage::join, source, "", rows(join.points_outside) + " have coordinates outside every district");
  if (join.points_swapped) problems.add(Severity::warning, Stage::join, source, "", rows(join.points_swapped) + " placed after swapping latitude and longitude");
  if (join.names_refused) problems.add(Severity::warning, Stage::join, source, "", rows(join.names_refused) + ": a guessed name refused, its point lies elsewhere");
  if (join.disagreement_rows) {
    problems.add(Severity::info, Stage::join, source, "",
                 fmt::format("{}: the name and the coordinates point to different districts ({} placed by coordinates); "
                             "listed in the join report's disagreements",
                             rows(join.disagreement_rows), join.coordinates_won));
  }
}

void join_and_bin(Dataset& data, const PipelineOptions& options, const NameMatcher& matcher) {
  data.problems.clear_stage(Stage::join);
  if (aggregates_in_database(options)) {
    data.problems.clear_stage(Stage::events);
    aggregate_in_database(data, options, matcher);  // re-runs the query, reads the events anew
    add_event_problems(data.problems, data.events);
  } else {
    data.join = join_events(data.events, data.boundaries, matcher, options.join, data.gazetteer);
    data.cube = build_cube(data.events, data.join.district, data.boundaries.size(), options.bin);
  }
  add_join_problems(data.problems, data.join, data.events.source);
}

// Boundaries, provinces, the alias table, population and gazetteers, with their problems; then the hook.
// Returns the name matcher (one reading of the alias table) for the join.
// The boundary check's findings (join/boundary_check): a seat the boundary file puts in another district.
void add_misplaced_seat_problems(Dataset& data) {
  for (const MisplacedSeat& seat : data.join.misplaced_seats) {
    data.problems.add(Severity::warning, Stage::boundaries, data.boundaries.source, seat.place,
                      "boundary check: " + describe_misplaced_seat(seat, data.boundaries));
  }
}

// `names_ready` is called as soon as the matcher and the gazetteer exist (the event reader waits for them).
std::shared_ptr<const NameMatcher> read_boundaries_and_tables(
    Dataset& data, const PipelineOptions& options, const PipelineHooks& hooks,
    const std::function<void(std::shared_ptr<const NameMatcher>, const Dataset&)>& names_ready) {
  data.boundaries = load_boundaries(options.boundaries);
  data.problems.add_all(data.boundaries.problems);
  if (!options.parents_path.empty()) {
    try {
      BoundaryOptions parent_options;
      parent_options.path = options.parents_path;
      parent_options.display_crs = data.boundaries.display_crs;
      data.provinces = load_boundaries(parent_options);
      assign_parents(data.boundaries, data.provinces);
      for (Problem p : data.provinces.problems) p.stage = Stage::provinces, data.problems.add(std::move(p));
      std::vector<std::string> outside;
      for (size_t d = 0; d < data.boundaries.size(); ++d)
        if (data.boundaries.parents[d].empty()) outside.push_back(fmt::format("'{}'", data.boundaries.names[d]));
      if (!outside.empty()) {
        data.problems.add(Severity::warning, Stage::provinces, options.parents_path, first_few(outside),
                          fmt::format("{} district{} in no province (their label point lies outside every province)",
                                      outside.size(), outside.size() == 1 ? " lies" : "s lie"));
      }
    } catch (const std::exception& e) {
      if (!hooks.provinces_optional) throw;
      data.provinces = Boundaries{};
      data.problems.add(Severity::error, Stage::provinces, options.parents_path, "", fmt::format("province outlines not loaded: {}", e.what()));
    }
  }
  // One matcher (and one reading of the alias table) for the population rows and the events.
  const auto shared_matcher = std::make_shared<const NameMatcher>(name_matcher(data.boundaries, options));
  const NameMatcher& matcher = *shared_matcher;
  add_alias_problems(data.problems, matcher, options);
  if (!options.population.path.empty()) {
    data.population = load_population(options.population, data.boundaries, matcher);
    add_population_problems(data.problems, data.population, options.population.path);
  }
  for (const std::string& path : options.gazetteer_paths) {
    size_t skipped = 0;
    std::vector<GazetteerPlace> places = load_gazetteer(path, &skipped);
    if (skipped) data.problems.add(Severity::error, Stage::gazetteer, path, "", fmt::format("{} rows without a name or a valid point skipped", skipped));
    data.gazetteer.insert(data.gazetteer.end(), places.begin(), places.end());
  }
  names_ready(shared_matcher, data);
  if (hooks.with_boundaries) hooks.with_boundaries(data);
  return shared_matcher;
}

}  // namespace

std::vector<EventOptions> event_sources(const PipelineOptions& options) {
  std::vector<EventOptions> sources{options.events};
  sources.insert(sources.end(), options.more_events.begin(), options.more_events.end());
  return sources;
}

Dataset run_pipeline(const PipelineOptions& options, const PipelineHooks& hooks) {
  if (hooks.on_stage) hooks.on_stage(PipelineHooks::reading);
  const bool in_database = aggregates_in_database(options);
  if (in_database && !options.more_events.empty())
    throw Error("a database source joined by name is aggregated on its own: give it as the only --events");
  // The events are read on a thread of their own while this one reads the boundaries. Not a TBB task:
  // the reader may block on the matcher below, and a TBB task could be run by this very thread while it
  // waits in a parallel loop, before it has made the matcher.
  std::future<EventTable> events;
  // The event reader ranks candidate place columns by how many of their names resolve to districts, so
  // it waits for the name matcher there (only when a file has several). Declared after `events`, the
  // promise is broken first when the boundaries fail, and the reader then stops with that error.
  // A name resolves when it names a district or a gazetteer place (its point then names the district).
  struct PlaceNames {
    std::shared_ptr<const NameMatcher> matcher;
    std::unordered_set<std::string> gazetteer;  // normalised names
  };
  std::promise<std::shared_ptr<const PlaceNames>> matcher_promise;
  std::shared_future<std::shared_ptr<const PlaceNames>> matcher_ready = matcher_promise.get_future().share();
  std::vector<EventOptions> sources = event_sources(options);
  for (EventOptions& source : sources) {
    source.resolves_place = [matcher_ready](std::string_view name) {
      const PlaceNames& names = *matcher_ready.get();
      return names.matcher->match(name).district >= 0 || names.gazetteer.count(normalise_place_name(name)) > 0;
    };
  }
  if (!in_database) {
    events = std::async(std::launch::async, [sources, matcher_ready, before = hooks.before_events] {
      if (before) {
        matcher_ready.get();  // the boundaries are read; when they failed (a broken promise) this throws
        before();
      }
      return load_events(sources);
    });
  }
  Dataset data;
  const std::shared_ptr<const NameMatcher> matcher = read_boundaries_and_tables(
      data, options, hooks, [&matcher_promise](std::shared_ptr<const NameMatcher> m, const Dataset& d) {
        auto place_names = std::make_shared<PlaceNames>();
        place_names->matcher = std::move(m);
        for (const GazetteerPlace& place : d.gazetteer) place_names->gazetteer.insert(normalise_place_name(place.name));
        matcher_promise.set_value(std::move(place_names));
      });
  if (!in_database) data.events = events.get();
  // Tables read through GDAL from a database are named, in reports and problems, without the password.
  data.events.source = mask_password(data.events.source);
  for (EventSource& source : data.events.sources) source.path = mask_password(source.path);
  data.boundaries.source = mask_password(data.boundaries.source);
  if (!in_database) add_event_problems(data.problems, data.events);
  if (hooks.on_stage) hooks.on_stage(PipelineHooks::joining);
  join_and_bin(data, options, *matcher);
  add_misplaced_seat_problems(data);
  return data;
}

void rejoin(Dataset& data, const PipelineOptions& options) {
  const NameMatcher matcher = name_matcher(data.boundaries, options);
  data.problems.clear_stage(Stage::aliases);
  add_alias_problems(data.problems, matcher, options);
  join_and_bin(data, options, matcher);
}

}  // namespace zila
