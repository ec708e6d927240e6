#include "pipeline.hpp"

namespace zila {

Dataset run_pipeline(const PipelineOptions& options) {
  Dataset data;
  data.boundaries = load_boundaries(options.boundaries);
  if (!options.parents_path.empty()) {
    BoundaryOptions parent_options;
    parent_options.path = options.parents_path;
    parent_options.display_crs = data.boundaries.display_crs;
    data.provinces = load_boundaries(parent_options);
    assign_parents(data.boundaries, data.provinces);
  }
  data.events = load_events(options.events);
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
