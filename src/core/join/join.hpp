// Joining event rows to districts by name, by coordinates, or both; every row is accounted for.
#pragma once
#include <cstdint>
#include <limits>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/cube.hpp"
#include "core/geo/boundaries.hpp"
#include "core/events.hpp"
#include "core/join/boundary_check.hpp"
#include "core/join/gazetteer.hpp"
#include "core/join/name_match.hpp"
#include "core/geo/point_locator.hpp"

namespace zila {

enum class JoinMode : uint8_t { name, coords, hybrid };
inline constexpr EnumTable<JoinMode, 4> kJoinModeNames{
    {{JoinMode::name, "name"}, {JoinMode::coords, "coords"}, {JoinMode::hybrid, "hybrid"}, {JoinMode::coords, "coordinates"}}};
constexpr const auto& enum_table(JoinMode) { return kJoinModeNames; }
inline JoinMode parse_join_mode(const std::string& text) { return parse_enum<JoinMode>(text, "join mode"); }
inline const char* join_mode_name(JoinMode m) { return name_cstr(m); }

// How one row was placed. Name methods mirror NameMatchMethod; then coordinate methods.
enum class JoinMethod : uint8_t { exact, alias, abbreviation, spelling, token, gazetteer, fuzzy, coordinates, snapped, unmatched };
inline constexpr int kJoinMethodCount = 10;
inline constexpr EnumTable<JoinMethod, kJoinMethodCount> kJoinMethodNames{
    {{JoinMethod::exact, "exact"}, {JoinMethod::alias, "alias"}, {JoinMethod::abbreviation, "abbreviation"},
     {JoinMethod::spelling, "spelling"}, {JoinMethod::token, "token"}, {JoinMethod::gazetteer, "gazetteer"},
     {JoinMethod::fuzzy, "fuzzy"}, {JoinMethod::coordinates, "coordinates"}, {JoinMethod::snapped, "snapped"},
     {JoinMethod::unmatched, "unmatched"}}};
constexpr const auto& enum_table(JoinMethod) { return kJoinMethodNames; }
inline const char* join_method_name(JoinMethod m) { return name_cstr(m); }
// Each event row's method (see JoinResult::row_methods): nothing a row where all rows were joined the
// same way, else 1 byte.
using MethodColumn = CompactColumn<AsIs<JoinMethod>>;
// A row_methods value, past the named methods: the row took its place's name-stage method.
inline constexpr JoinMethod kPlaceMethod = static_cast<JoinMethod>(kJoinMethodCount);

// Names by trust: exact, alias, abbreviation and spelling-variant names are "firm"; token, gazetteer
// and fuzzy names are guesses that a row's coordinates overrule. Hybrid rule: firm name > coordinates > guess.
bool is_firm_name_method(JoinMethod m);

struct JoinOptions {
  JoinMode mode = JoinMode::hybrid;
  double snap_km = 0;  // > 0: points outside every polygon snap to the nearest district within this distance
  MatchLevel match = MatchLevel::standard;  // how much the name matcher may guess (see MatchLevel)
  // A guessed (token, fuzzy) name is refused when the row's point lies farther than this from the
  // named district: simplified borders put true points a few km outside their district.
  double name_tolerance_km = 5;
  // Rows joined by coordinates within this distance of a district seat that the boundary file puts
  // in another district (see check_district_seats) are flagged: they may belong to the seat's district.
  double seat_check_km = 5;
};

// Why the rows of an unmatched name were not placed.
enum class UnmatchedReason : uint8_t {
  not_resolved,      // the name resolves to no district (and no coordinates placed the row)
  name_refused,      // join by name: a guessed name whose point lies in another district
  outside,           // the point lies outside every district and the name is no firm match
};
// The reason as reports, the audit trail and the window word it (a text, not a name: never parsed).
inline constexpr EnumTable<UnmatchedReason, 3> kUnmatchedReasonTexts{
    {{UnmatchedReason::not_resolved, "name not resolved"},
     {UnmatchedReason::name_refused, "name refused: its point lies in another district"},
     {UnmatchedReason::outside, "coordinates outside the boundaries"}}};
inline const char* unmatched_reason_text(UnmatchedReason r) { return text_in(kUnmatchedReasonTexts, r); }

struct UnmatchedName {
  std::string name;             // most frequent raw spelling ("" for rows without a place)
  std::vector<std::string> spellings;  // every raw spelling of the same normalised name, most rows first
  UnmatchedReason reason = UnmatchedReason::not_resolved;
  uint64_t rows = 0;
  uint64_t events = 0;
  std::vector<std::string> suggestions;  // districts, best first (the name's, then its points')
};

struct JoinResult {
  DistrictColumn district;  // per event row; -1 = unmatched
  // Each row's method, read through method_of: kPlaceMethod where the row took the method its place
  // got from the name stage (place_method), else the method. So a join whose rows all took their
  // names' methods, or all their points', holds none a row (methods per place, not per row).
  MethodColumn row_methods;
  JoinMethod method_of(const EventTable& events, size_t i) const {
    const JoinMethod m = row_methods[i];
    return m == kPlaceMethod ? place_method[events.place[i]] : m;
  }
  std::array<uint64_t, kJoinMethodCount> rows_by_method{};
  uint64_t rows_read = 0, joined = 0, unmatched = 0, rejected = 0;
  uint64_t events_joined = 0, events_unmatched = 0;  // weighted by the count column
  std::vector<UnmatchedName> unmatched_names;        // most rows first
  uint64_t points_outside = 0;        // rows whose coordinates fall in no district
  uint64_t points_swapped = 0;        // rows placed after swapping lat/lon (outside as given, inside swapped)
  uint64_t disagreement_rows = 0;     // hybrid: name and coordinates point to different districts
  uint64_t coordinates_won = 0;       // of them: a guessed name overruled by the point
  uint64_t names_refused = 0;         // join by name: guessed names refused by the row's point
  // Hybrid mode: rows whose name and coordinates resolve to different districts; join by name: rows
  // whose guessed name was refused by their point.
  struct Disagreement {
    uint64_t row;          // 1-based data row of the source file
    std::string place;
    std::string by_name;
    JoinMethod name_method;
    std::string by_coords;  // "" when the point lies in no district
    double distance_km;     // from the point to the district by name
    bool name_used;         // false: the coordinates (or nothing, when refused) placed the row
    // A firm name kept over a point near its own district's seat that the boundary file puts in the
    // point's district (Bannu's rows in the North Waziristan polygon): index into misplaced_seats.
    int32_t misplaced_seat = -1;
  };
  std::vector<Disagreement> disagreements;  // in file order, the first kMaxListedDisagreements
  static constexpr size_t kMaxListedDisagreements = 100000;  // every one, short of a runaway file

  // The name stage's answer per distinct place string (EventTable::place_names), before any
  // coordinates: district (-1 none) and method. Empty for a join by coordinates.
  std::vector<int32_t> place_district;
  std::vector<JoinMethod> place_method;
  // The boundary check (check_district_seats) on the gazetteer, and the rows it casts doubt on: joined
  // by coordinates to the district wrongly holding a seat, within options.seat_check_km of it.
  std::vector<MisplacedSeat> misplaced_seats;
  struct NearSeat {
    uint64_t row;         // as Disagreement::row
    std::string place;    // the row's place ("" without one)
    size_t seat;          // index into misplaced_seats
    double distance_km;   // from the point to the seat
  };
  uint64_t near_seat_rows = 0;
  std::vector<NearSeat> near_seats;  // in file order, the first kMaxListedDisagreements
};

// How one accepted row was joined, worked out again with the join's own rules (for the audit trail
// and the window's row lists): district and method always equal the JoinResult's for that row.
struct RowJoin {
  int32_t district = -1;
  JoinMethod method = JoinMethod::unmatched;
  int32_t by_name = -1;                          // the name stage's district (-1 none)
  JoinMethod name_method = JoinMethod::unmatched;
  int32_t by_coords = -1;                        // the district holding the row's point (-1 none or no point)
  bool swapped = false;                          // the point was found after swapping lat/lon
  double distance_km = std::numeric_limits<double>::quiet_NaN();  // point to the district by name, both known
  std::string reason;                            // unmatched rows: why
  int32_t near_seat = -1;                        // index into misplaced_seats (see JoinResult::NearSeat)
  double seat_km = 0;
  // A firm name used over a point near its own district's misplaced seat (hybrid: Bannu's rows whose
  // points lie in the North Waziristan polygon): near_seat is that seat.
  bool name_kept_by_seat = false;
};

// Explains rows of one join; builds a point locator once (read-only, safe from several threads).
class RowExplainer {
 public:
  RowExplainer(const EventTable& events, const Boundaries& boundaries, const JoinResult& join, const JoinOptions& options);
  RowJoin explain(size_t event) const;

 private:
  const EventTable& events_;
  const JoinResult& join_;
  JoinOptions options_;
  PointLocator locator_;
};

// `gazetteer`: places whose names resolve, when the matcher finds no district, to the district
// containing their point; a name at points in several districts stays unmatched (those suggested).
JoinResult join_events(const EventTable& events, const Boundaries& boundaries, const NameMatcher& matcher,
                       const JoinOptions& options, const std::vector<GazetteerPlace>& gazetteer = {});

}  // namespace zila
