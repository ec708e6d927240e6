#include "core/join/join.hpp"
// Sections: method names and placeholders | the rules for one row (place_point, decide_row, misplaced
// seats) | places matched once (match_places, gazetteer) | join_events | RowExplainer (one row, same rules).

#include <fmt/core.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/error.hpp"

namespace zila {

bool is_firm_name_method(JoinMethod m) {
  return m == JoinMethod::exact || m == JoinMethod::alias || m == JoinMethod::abbreviation || m == JoinMethod::spelling;
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

uint64_t placeholder_key(bool use_names, bool has_point) {
  return has_point ? kKeyOutside : use_names ? kKeyNoPlaceName : kKeyNoCoordinates;
}

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
  uint64_t disagreement_rows = 0, coordinates_won = 0, names_refused = 0, near_seat_rows = 0;
  uint64_t points_swapped = 0, points_outside = 0;
  std::map<uint64_t, Pending> unmatched_keys;
  std::vector<JoinResult::Disagreement> disagreements;  // the block's first kMaxListedDisagreements
  std::vector<JoinResult::NearSeat> near_seats;
  // The row_methods value of the block's rows while they all share one; once they differ, each row's is in the column.
  JoinMethod method = JoinMethod::unmatched;
  bool methods_differ = false;
};

// ---- The rules for one row, shared by join_events and RowExplainer ------------------------------

struct PlaceJoin {
  int32_t district = -1;
  JoinMethod method = JoinMethod::unmatched;
};

// Where a row's point lies: the district holding it, else (lat/lon swapped) the one holding the
// swapped point, else, joining by coordinates with snapping on, the nearest within snap_km.
struct PointPlace {
  int32_t district = -1;
  JoinMethod method = JoinMethod::coordinates;
  bool swapped = false, outside = false;
};

// A point in no district as given (rare): swapped, else snapped.
[[gnu::noinline]] PointPlace place_point_outside(const PointLocator& locator, double lon, double lat, double snap_km, bool use_coords) {
  PointPlace out;
  out.district = locator.locate(lat, lon);
  if (out.district >= 0) {
    out.swapped = true;
    return out;
  }
  out.outside = true;
  if (snap_km > 0 && use_coords) out.district = locator.nearest_within(lon, lat, snap_km), out.method = JoinMethod::snapped;
  return out;
}

// `located`: locator.locate(lon, lat).
PointPlace place_point(const PointLocator& locator, double lon, double lat, int32_t located, double snap_km, bool use_coords) {
  PointPlace out;
  if (std::isnan(lon)) return out;
  out.district = located;
  return out.district >= 0 ? out : place_point_outside(locator, lon, lat, snap_km, use_coords);
}

double distance_to_district(const PointLocator& locator, double lon, double lat, bool swapped, int32_t district) {
  return locator.distance_km(swapped ? lat : lon, swapped ? lon : lat, district);
}

struct RowDecision {
  int32_t district = -1;
  JoinMethod method = JoinMethod::unmatched;
  UnmatchedReason reason = UnmatchedReason::not_resolved;
  bool disagreement = false, coordinates_won = false, refused = false;
  bool listed = false;     // a disagreement (or refusal) for the join report's list
  bool name_used = false;  // of a listed one
  double km = 0;           // the point's distance to the district by name, where listed
};

// The decision for every row of a place whatever the rows' points, where no point can change it: a
// firm name joined by name (joined by the name: no disagreement, no refusal, no seat near a point to
// flag). Else nullopt. decide_row answers from it first, so the join's shortcut for such places and
// the per-row rules cannot drift apart.
std::optional<RowDecision> decision_without_point(const JoinOptions& options, PlaceJoin by_name) {
  if (options.mode != JoinMode::name || by_name.district < 0 || !is_firm_name_method(by_name.method)) return std::nullopt;
  RowDecision r;
  r.district = by_name.district, r.method = by_name.method;
  return r;
}

// The hybrid rule (README, "The join never loses a row"): firm name > coordinates > guessed name.
// `distance_to_name` is called only where the point and the name's district differ.
template <typename Distance>
RowDecision decide_row(const JoinOptions& options, PlaceJoin by_name, const PointPlace& point, bool has_point,
                       Distance distance_to_name) {
  if (const std::optional<RowDecision> fixed = decision_without_point(options, by_name)) return *fixed;
  RowDecision r;
  const int32_t by_coords = point.district;
  auto km = [&] { return has_point && by_name.district >= 0 && by_coords != by_name.district ? distance_to_name() : 0.0; };
  if (options.mode == JoinMode::coords) {
    r.district = by_coords, r.method = point.method;
  } else if (by_name.district >= 0 && is_firm_name_method(by_name.method)) {
    // Firm names win over coordinates: points a few km outside a simplified border are common.
    r.district = by_name.district, r.method = by_name.method;
    if (options.mode == JoinMode::hybrid && by_coords >= 0 && by_coords != by_name.district)
      r.disagreement = r.listed = r.name_used = true, r.km = km();
  } else if (by_name.district >= 0) {
    // A guessed name: hybrid lets a point in another district win; either mode refuses it when
    // the point lies beyond the tolerance from the named district.
    const double name_km = km();
    if (options.mode == JoinMode::hybrid && by_coords >= 0 && by_coords != by_name.district) {
      r.disagreement = r.coordinates_won = r.listed = true, r.km = name_km;
      r.district = by_coords, r.method = point.method;
    } else if (name_km > options.name_tolerance_km) {
      r.reason = by_coords >= 0 ? UnmatchedReason::name_refused : UnmatchedReason::outside;
      r.refused = true;
      r.listed = r.reason == UnmatchedReason::name_refused, r.km = name_km;
    } else {
      r.district = by_name.district, r.method = by_name.method;
    }
  } else if (options.mode != JoinMode::name) {
    r.district = by_coords, r.method = point.method;
    if (has_point && by_coords < 0) r.reason = UnmatchedReason::outside;
  }
  if (r.district < 0) r.method = JoinMethod::unmatched;
  return r;
}

// A row kept in its named district although its point lies in a neighbour, near the named district's
// seat that the boundary file puts in that neighbour (the hybrid rule's case in point).
int32_t seat_kept_by_name(const std::vector<MisplacedSeat>& seats, const EventTable& events, size_t i,
                          const PointPlace& point, int32_t district, const JoinOptions& options, double* km = nullptr) {
  if (seats.empty() || point.district < 0 || point.district == district) return -1;
  const double lon = point.swapped ? events.lat[i] : events.lon[i], lat = point.swapped ? events.lon[i] : events.lat[i];
  const int32_t seat = misplaced_seat_near(seats, lon, lat, point.district, options.seat_check_km, km);
  return seat >= 0 && seats[static_cast<size_t>(seat)].named_district == district ? seat : -1;
}

// A row placed by its point in the district that wrongly holds a seat, near that seat. Asked of every
// joined row: inlined, its first test (no seats, or not placed by a point) costs a few instructions.
[[gnu::always_inline]] inline int32_t near_misplaced_seat(const std::vector<MisplacedSeat>& seats, const EventTable& events,
                                                          size_t i, const PointPlace& point, const RowDecision& decision,
                                                          const JoinOptions& options, double* km) {
  if (seats.empty() || (decision.method != JoinMethod::coordinates && decision.method != JoinMethod::snapped)) return -1;
  const double lon = point.swapped ? events.lat[i] : events.lon[i], lat = point.swapped ? events.lon[i] : events.lat[i];
  return misplaced_seat_near(seats, lon, lat, decision.district, options.seat_check_km, km);
}

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
  // The locator is built on one core while another fills the result's columns and matches the names.
  std::optional<PointLocator> built_locator;
  tbb::task_group building;
  building.run([&] { built_locator.emplace(boundaries.lonlat); });
  JoinResult result;
  const size_t n = events.size();
  // Rows are set from all cores below, so the column is held from the start in the form that every
  // district index allows (narrow for tables of up to 32767 districts).
  const bool narrow_districts = DistrictColumn::has_narrow_form(static_cast<int32_t>(boundaries.size()) - 1);
  result.district = DistrictColumn::filled(n, -1, narrow_districts ? DistrictColumn::Form::narrow : DistrictColumn::Form::wide);
  // Methods too: a block whose rows were all joined the same way (by their places' names, or by their
  // points) keeps just that, so that a join of rows all joined alike holds none a row; the first block
  // whose rows differ makes the column of one byte a row, the others wait for it.
  std::once_flag methods_spelled_out;
  auto spell_out_methods = [&] {
    std::call_once(methods_spelled_out,
                   [&] { result.row_methods = MethodColumn::filled(n, JoinMethod::unmatched, MethodColumn::Form::narrow); });
  };
  result.rows_read = events.rows_read;
  for (const RejectedRow& r : events.rejected) result.rejected += r.rows;

  const bool use_names = options.mode != JoinMode::coords;
  const bool use_coords = options.mode != JoinMode::name;
  // Names are resolved once per distinct string, not per row.
  PlaceMatches places;
  if (use_names) places = match_places(events.place_names, matcher);
  building.wait();
  const PointLocator& locator = *built_locator;
  if (use_names && matcher.level() != MatchLevel::strict) resolve_by_gazetteer(places, events.place_names, gazetteer, locator, options.name_tolerance_km);
  std::vector<PlaceJoin> by_place(places.match.size());
  result.place_district.resize(by_place.size());
  result.place_method.resize(by_place.size());
  for (size_t p = 0; p < places.match.size(); ++p) {
    by_place[p] = {places.match[p].district,
                   places.by_gazetteer[p] ? JoinMethod::gazetteer : from_name_method(places.match[p].method)};
    result.place_district[p] = by_place[p].district, result.place_method[p] = by_place[p].method;
  }

  result.misplaced_seats = check_district_seats(gazetteer, matcher, locator);

  // Each row's district by coordinates and its final district and method, on all cores in contiguous
  // blocks whose tallies are then added up in file order (so the listed disagreements are the first
  // ones in the file). A join by name locates the points too: they are the check on guessed names, and
  // every row's point is counted where it lies outside every district or only swapped.
  constexpr size_t kBlockRows = size_t{1} << 14;  // blocks small enough to share out evenly on a busy machine
  std::vector<BlockTally> tallies((n + kBlockRows - 1) / kBlockRows);
  // The places whose rows all take one decision whatever their points (decision_without_point): their
  // rows skip the per-row rules, their points still located for the tallies of points outside or swapped.
  std::vector<std::optional<RowDecision>> decision_of_place(by_place.size());
  for (size_t p = 0; p < by_place.size(); ++p) decision_of_place[p] = decision_without_point(options, by_place[p]);
  // Hybrid and coordinate joins have none: their rows then never look.
  const bool some_places_decided = std::any_of(decision_of_place.begin(), decision_of_place.end(),
                                               [](const std::optional<RowDecision>& d) { return d.has_value(); });
  tbb::parallel_for(size_t{0}, tallies.size(), [&](size_t block) {
    BlockTally& tally = tallies[block];
    const size_t first = block * kBlockRows, end = std::min(n, first + kBlockRows);
    // The points located a chunk at a time (locate_all fetches the locator's memory ahead).
    constexpr size_t kChunkRows = 512;
    std::array<double, kChunkRows> chunk_lon, chunk_lat;
    std::array<int32_t, kChunkRows> located;
    for (size_t i = first; i < end; ++i) {
      const size_t k = (i - first) % kChunkRows;
      if (k == 0) {
        const size_t rows = std::min(kChunkRows, end - i);
        for (size_t j = 0; j < rows; ++j) chunk_lon[j] = events.lon[i + j], chunk_lat[j] = events.lat[i + j];
        locator.locate_all({chunk_lon.data(), rows}, {chunk_lat.data(), rows}, {located.data(), rows});
      }
      const uint32_t place = events.place[i];
      const PlaceJoin by_name = use_names && place != kNoPlace ? by_place[place] : PlaceJoin{};
      const double lon = chunk_lon[k], lat = chunk_lat[k];
      const PointPlace point = place_point(locator, lon, lat, located[k], options.snap_km, use_coords);
      tally.points_swapped += point.swapped, tally.points_outside += point.outside;
      // A row of a place that no point can move takes the place's decision, joined by its name.
      const bool decided = some_places_decided && place != kNoPlace && decision_of_place[place].has_value();
      const bool has_point = !std::isnan(lon);
      const RowDecision decision = decided ? *decision_of_place[place] : decide_row(options, by_name, point, has_point, [&] {
        return distance_to_district(locator, lon, lat, point.swapped, by_name.district);
      });
      const int32_t district = decision.district;
      result.district.set(i, district);
      const JoinMethod method = use_names && place != kNoPlace && decision.method == by_name.method ? kPlaceMethod : decision.method;
      if (i == first) {
        tally.method = method;
      } else if (!tally.methods_differ && method != tally.method) {
        spell_out_methods();
        for (size_t row = first; row < i; ++row) result.row_methods.set(row, tally.method);
        tally.methods_differ = true;
      }
      if (tally.methods_differ) result.row_methods.set(i, method);
      ++tally.rows_by_method[static_cast<size_t>(decision.method)];
      if (decided) {  // joined by its name: nothing to list, no seat near a point to flag
        ++tally.joined;
        tally.events_joined += events.count[i];
        continue;
      }
      if (decision.listed && tally.disagreements.size() < JoinResult::kMaxListedDisagreements) {
        tally.disagreements.push_back({events.source_row(i), events.place_names[place],
                                       boundaries.names[static_cast<size_t>(by_name.district)], by_name.method,
                                       point.district >= 0 ? boundaries.names[static_cast<size_t>(point.district)] : "",
                                       decision.km, decision.name_used,
                                       decision.name_used ? seat_kept_by_name(result.misplaced_seats, events, i, point,
                                                                              decision.district, options)
                                                          : -1});
      }
      tally.disagreement_rows += decision.disagreement;
      tally.coordinates_won += decision.coordinates_won;
      tally.names_refused += decision.refused;
      if (district >= 0) {
        ++tally.joined;
        tally.events_joined += events.count[i];
        double seat_km = 0;
        const int32_t seat = near_misplaced_seat(result.misplaced_seats, events, i, point, decision, options, &seat_km);
        if (seat >= 0) {
          ++tally.near_seat_rows;
          if (tally.near_seats.size() < JoinResult::kMaxListedDisagreements)
            tally.near_seats.push_back({events.source_row(i), place == kNoPlace ? "" : events.place_names[place],
                                        static_cast<size_t>(seat), seat_km});
        }
        continue;
      }
      ++tally.unmatched;
      tally.events_unmatched += events.count[i];
      uint64_t key = 0;
      if (!use_names || place == kNoPlace) {
        key = placeholder_key(use_names, has_point);
      } else {
        key = places.group[place] * kReasonCount + static_cast<uint64_t>(decision.reason);
      }
      Pending& pending = tally.unmatched_keys[key];
      ++pending.rows;
      pending.events += events.count[i];
      if (key < kFirstPlaceholderKey) {
        ++pending.rows_by_place[place];
        if (point.district >= 0) ++pending.rows_by_coords[point.district];
        if (by_name.district >= 0) ++pending.rows_by_name[by_name.district];
      }
    }
  });

  // The blocks whose rows share one method: one method for the column where all share the same, else
  // their rows written out.
  const bool one_method = std::all_of(tallies.begin(), tallies.end(), [&](const BlockTally& tally) {
    return !tally.methods_differ && tally.method == tallies.front().method;
  });
  if (one_method) {
    const JoinMethod method = tallies.empty() ? JoinMethod::unmatched : tallies.front().method;
    result.row_methods = MethodColumn::filled(n, method, MethodColumn::Form::uniform);
  } else {
    spell_out_methods();
    for (size_t block = 0; block < tallies.size(); ++block) {
      if (tallies[block].methods_differ) continue;
      for (size_t row = block * kBlockRows; row < std::min(n, (block + 1) * kBlockRows); ++row)
        result.row_methods.set(row, tallies[block].method);
    }
  }

  std::map<uint64_t, Pending> unmatched;
  for (BlockTally& tally : tallies) {
    for (size_t m = 0; m < kJoinMethodCount; ++m) result.rows_by_method[m] += tally.rows_by_method[m];
    result.joined += tally.joined, result.unmatched += tally.unmatched;
    result.events_joined += tally.events_joined, result.events_unmatched += tally.events_unmatched;
    result.disagreement_rows += tally.disagreement_rows;
    result.points_swapped += tally.points_swapped, result.points_outside += tally.points_outside;
    result.coordinates_won += tally.coordinates_won, result.names_refused += tally.names_refused;
    for (auto& d : tally.disagreements) {
      if (result.disagreements.size() == JoinResult::kMaxListedDisagreements) break;
      result.disagreements.push_back(std::move(d));
    }
    result.near_seat_rows += tally.near_seat_rows;
    for (auto& near : tally.near_seats) {
      if (result.near_seats.size() == JoinResult::kMaxListedDisagreements) break;
      result.near_seats.push_back(std::move(near));
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

RowExplainer::RowExplainer(const EventTable& events, const Boundaries& boundaries, const JoinResult& join,
                           const JoinOptions& options)
    : events_(events), join_(join), options_(options), locator_(boundaries.lonlat) {}

RowJoin RowExplainer::explain(size_t i) const {
  const bool use_names = options_.mode != JoinMode::coords;
  const uint32_t place = events_.place[i];
  PlaceJoin by_name;
  if (use_names && place != kNoPlace && place < join_.place_district.size())
    by_name = {join_.place_district[place], join_.place_method[place]};
  const bool has_point = !std::isnan(events_.lon[i]);
  const double lon = events_.lon[i], lat = events_.lat[i];
  const PointPlace point = place_point(locator_, lon, lat, locator_.locate(lon, lat), options_.snap_km, options_.mode != JoinMode::name);
  auto distance = [&] { return distance_to_district(locator_, events_.lon[i], events_.lat[i], point.swapped, by_name.district); };
  const RowDecision decision = decide_row(options_, by_name, point, has_point, distance);
  RowJoin row;
  row.district = decision.district, row.method = decision.method;
  row.by_name = by_name.district, row.name_method = by_name.method;
  row.by_coords = point.district, row.swapped = point.swapped;
  if (has_point && by_name.district >= 0) row.distance_km = point.district == by_name.district ? 0.0 : distance();
  if (row.district < 0) {
    if (!use_names || place == kNoPlace) {
      const std::string placeholder = placeholder_name(placeholder_key(use_names, has_point));
      row.reason = placeholder.substr(1, placeholder.size() - 2);  // without its parentheses
    } else {
      row.reason = unmatched_reason_text(decision.reason);
    }
  } else {
    row.near_seat = near_misplaced_seat(join_.misplaced_seats, events_, i, point, decision, options_, &row.seat_km);
    if (row.near_seat < 0 && is_firm_name_method(row.method)) {
      row.near_seat = seat_kept_by_name(join_.misplaced_seats, events_, i, point, row.district, options_, &row.seat_km);
      row.name_kept_by_seat = row.near_seat >= 0;
    }
  }
  return row;
}

}  // namespace zila
