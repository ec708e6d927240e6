#include "join.hpp"

#include <fmt/core.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <unordered_map>

#include "error.hpp"

namespace zila {

JoinMode parse_join_mode(const std::string& text) {
  if (text == "name") return JoinMode::name;
  if (text == "coords" || text == "coordinates") return JoinMode::coords;
  if (text == "hybrid") return JoinMode::hybrid;
  throw Error(fmt::format("unknown join mode '{}' (name, coords, hybrid)", text));
}

const char* join_mode_name(JoinMode m) {
  switch (m) {
    case JoinMode::name: return "name";
    case JoinMode::coords: return "coords";
    case JoinMode::hybrid: return "hybrid";
  }
  return "?";
}

const char* join_method_name(JoinMethod m) {
  switch (m) {
    case JoinMethod::exact: return "exact";
    case JoinMethod::alias: return "alias";
    case JoinMethod::abbreviation: return "abbreviation";
    case JoinMethod::token: return "token";
    case JoinMethod::fuzzy: return "fuzzy";
    case JoinMethod::coordinates: return "coordinates";
    case JoinMethod::snapped: return "snapped";
    case JoinMethod::unmatched: return "unmatched";
  }
  return "?";
}

namespace {

JoinMethod from_name_method(NameMatchMethod m) {
  switch (m) {
    case NameMatchMethod::exact: return JoinMethod::exact;
    case NameMatchMethod::alias: return JoinMethod::alias;
    case NameMatchMethod::abbreviation: return JoinMethod::abbreviation;
    case NameMatchMethod::token: return JoinMethod::token;
    case NameMatchMethod::fuzzy: return JoinMethod::fuzzy;
    case NameMatchMethod::none: return JoinMethod::unmatched;
  }
  return JoinMethod::unmatched;
}

// Placeholders in the unmatched list for rows that had no usable name.
constexpr const char* kNoPlaceName = "(no place name)";
constexpr const char* kNoCoordinates = "(no coordinates)";
constexpr const char* kOutside = "(coordinates outside every district)";

}  // namespace

JoinResult join_events(const EventTable& events, const Boundaries& boundaries, const NameMatcher& matcher,
                       const JoinOptions& options) {
  JoinResult result;
  size_t n = events.size();
  result.district.assign(n, -1);
  result.method.assign(n, JoinMethod::unmatched);
  result.rows_read = events.rows_read;
  result.rejected = events.rejected.size();

  bool use_names = options.mode != JoinMode::coords;
  bool use_coords = options.mode != JoinMode::name;
  // Names are resolved once per distinct string, not per row.
  std::vector<NameMatch> place_matches;
  if (use_names) {
    place_matches.reserve(events.place_names.size());
    for (const std::string& name : events.place_names) place_matches.push_back(matcher.match(name));
  }
  // Coordinates first, on all cores (the locator is read-only): each row's district by coordinates
  // goes into result.district and its method into result.method, read back by the pass below.
  if (use_coords) {
    const PointLocator locator(boundaries.lonlat);
    std::atomic<uint64_t> swapped_rows = 0, outside_rows = 0;
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 4096), [&](const tbb::blocked_range<size_t>& range) {
      uint64_t swapped = 0, outside = 0;
      for (size_t i = range.begin(); i < range.end(); ++i) {
        if (std::isnan(events.lon[i])) continue;
        int32_t by_coords = locator.locate(events.lon[i], events.lat[i]);
        JoinMethod method = JoinMethod::coordinates;
        if (by_coords < 0) {
          by_coords = locator.locate(events.lat[i], events.lon[i]);
          if (by_coords >= 0) {
            ++swapped;
          } else {
            ++outside;
            if (options.snap_km > 0) {
              by_coords = locator.nearest_within(events.lon[i], events.lat[i], options.snap_km);
              method = JoinMethod::snapped;
            }
          }
        }
        result.district[i] = by_coords;
        result.method[i] = method;
      }
      swapped_rows += swapped, outside_rows += outside;
    });
    result.points_swapped = swapped_rows, result.points_outside = outside_rows;
  }

  struct Pending {
    uint64_t rows = 0, events = 0;
    const NameMatch* match = nullptr;
  };
  std::unordered_map<std::string, Pending> unmatched;

  for (size_t i = 0; i < n; ++i) {
    int32_t by_name = -1;
    JoinMethod name_method = JoinMethod::unmatched;
    uint32_t place = events.place[i];
    if (use_names && place != kNoPlace) {
      by_name = place_matches[place].district;
      name_method = from_name_method(place_matches[place].method);
    }
    const bool has_point = !std::isnan(events.lon[i]);
    const int32_t by_coords = result.district[i];  // -1 unless the pass above placed the point
    const JoinMethod coords_method = result.method[i];

    int32_t district = -1;
    JoinMethod method = JoinMethod::unmatched;
    if (by_name >= 0) {
      district = by_name, method = name_method;
    } else if (by_coords >= 0) {
      district = by_coords, method = coords_method;
    }
    if (options.mode == JoinMode::hybrid && by_name >= 0 && by_coords >= 0 && by_name != by_coords) {
      ++result.disagreement_rows;
      if (result.disagreements.size() < JoinResult::kMaxListedDisagreements) {
        result.disagreements.push_back({events.source_row(i), events.place_names[place],
                                        boundaries.names[static_cast<size_t>(by_name)],
                                        boundaries.names[static_cast<size_t>(by_coords)]});
      }
    }

    result.district[i] = district;
    result.method[i] = method;
    ++result.rows_by_method[static_cast<size_t>(method)];
    if (district >= 0) {
      ++result.joined;
      result.events_joined += events.count[i];
      continue;
    }
    ++result.unmatched;
    result.events_unmatched += events.count[i];
    std::string key;
    const NameMatch* match = nullptr;
    if (use_names && place != kNoPlace) {
      key = events.place_names[place];
      match = &place_matches[place];
    } else if (!use_names) {
      key = has_point ? kOutside : kNoCoordinates;
    } else {
      key = has_point ? kOutside : kNoPlaceName;
    }
    Pending& entry = unmatched[key];
    ++entry.rows;
    entry.events += events.count[i];
    entry.match = match;
  }

  for (auto& [name, pending] : unmatched) {
    UnmatchedName entry{name, pending.rows, pending.events, {}};
    if (pending.match) {
      for (int32_t candidate : pending.match->candidates) entry.suggestions.push_back(boundaries.names[static_cast<size_t>(candidate)]);
    }
    result.unmatched_names.push_back(std::move(entry));
  }
  std::sort(result.unmatched_names.begin(), result.unmatched_names.end(),
            [](const UnmatchedName& a, const UnmatchedName& b) { return a.rows != b.rows ? a.rows > b.rows : a.name < b.name; });
  if (result.joined + result.unmatched + result.rejected != result.rows_read) {
    throw Error(fmt::format("internal accounting error: {} joined + {} unmatched + {} rejected != {} rows read",
                            result.joined, result.unmatched, result.rejected, result.rows_read));
  }
  return result;
}

}  // namespace zila
