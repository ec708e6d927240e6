// The SQL of the push-down (no user text interpolated: identifiers quoted, values bound): the event
// relation and its columns, the first query's distinct texts read by the file rules (value maps), and
// the grouping query built on them. Running the groups into the cube: core/io/postgis_groups.*.
#pragma once
#include <string>
#include <vector>

#include "core/cube.hpp"
#include "core/events.hpp"
#include "core/io/event_options.hpp"
#include "core/io/event_rows.hpp"
#include "core/io/postgis_connection.hpp"
#include "core/join/name_match.hpp"

namespace zila {

// The relation the events come from: a table (schema.table) or the user's query.
struct EventRelation {
  std::string from;  // SQL after FROM, aliased zila_events
  bool is_table = false;
  std::string table_name;  // quoted, for to_regclass
};

// The relation the options name (--events-layer or --events-sql); throws naming the tables when the
// table is missing.
EventRelation event_relation(const DatabaseConnection& db, const EventOptions& options);

struct Column {
  std::string name, type;
  char category = 'X';  // pg_type.typcategory: S string, N numeric, D date/time, E enum, ...
};

// The relation's attribute columns as GDAL's driver shows them: without geometry columns and without a
// table's single integer primary key (GDAL's feature id), so that "every field empty" means the same.
std::vector<Column> event_columns(const DatabaseConnection& db, const EventRelation& relation);

// Distinct texts of the date, count and fatalities columns, and what the file rules make of them
// (core/io/postgis_values.hpp): pairs raw text -> value for the grouping query to join.
struct ValueMaps {
  std::vector<std::string> date_texts, date_keys;  // only texts whose key is another text
  std::vector<std::string> count_texts, count_events;
  std::vector<std::string> fatality_texts, fatality_values;
  std::vector<std::string> place_texts, place_keys;  // the name join's place and fallback place columns
  std::vector<std::string> category_texts, category_keys;
  bool dates = false, counts = false, fatalities = false, places = false, categories = false;
};

// The first, small query: the distinct texts of the date, place, category, count and fatalities columns,
// each read once by the file rules. Dates given in parts (year, month, day columns)
// and a column with more than kMaxMappedTexts distinct texts stay grouped by their raw text.
ValueMaps value_maps(const DatabaseConnection& db, const EventRelation& relation, const std::vector<Column>& columns,
                     const EventColumns& c, const EventOptions& options, Bin bin, bool by_coordinates, const NameMatcher& matcher);

// The GROUP BY's key columns and where RowReader finds each role among them.
struct GroupQuery {
  std::string sql;
  std::vector<std::string> parameters;  // the value maps, as bound arrays
  std::vector<std::string> group_only;  // grouped by, not returned (a native date's period)
  FieldIndexes at;
  int key_count = 0;
  int district_key = -1;  // coordinates join: the district the database placed the group's points in
  // After count(*) (at key_count): the group's events and fatalities added up from the mapped values
  // (NULL when none of its rows had one), or -1 where the column is grouped by its raw text.
  int events_sum = -1, fatalities_sum = -1;
};

// The grouping query: the rows grouped by the classes of the value maps (by their raw text where a
// column has no map), counts and fatalities added up where mapped. The coordinates join's query reads
// the districts from pg_temp.zila_districts (core/io/postgis_districts.hpp).
GroupQuery group_query(const DatabaseConnection& db, const EventRelation& relation, const std::vector<Column>& columns,
                       const EventColumns& c, const std::string& state_actor, bool by_coordinates, const ValueMaps& maps,
                       const EventOptions& options, Bin bin);

}  // namespace zila
