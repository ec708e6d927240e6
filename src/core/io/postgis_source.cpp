// The PostgreSQL source's public face: which sources are databases, passwords masked and removed, and
// the push-down run from connection to cube. The parts, one job each: the connection and its errors
// (postgis_connection.*), the SQL (postgis_query.*; the coordinates join's districts: postgis_districts.*),
// what the file rules make of distinct values (postgis_values.*), the groups into the cube (postgis_groups.*).
#include "core/io/postgis_source.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <regex>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "core/io/event_columns.hpp"
#include "core/io/postgis_connection.hpp"
#include "core/io/postgis_districts.hpp"
#include "core/io/postgis_groups.hpp"
#include "core/io/postgis_query.hpp"
#include "core/text.hpp"

namespace zila {

bool is_database_source(const std::string& path) {
  return path.size() >= 3 && (path[0] == 'P' || path[0] == 'p') && (path[1] == 'G' || path[1] == 'g') && path[2] == ':';
}

std::string mask_password(const std::string& text) {
  static const std::regex keyword(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&']+))", std::regex::icase);
  static const std::regex uri(R"((postgres(?:ql)?://[^:/@\s]*:)([^@\s]*)@)", std::regex::icase);
  return std::regex_replace(std::regex_replace(text, keyword, "$1***"), uri, "$1***@");
}

std::string without_password(const std::string& source) {
  if (!is_database_source(source)) return source;
  static const std::regex uri(R"((postgres(?:ql)?://[^:/@\s]*):[^@\s]*@)", std::regex::icase);
  static const std::regex uri_query(R"(([?&])password=[^&\s]*&?)", std::regex::icase);
  static const std::regex keyword(R"((^|[:\s])password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']+)\s*)", std::regex::icase);
  std::string out = std::regex_replace(source, uri, "$1@");
  out = std::regex_replace(out, out.find("://") != std::string::npos ? uri_query : keyword, "$1");
  while (out.size() > 3 && (out.back() == ' ' || out.back() == '?' || out.back() == '&')) out.pop_back();
  return out;
}

bool aggregates_in_database(const PipelineOptions& options) {
  if (!is_database_source(options.events.path)) {
    if (!options.events.sql.empty()) throw Error("--events-sql needs a database source (--events 'PG:...')");
    return false;
  }
  if (options.join.mode != JoinMode::hybrid && options.push_down) return true;
  if (!options.events.sql.empty()) {
    throw Error(fmt::format("{}: --events-sql is aggregated in the database, which Zila does for the name or the coordinates "
                            "join (use --join name or --join coords, without --no-push-down)", mask_password(options.events.path)));
  }
  return false;
}

void aggregate_in_database(Dataset& data, const PipelineOptions& options, const NameMatcher& matcher) {
  const DatabaseConnection db(options.events.path, options.events);
  const EventRelation relation = event_relation(db, options.events);
  const std::vector<Column> columns = event_columns(db, relation);
  std::vector<std::string> names;
  for (const Column& column : columns) names.push_back(column.name);

  EventTable table;
  table.source = db.source();
  // Columns ranked by the first rows' content, as the file's reader ranks them (core/io/event_loader.cpp).
  std::vector<std::vector<std::string>> sample(columns.size());
  {
    std::vector<std::string> as_text;
    for (const Column& column : columns) as_text.push_back("(zila_events." + db.identifier(column.name) + ")::text");
    ResultPtr rows = db.run(fmt::format("SELECT {} FROM {} LIMIT 1000", fmt::join(as_text, ", "), relation.from), {},
                            "sampling the columns");
    for (int r = 0; r < PQntuples(rows.get()); ++r) {
      for (size_t c = 0; c < columns.size(); ++c) {
        std::string text(trim(text_value(*rows, r, static_cast<int>(c))));
        if (!text.empty()) sample[c].push_back(std::move(text));
      }
    }
  }
  EventOptions ranking = options.events;
  std::unordered_set<std::string> gazetteer;  // as the pipeline ranks a file's: districts or gazetteer places
  for (const GazetteerPlace& place : data.gazetteer) gazetteer.insert(normalise_place_name(place.name));
  ranking.resolves_place = [&](std::string_view name) {
    return matcher.match(name).district >= 0 || gazetteer.count(normalise_place_name(name)) > 0;
  };
  std::vector<std::string> column_notes;
  table.columns = choose_event_columns(names, ranking, db.source(), sample, column_notes);
  const bool by_coordinates = options.join.mode == JoinMode::coords;
  const ValueMaps maps = value_maps(db, relation, columns, table.columns, options.events, options.bin, by_coordinates, matcher);
  const GroupQuery query = group_query(db, relation, columns, table.columns, state_actor_column(names), by_coordinates, maps,
                                       options.events, options.bin);
  DistrictPoints district_points;
  if (query.district_key >= 0) district_points = upload_districts(db, data.boundaries);

  join_groups(data, read_groups(db, query, district_points, std::move(table), options), options, matcher, db.source());
}

}  // namespace zila
