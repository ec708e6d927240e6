// The audit trail: what became of each input row (joined where and how, unmatched or rejected and
// why), so that an analyst can sign off any district-period on a slide. Written by `zila report
// --rows-out` for every row and by the window for the rows behind a district-period or a join problem.
#pragma once
#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/cube.hpp"
#include "core/geo/boundaries.hpp"
#include "core/events.hpp"
#include "core/io/event_options.hpp"
#include "core/join/join.hpp"

namespace zila {

// What the audit reads: the loaded table, its join, and how each source was read (`sources`: one
// EventOptions per EventTable::sources entry, in order: pipeline's event_sources()).
struct AuditInput {
  const EventTable& events;
  const Boundaries& boundaries;
  const JoinResult& join;
  const JoinOptions& options;
  const std::vector<EventOptions>& sources;
};

// Header of the audit CSV, one column per field of a line (see write_row_audit).
inline constexpr const char* kRowAuditHeader =
    "source,source_row,outcome,place,date_as_read,date,category,count,lon,lat,district,method,district_by_name,"
    "name_method,district_by_coordinates,distance_km,reason,note";

// Writes the header and one line per input row, in file order, every source after the other:
//  - source, source_row: the file and its 1-based data row (header excluded);
//  - outcome: joined, unmatched or rejected; place: the raw place the join saw (for rejected rows, as
//    the file holds it); date_as_read: the date cell as the file holds it (read again: see below);
//    date: its ISO form; category, count, lon, lat (accepted rows);
//  - district, method (exact, alias, ..., coordinates, snapped); district_by_name and name_method (the
//    name stage's answer), district_by_coordinates (the polygon holding the point), distance_km (from
//    the point to the district by name, 0 inside it) where both exist;
//  - reason: why a row is unmatched or rejected; note: lat/lon swapped, a point near a district seat
//    the boundary file puts in another district (check_district_seats).
// Text cells are formula-injection-safe (csv_text_field). The raw date and place cells are read again
// from the files; a file that reads differently now (changed since it was loaded) throws zila::Error,
// never a misaligned line. A database source's raw cells are not read again (left empty).
// `rows`: when not null, only these accepted rows (event indices, any order: written in file order).
void write_row_audit(std::ostream& out, const AuditInput& input, const std::vector<size_t>* rows = nullptr);

// ---- Row selections (the window's lists) ----------------------------------------------------

// Accepted rows joined to `district` with a day in [first_day, end_day), in file order; `categories`
// (bit c for Category c) keeps rows of those categories only.
std::vector<size_t> rows_in_district(const EventTable& events, const JoinResult& join, int32_t district, int32_t first_day,
                                     int32_t end_day, unsigned categories = 0b111);

// The rows behind a map value: joined to `district` in the window ending at `period` (the periods
// window_values adds up), of the categories shown (MetricChoice::categories), in file order.
std::vector<size_t> rows_in_window(const EventTable& events, const JoinResult& join, const Cube& cube,
                                   const WindowSpec& window, size_t period, int32_t district,
                                   const std::array<bool, kCategoryCount>& categories);

// The unmatched rows an UnmatchedName stands for (its spellings, its reason), in file order.
std::vector<size_t> rows_of_unmatched_name(const EventTable& events, const RowExplainer& explainer,
                                           const JoinResult& join, const UnmatchedName& name);

// The accepted row (event index) of a 1-based table row (RejectedRow::row, Disagreement::row); -1 when
// that row was rejected or is out of range.
int64_t event_of_row(const EventTable& events, uint64_t row);

}  // namespace zila
