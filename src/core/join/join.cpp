#include "core/join/join.hpp"

#include <fmt/core.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/error.hpp"

namespace zila {

bool is_firm_name_method(JoinMethod m) {
  return m == JoinMethod::exact || m == JoinMethod::alias || m == JoinMethod::abbreviation || m == JoinMethod::spelling;
}

const char* unmatched_reason_text(UnmatchedReason r) {
  switch (r) {
    case UnmatchedReason::not_resolved: return "name not resolved";
    case UnmatchedReason::name_refused: return "name refused: its point lies in another district";
    case UnmatchedReason::outside: return "coordinates outside the boundaries";
  }
  return "?";
}

namespace {

JoinMethod from_name_method(NameMatchMethod m) {
  switch (m) {
    case NameMatchMethod::exact: return JoinMethod::exact;
    case NameMatchMethod::alias: return JoinMethod::alias;
    case NameMatchMethod::abbreviation: return JoinMethod::abbreviation;
    case NameMatchMethod::spelling: return JoinMethod::spelling;
    case NameMatchMethod::token: return JoinMethod::token;
    case NameMatchMethod::fuzzy: return JoinMethod::fuzzy;
    case NameMatchMethod::none: return JoinMethod::unmatched;
  }
  return JoinMethod::unmatched;
}

// Unmatched rows are listed by normalised place name and reason, or under a placeholder when they
// had no usable name. Keys: group * kReasonCount + reason, or one of the placeholders (above those).
constexpr uint64_t kReasonCount = 3;
constexpr uint64_t kFirstPlaceholderKey = uint64_t{1} << 40;
constexpr uint64_t kKeyNoPlaceName = kFirstPlaceholderKey, kKeyNoCoordinates = kFirstPlaceholderKey + 1,
                   kKeyOutside = kFirstPlaceholderKey + 2;

std::string placeholder_name(uint64_t key) {
  switch (key) {
    case kKeyNoPlaceName: return "(no place name)";
    case kKeyNoCoordinates: return "(no coordinates)";
    default: return "(coordinates outside every district)";
  }
}

struct Pending {
  uint64_t rows = 0, events = 0;
  std::map<uint32_t, uint64_t> rows_by_place;      // raw spellings
  std::map<int32_t, uint64_t> rows_by_coords;      // districts of the rows' points
  std::map<int32_t, uint64_t> rows_by_name;        // districts of refused names
};

// One block of rows' share of the accounting.
struct BlockTally {
  std::array<uint64_t, kJoinMethodCount> rows_by_method{};
  uint64_t joined = 0, unmatched = 0, events_joined = 0, events_unmatched = 0;
  uint64_t disagreement_rows = 0, coordinates_won = 0, names_refused = 0;
  std::map<uint64_t, Pending> unmatched_keys;
  std::vector<JoinResult::Disagreement> disagreements;  // the block's first kMaxListedDisagreements
};

// Each distinct place string's name match and its group (one per normalised form), on all cores.
struct PlaceMatches {
  std::vector<NameMatch> match;
  std::vector<bool> by_gazetteer;
  std::vector<uint32_t> group;
  std::vector<uint32_t> group_first_place;
};

PlaceMatches match_places(const std::vector<std::string>& names, const NameMatcher& matcher) {
  PlaceMatches out;
  out.match.resize(names.size());
  out.by_gazetteer.assign(names.size(), false);
  std::vector<std::string> normalised(names.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, names.size(), 64), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t p = range.begin(); p < range.end(); ++p) {
      out.match[p] = matcher.match(names[p]);
      normalised[p] = normalise_place_name(names[p]);
    }
  });
  std::unordered_map<std::string, uint32_t> group_of;
  out.group.resize(names.size());
  for (size_t p = 0; p < names.size(); ++p) {
    const auto [it, inserted] = group_of.emplace(std::move(normalised[p]), static_cast<uint32_t>(out.group_first_place.size()));
    if (inserted) out.group_first_place.push_back(static_cast<uint32_t>(p));
    out.group[p] = it->second;
  }
  return out;
}

// Unresolved names that are gazetteer places: the district holding all of that name's points, or,
// when they lie in several districts, those districts as suggestions. Names compared compact
// ("Miranshah" is "Miran Shah"). A point just outside the simplified borders (Datta Khel) counts for
// the nearest district within `snap_km`.
void resolve_by_gazetteer(PlaceMatches& places, const std::vector<std::string>& names,
                          const std::vector<GazetteerPlace>& gazetteer, const PointLocator& locator, double snap_km) {
  std::unordered_map<std::string, std::vector<int32_t>> districts_of;
  for (const GazetteerPlace& place : gazetteer) {
    std::string key = normalise_place_name(place.name);
    std::erase(key, ' ');
    std::vector<int32_t>& districts = districts_of[key];
    int32_t district = locator.locate(place.lon, place.lat);
    if (district < 0) district = locator.nearest_within(place.lon, place.lat, snap_km);
    if (district >= 0 && std::find(districts.begin(), districts.end(), district) == districts.end()) districts.push_back(district);
  }
  for (size_t p = 0; p < names.size(); ++p) {
    NameMatch& match = places.match[p];
    // A fuzzy match yields to a gazetteer place of exactly that name.
    const bool open = match.method == NameMatchMethod::none || match.method == NameMatchMethod::fuzzy;
    if (!open || names[p].size() > kMaxMatchedNameLength) continue;
    std::string key = normalise_place_name(names[p]);
    std::erase(key, ' ');
    const auto it = districts_of.find(key);
    if (it == districts_of.end() || it->second.empty()) continue;
    if (it->second.size() == 1) {
      match.district = it->second.front();
      places.by_gazetteer[p] = true;
    } else {
      match = {-1, NameMatchMethod::none, it->second};
    }
  }
}

template <typename Map>
auto most_rows(const Map& rows_by) {
  return std::max_element(rows_by.begin(), rows_by.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
}

}  // namespace

JoinResult join_events(const EventTable& events, const Boundaries& boundaries, const NameMatcher& matcher,
                       const JoinOptions& options, const std::vector<GazetteerPlace>& gazetteer) {
  JoinResult result;
  const size_t n = events.size();
  result.district.assign(n, -1);
  result.method.assign(n, JoinMethod::unmatched);
  result.rows_read = events.rows_read;
  result.rejected = events.rejected.size();

  const bool use_names = options.mode != JoinMode::coords;
  const bool use_coords = options.mode != JoinMode::name;
  // Names are resolved once per distinct string, not per row.
  const PointLocator locator(boundaries.lonlat);
  PlaceMatches places;
  if (use_names) places = match_places(events.place_names, matcher);
  if (use_names && matcher.level() != MatchLevel::strict) resolve_by_gazetteer(places, events.place_names, gazetteer, locator, options.name_tolerance_km);
  struct PlaceJoin {
    int32_t district = -1;
    JoinMethod method = JoinMethod::unmatched;
  };
  std::vector<PlaceJoin> by_place(places.match.size());
  for (size_t p = 0; p < places.match.size(); ++p) {
    by_place[p] = {places.match[p].district,
                   places.by_gazetteer[p] ? JoinMethod::gazetteer : from_name_method(places.match[p].method)};
  }

  // Each row's district by coordinates, on all cores (the locator is read-only). A join by name
  // locates the points too: they are the check on guessed names.
  std::vector<int32_t> coords_district(n, -1);
  std::vector<JoinMethod> coords_method(n, JoinMethod::coordinates);
  std::vector<uint8_t> coords_swapped(n, 0);
  std::atomic<uint64_t> swapped_rows = 0, outside_rows = 0;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 4096), [&](const tbb::blocked_range<size_t>& range) {
    uint64_t swapped = 0, outside = 0;
    for (size_t i = range.begin(); i < range.end(); ++i) {
      if (std::isnan(events.lon[i])) continue;
      int32_t by_coords = locator.locate(events.lon[i], events.lat[i]);
      if (by_coords < 0) {
        by_coords = locator.locate(events.lat[i], events.lon[i]);
        if (by_coords >= 0) {
          ++swapped;
          coords_swapped[i] = 1;
        } else {
          ++outside;
          if (options.snap_km > 0 && use_coords) {
            by_coords = locator.nearest_within(events.lon[i], events.lat[i], options.snap_km);
            coords_method[i] = JoinMethod::snapped;
          }
        }
      }
      coords_district[i] = by_coords;
    }
    swapped_rows += swapped, outside_rows += outside;
  });
  result.points_swapped = swapped_rows, result.points_outside = outside_rows;

  // Each row's final district and method, on all cores in contiguous blocks whose tallies are then
  // added up in file order (so the listed disagreements are the first ones in the file).
  constexpr size_t kBlockRows = size_t{1} << 16;
  std::vector<BlockTally> tallies((n + kBlockRows - 1) / kBlockRows);
  tbb::parallel_for(size_t{0}, tallies.size(), [&](size_t block) {
    BlockTally& tally = tallies[block];
    const size_t end = std::min(n, (block + 1) * kBlockRows);
    for (size_t i = block * kBlockRows; i < end; ++i) {
      const uint32_t place = events.place[i];
      const PlaceJoin by_name = use_names && place != kNoPlace ? by_place[place] : PlaceJoin{};
      const int32_t by_coords = coords_district[i];
      const bool has_point = !std::isnan(events.lon[i]);
      const bool firm = is_firm_name_method(by_name.method);
      // The point's distance to the district by name, where the two do not already agree.
      auto distance_to_name = [&] {
        if (!has_point || by_name.district < 0 || by_coords == by_name.district) return 0.0;
        const bool swap = coords_swapped[i] != 0;
        return locator.distance_km(swap ? events.lat[i] : events.lon[i], swap ? events.lon[i] : events.lat[i], by_name.district);
      };
      auto list_disagreement = [&](double km, bool name_used) {
        if (tally.disagreements.size() == JoinResult::kMaxListedDisagreements) return;
        tally.disagreements.push_back({events.source_row(i), events.place_names[place],
                                       boundaries.names[static_cast<size_t>(by_name.district)], by_name.method,
                                       by_coords >= 0 ? boundaries.names[static_cast<size_t>(by_coords)] : "", km, name_used});
      };

      int32_t district = -1;
      JoinMethod method = JoinMethod::unmatched;
      UnmatchedReason reason = UnmatchedReason::not_resolved;
      if (options.mode == JoinMode::coords) {
        district = by_coords, method = coords_method[i];
      } else if (by_name.district >= 0 && firm) {
        // Firm names win over coordinates: points a few km outside a simplified border are common.
        district = by_name.district, method = by_name.method;
        if (options.mode == JoinMode::hybrid && by_coords >= 0 && by_coords != by_name.district) {
          ++tally.disagreement_rows;
          list_disagreement(distance_to_name(), true);
        }
      } else if (by_name.district >= 0) {
        // A guessed name: hybrid lets a point in another district win; either mode refuses it when
        // the point lies beyond the tolerance from the named district.
        const double km = distance_to_name();
        if (options.mode == JoinMode::hybrid && by_coords >= 0 && by_coords != by_name.district) {
          ++tally.disagreement_rows, ++tally.coordinates_won;
          list_disagreement(km, false);
          district = by_coords, method = coords_method[i];
        } else if (km > options.name_tolerance_km) {
          reason = by_coords >= 0 ? UnmatchedReason::name_refused : UnmatchedReason::outside;
          ++tally.names_refused;
          if (reason == UnmatchedReason::name_refused) list_disagreement(km, false);
        } else {
          district = by_name.district, method = by_name.method;
        }
      } else if (use_coords) {
        district = by_coords, method = coords_method[i];
        if (has_point && by_coords < 0) reason = UnmatchedReason::outside;
      }
      if (district < 0) method = JoinMethod::unmatched;
      result.district[i] = district;
      result.method[i] = method;
      ++tally.rows_by_method[static_cast<size_t>(method)];
      if (district >= 0) {
        ++tally.joined;
        tally.events_joined += events.count[i];
        continue;
      }
      ++tally.unmatched;
      tally.events_unmatched += events.count[i];
      uint64_t key = 0;
      if (!use_names || place == kNoPlace) {
        key = has_point ? kKeyOutside : use_names ? kKeyNoPlaceName : kKeyNoCoordinates;
      } else {
        key = places.group[place] * kReasonCount + static_cast<uint64_t>(reason);
      }
      Pending& pending = tally.unmatched_keys[key];
      ++pending.rows;
      pending.events += events.count[i];
      if (key < kFirstPlaceholderKey) {
        ++pending.rows_by_place[place];
        if (by_coords >= 0) ++pending.rows_by_coords[by_coords];
        if (by_name.district >= 0) ++pending.rows_by_name[by_name.district];
      }
    }
  });

  std::map<uint64_t, Pending> unmatched;
  for (BlockTally& tally : tallies) {
    for (size_t m = 0; m < kJoinMethodCount; ++m) result.rows_by_method[m] += tally.rows_by_method[m];
    result.joined += tally.joined, result.unmatched += tally.unmatched;
    result.events_joined += tally.events_joined, result.events_unmatched += tally.events_unmatched;
    result.disagreement_rows += tally.disagreement_rows;
    result.coordinates_won += tally.coordinates_won, result.names_refused += tally.names_refused;
    for (auto& d : tally.disagreements) {
      if (result.disagreements.size() == JoinResult::kMaxListedDisagreements) break;
      result.disagreements.push_back(std::move(d));
    }
    for (const auto& [key, pending] : tally.unmatched_keys) {
      Pending& total = unmatched[key];
      total.rows += pending.rows, total.events += pending.events;
      for (const auto& [p, rows] : pending.rows_by_place) total.rows_by_place[p] += rows;
      for (const auto& [d, rows] : pending.rows_by_coords) total.rows_by_coords[d] += rows;
      for (const auto& [d, rows] : pending.rows_by_name) total.rows_by_name[d] += rows;
    }
  }

  for (const auto& [key, pending] : unmatched) {
    UnmatchedName entry;
    entry.rows = pending.rows, entry.events = pending.events;
    if (key >= kFirstPlaceholderKey) {
      entry.name = placeholder_name(key);
      if (key == kKeyOutside) entry.reason = UnmatchedReason::outside;
      result.unmatched_names.push_back(std::move(entry));
      continue;
    }
    entry.reason = static_cast<UnmatchedReason>(key % kReasonCount);
    std::vector<std::pair<uint32_t, uint64_t>> spellings(pending.rows_by_place.begin(), pending.rows_by_place.end());
    std::stable_sort(spellings.begin(), spellings.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [p, rows] : spellings) entry.spellings.push_back(events.place_names[p]);
    entry.name = entry.spellings.front();
    // Suggestions: a refused name's district, the name's own candidates, then where its points lie.
    std::vector<int32_t> suggested;
    auto suggest = [&](int32_t d) {
      if (d >= 0 && std::find(suggested.begin(), suggested.end(), d) == suggested.end()) suggested.push_back(d);
    };
    if (!pending.rows_by_name.empty()) suggest(most_rows(pending.rows_by_name)->first);
    for (int32_t candidate : places.match[spellings.front().first].candidates) suggest(candidate);
    if (!pending.rows_by_coords.empty()) suggest(most_rows(pending.rows_by_coords)->first);
    for (int32_t d : suggested) entry.suggestions.push_back(boundaries.names[static_cast<size_t>(d)]);
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
