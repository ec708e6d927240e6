// The grouping query's groups into the cube: each group read once by the file rules (RowReader) as an
// entry standing for its rows, each distinct place matched once, and the accounting kept in rows
// (joined + unmatched + rejected = rows in the source, rejected rows by reason).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/events.hpp"
#include "core/io/postgis_connection.hpp"
#include "core/io/postgis_districts.hpp"
#include "core/io/postgis_query.hpp"
#include "core/pipeline.hpp"

namespace zila {

// The groups as entries of an EventTable, each standing for some rows of the source.
struct GroupedEvents {
  EventTable table;  // one entry per accepted group (some groups one per row); one rejected entry per group
  std::vector<uint64_t> rows_of_entry;       // rows each accepted entry stands for
  std::vector<double> fatalities_of_entry;   // the fatalities of those rows (NaN: none known)
  uint64_t rows = 0;                         // rows in the source
};

// Runs the grouping query, streaming its groups into `table` (its columns chosen, nothing read yet).
GroupedEvents read_groups(const DatabaseConnection& db, const GroupQuery& query, const DistrictPoints& district_points,
                          EventTable table, const PipelineOptions& options);

// Joins the entries (names matched once per distinct place) and fills data.events, data.join (rows
// weighted by the rows each entry stands for) and data.cube; `source` names the database in errors.
void join_groups(Dataset& data, GroupedEvents groups, const PipelineOptions& options, const NameMatcher& matcher,
                 const std::string& source);

}  // namespace zila
