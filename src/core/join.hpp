// Joining event rows to districts by name, by coordinates, or both; every row is accounted for.
#pragma once
#include <cstdint>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "boundaries.hpp"
#include "events.hpp"
#include "name_match.hpp"
#include "point_locator.hpp"

namespace zila {

enum class JoinMode : uint8_t { name, coords, hybrid };
JoinMode parse_join_mode(const std::string& text);  // throws zila::Error
const char* join_mode_name(JoinMode m);

// How one row was placed. Name methods mirror NameMatchMethod; then coordinate methods.
enum class JoinMethod : uint8_t { exact, alias, abbreviation, token, fuzzy, coordinates, snapped, unmatched };
inline constexpr int kJoinMethodCount = 8;
const char* join_method_name(JoinMethod m);

struct JoinOptions {
  JoinMode mode = JoinMode::hybrid;
  double snap_km = 0;  // > 0: points outside every polygon snap to the nearest district within this distance
};

struct UnmatchedName {
  std::string name;             // raw place string ("" for rows without a place)
  uint64_t rows = 0;
  uint64_t events = 0;
  std::vector<std::string> suggestions;  // districts, best first
};

struct JoinResult {
  std::vector<int32_t> district;  // per event row; -1 = unmatched
  std::vector<JoinMethod> method;
  std::array<uint64_t, kJoinMethodCount> rows_by_method{};
  uint64_t rows_read = 0, joined = 0, unmatched = 0, rejected = 0;
  uint64_t events_joined = 0, events_unmatched = 0;  // weighted by the count column
  std::vector<UnmatchedName> unmatched_names;        // most rows first
  uint64_t points_outside = 0;        // rows whose coordinates fall in no district
  uint64_t points_swapped = 0;        // rows placed after swapping lat/lon (outside as given, inside swapped)
  uint64_t disagreement_rows = 0;     // hybrid: name and coordinates point to different districts
  // Hybrid mode: rows whose name and coordinates resolve to different districts (row, name, by name, by coords).
  struct Disagreement {
    uint64_t row;
    std::string place;
    std::string by_name;
    std::string by_coords;
  };
  std::vector<Disagreement> disagreements;  // the first kMaxListedDisagreements of them
  static constexpr size_t kMaxListedDisagreements = 1000;
};

JoinResult join_events(const EventTable& events, const Boundaries& boundaries, const NameMatcher& matcher,
                       const JoinOptions& options);

}  // namespace zila
