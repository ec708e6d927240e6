#include "join.hpp"

#include <fmt/core.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

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

// Unmatched rows are listed by place name, or under a placeholder when they had no usable name.
// Keys: a place index, or one of these (above every place index).
constexpr uint64_t kFirstPlaceholderKey = uint64_t{1} << 32;
constexpr uint64_t kKeyNoPlaceName = kFirstPlaceholderKey, kKeyNoCoordinates = kFirstPlaceholderKey + 1,
                   kKeyOutside = kFirstPlaceholderKey + 2;

std::string key_name(uint64_t key, const EventTable& events) {
  switch (key) {
    case kKeyNoPlaceName: return "(no place name)";
    case kKeyNoCoordinates: return "(no coordinates)";
    case kKeyOutside: return "(coordinates outside every district)";
    default: return events.place_names[key];
  }
}

struct Pending {
  uint64_t rows = 0, events = 0;
};

// One block of rows' share of the accounting.
struct BlockTally {
  std::array<uint64_t, kJoinMethodCount> rows_by_method{};
  uint64_t joined = 0, unmatched = 0, events_joined = 0, events_unmatched = 0, disagreement_rows = 0;
  std::map<uint64_t, Pending> unmatched_keys;
  std::vector<std::pair<size_t, int32_t>> disagreeing;  // (row index, district by coordinates)
};

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

  // Each row's final district and method, on all cores in contiguous blocks whose tallies are then
  // added up in file order (so the listed disagreements are the first ones in the file).
  struct PlaceJoin {
    int32_t district = -1;
    JoinMethod method = JoinMethod::unmatched;
  };
  std::vector<PlaceJoin> by_place(place_matches.size());
  for (size_t p = 0; p < place_matches.size(); ++p) by_place[p] = {place_matches[p].district, from_name_method(place_matches[p].method)};

  constexpr size_t kBlockRows = size_t{1} << 16;
  std::vector<BlockTally> tallies((n + kBlockRows - 1) / kBlockRows);
  tbb::parallel_for(size_t{0}, tallies.size(), [&](size_t block) {
    BlockTally& tally = tallies[block];
    const size_t end = std::min(n, (block + 1) * kBlockRows);
    for (size_t i = block * kBlockRows; i < end; ++i) {
      const uint32_t place = events.place[i];
      const PlaceJoin by_name = use_names && place != kNoPlace ? by_place[place] : PlaceJoin{};
      const int32_t by_coords = result.district[i];  // -1 unless the coordinate pass placed the point
      if (options.mode == JoinMode::hybrid && by_name.district >= 0 && by_coords >= 0 && by_name.district != by_coords) {
        ++tally.disagreement_rows;
        if (tally.disagreeing.size() < JoinResult::kMaxListedDisagreements) tally.disagreeing.push_back({i, by_coords});
      }
      // The name wins; otherwise the coordinate pass's district and method stand.
      if (by_name.district >= 0) {
        result.district[i] = by_name.district;
        result.method[i] = by_name.method;
      } else if (by_coords < 0) {
        result.method[i] = JoinMethod::unmatched;
      }
      ++tally.rows_by_method[static_cast<size_t>(result.method[i])];
      if (result.district[i] >= 0) {
        ++tally.joined;
        tally.events_joined += events.count[i];
        continue;
      }
      ++tally.unmatched;
      tally.events_unmatched += events.count[i];
      uint64_t key = place;
      if (!use_names || place == kNoPlace) {
        const bool has_point = !std::isnan(events.lon[i]);
        key = has_point ? kKeyOutside : use_names ? kKeyNoPlaceName : kKeyNoCoordinates;
      }
      Pending& pending = tally.unmatched_keys[key];
      ++pending.rows;
      pending.events += events.count[i];
    }
  });

  std::map<uint64_t, Pending> unmatched;
  for (const BlockTally& tally : tallies) {
    for (size_t m = 0; m < kJoinMethodCount; ++m) result.rows_by_method[m] += tally.rows_by_method[m];
    result.joined += tally.joined, result.unmatched += tally.unmatched;
    result.events_joined += tally.events_joined, result.events_unmatched += tally.events_unmatched;
    result.disagreement_rows += tally.disagreement_rows;
    for (const auto& [i, by_coords] : tally.disagreeing) {
      if (result.disagreements.size() == JoinResult::kMaxListedDisagreements) break;
      const uint32_t place = events.place[i];
      result.disagreements.push_back({events.source_row(i), events.place_names[place],
                                      boundaries.names[static_cast<size_t>(by_place[place].district)],
                                      boundaries.names[static_cast<size_t>(by_coords)]});
    }
    for (const auto& [key, pending] : tally.unmatched_keys) {
      Pending& total = unmatched[key];
      total.rows += pending.rows, total.events += pending.events;
    }
  }

  for (const auto& [key, pending] : unmatched) {
    UnmatchedName entry{key_name(key, events), pending.rows, pending.events, {}};
    if (key < kFirstPlaceholderKey) {
      for (int32_t candidate : place_matches[key].candidates) entry.suggestions.push_back(boundaries.names[static_cast<size_t>(candidate)]);
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
