#include "pipeline.hpp"

#include <fmt/core.h>

#include <exception>
#include <future>

namespace zila {

Dataset run_pipeline(const PipelineOptions& options, const PipelineHooks& hooks) {
  if (hooks.on_stage) hooks.on_stage(PipelineHooks::reading);
  // Events on their own thread; if the boundaries fail first, the future's destructor waits for it.
  std::future<EventTable> events = std::async(std::launch::async, [&options] { return load_events(options.events); });
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
  if (hooks.with_boundaries) hooks.with_boundaries(data);
  data.events = events.get();
  if (hooks.on_stage) hooks.on_stage(PipelineHooks::joining);
  rejoin(data, options);
  return data;
}

void rejoin(Dataset& data, const PipelineOptions& options) {
  std::vector<AliasEntry> aliases;
  if (!options.aliases_path.empty()) aliases = load_aliases(options.aliases_path);
  aliases.insert(aliases.end(), options.extra_aliases.begin(), options.extra_aliases.end());
  NameMatcher matcher(data.boundaries.names, aliases);
  data.join = join_events(data.events, data.boundaries, matcher, options.join);
  data.cube = build_cube(data.events, data.join.district, data.boundaries.size(), options.bin);
}

}  // namespace zila
