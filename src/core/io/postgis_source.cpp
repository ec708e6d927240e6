// The PostgreSQL adapter (libpq): the name join's GROUP BY in the database, by the classes the file rules
// give each distinct value (value maps), every group read by the file rules. All SQL is fixed text plus identifiers quoted by PQescapeIdentifier and values bound as
// parameters; the only user text sent as SQL is the user's own --events-sql query, as a subquery.
// Sections: connection and errors | the event relation and its columns | values as the file rules read
// them | districts uploaded | public: is_database_source, aggregates_in_database, aggregate_in_database.
#include "core/io/postgis_source.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "core/io/dates.hpp"
#include "core/io/event_columns.hpp"
#include "core/io/event_rows.hpp"
#include "core/io/postgis_values.hpp"
#include "core/geo/point_locator.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

std::string trimmed_message(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// One connection to the events' database; every error names the source with the password masked.
class Database {
 public:
  Database(const std::string& path, const EventOptions& options) {
    source_ = mask_password(path) + (!options.layer.empty() ? " table " + options.layer : !options.sql.empty() ? " (--events-sql query)" : "");
    connection_.reset(PQconnectdb(path.substr(3).c_str()));
    if (!connection_ || PQstatus(connection_.get()) != CONNECTION_OK) fail("cannot connect to the database");
    connected_ = true;
    if (PQsetClientEncoding(connection_.get(), "UTF8") != 0) fail("cannot set the client encoding to UTF-8");
    // Dates as text in ISO order ('2024-03-05'), which the core's date parser reads as such.
    run("SET DateStyle = 'ISO'", {}, "setting the date style");
  }

  const std::string& source() const { return source_; }

  [[noreturn]] void fail(const std::string& what) const {
    const bool lost = connected_ && PQstatus(connection_.get()) == CONNECTION_BAD;
    throw Error(mask_password(fmt::format("{}: {}{}: {}", source_, what, lost ? " (the connection to the database was lost)" : "",
                                          trimmed_message(connection_ ? PQerrorMessage(connection_.get()) : "out of memory"))));
  }

  // A quoted identifier ("Killed Max"), whatever the name holds.
  std::string identifier(const std::string& name) const {
    char* quoted = PQescapeIdentifier(connection_.get(), name.c_str(), name.size());
    if (!quoted) fail(fmt::format("cannot quote the name '{}'", name));
    std::string out(quoted);
    PQfreemem(quoted);
    return out;
  }

  // Runs fixed SQL with bound text parameters; throws naming `what` unless it succeeds.
  ResultPtr run(const std::string& sql, const std::vector<std::string>& parameters, const std::string& what) const {
    std::vector<const char*> values;
    for (const std::string& p : parameters) values.push_back(p.c_str());
    ResultPtr result(PQexecParams(connection_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                  nullptr, nullptr, 0));
    ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(what);
    return result;
  }

  // Streams a query's rows one at a time (libpq's single-row mode: memory independent of the row count).
  template <typename OnRow>
  void stream(const std::string& sql, const std::vector<std::string>& parameters, const std::string& what, OnRow on_row) const {
    std::vector<const char*> values;
    for (const std::string& p : parameters) values.push_back(p.c_str());
    if (!PQsendQueryParams(connection_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                           nullptr, 0)) {
      fail(what);
    }
    if (!PQsetSingleRowMode(connection_.get())) fail(what);
    bool failed = false;
    while (ResultPtr result{PQgetResult(connection_.get())}) {
      ExecStatusType status = PQresultStatus(result.get());
      if (status == PGRES_SINGLE_TUPLE) {
        if (!failed) on_row(*result);
      } else if (status != PGRES_TUPLES_OK) {
        failed = true;  // libpq wants the results drained before the connection is reused or closed
      }
    }
    if (failed) fail(what);
  }

 private:
  std::string source_;
  std::unique_ptr<PGconn, ConnectionCloser> connection_;
  bool connected_ = false;  // a failure after this point with a bad connection is a lost connection
};

std::string text_value(const PGresult& result, int row, int column) {
  return PQgetisnull(&result, row, column) ? std::string() : std::string(PQgetvalue(&result, row, column));
}

// The relation the events come from: a table (schema.table) or the user's query.
struct EventRelation {
  std::string from;  // SQL after FROM, aliased zila_events
  bool is_table = false;
  std::string table_name;  // quoted, for to_regclass
};

EventRelation event_relation(const Database& db, const EventOptions& options) {
  if (!options.sql.empty() && !options.layer.empty()) {
    throw Error(fmt::format("{}: give --events-layer or --events-sql, not both", db.source()));
  }
  if (!options.sql.empty()) return {"(" + options.sql + ") AS zila_events", false, {}};
  if (options.layer.empty()) {
    throw Error(fmt::format("{}: name the events table with --events-layer schema.table, or give --events-sql 'SELECT ...'",
                            db.source()));
  }
  size_t dot = options.layer.find('.');
  std::string quoted = dot == std::string::npos
                           ? db.identifier(options.layer)
                           : db.identifier(options.layer.substr(0, dot)) + "." + db.identifier(options.layer.substr(dot + 1));
  ResultPtr found = db.run("SELECT to_regclass($1) IS NOT NULL", {quoted}, "looking up the events table");
  if (text_value(*found, 0, 0) != "t") {
    ResultPtr tables = db.run(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
        "AND table_name NOT IN ('spatial_ref_sys', 'geometry_columns', 'geography_columns') ORDER BY 1 LIMIT 50",
        {}, "listing the tables");
    std::vector<std::string> names;
    for (int r = 0; r < PQntuples(tables.get()); ++r) names.push_back(text_value(*tables, r, 0));
    throw Error(fmt::format("{}: no table '{}' in the database; tables: {}", db.source(), options.layer,
                            names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
  }
  return {quoted + " AS zila_events", true, quoted};
}

struct Column {
  std::string name, type;
  char category = 'X';  // pg_type.typcategory: S string, N numeric, D date/time, E enum, ...
};

// The relation's attribute columns as GDAL's driver shows them: without geometry columns and without a
// table's single integer primary key (GDAL's feature id), so that "every field empty" means the same.
std::vector<Column> event_columns(const Database& db, const EventRelation& relation) {
  ResultPtr shape = db.run("SELECT * FROM " + relation.from + " LIMIT 0", {}, "reading the columns");
  std::vector<Column> columns;
  std::vector<std::string> oids;
  for (int f = 0; f < PQnfields(shape.get()); ++f) {
    columns.push_back({PQfname(shape.get(), f), {}, 'X'});
    oids.push_back(std::to_string(PQftype(shape.get(), f)));
  }
  ResultPtr types = db.run("SELECT oid::text, typname, typcategory FROM pg_type WHERE oid = ANY($1::oid[])",
                           {"{" + fmt::format("{}", fmt::join(oids, ",")) + "}"}, "reading the column types");
  for (int r = 0; r < PQntuples(types.get()); ++r) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (oids[c] == text_value(*types, r, 0)) columns[c].type = text_value(*types, r, 1), columns[c].category = text_value(*types, r, 2)[0];
    }
  }
  std::string feature_id;
  if (relation.is_table) {
    ResultPtr key = db.run(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = to_regclass($1) AND i.indisprimary",
        {relation.table_name}, "reading the primary key");
    if (PQntuples(key.get()) == 1) feature_id = text_value(*key, 0, 0);
  }
  std::erase_if(columns, [&](const Column& c) {
    return (c.name == feature_id && c.category == 'N') || c.type == "geometry" || c.type == "geography";
  });
  return columns;
}

const Column& column_named(const std::vector<Column>& columns, const std::string& name) {
  return *std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
}

// A column's value as the text a file would hold; throws when its type cannot hold the role.
std::string text_of_column(const Database& db, const std::vector<Column>& columns, const std::string& name, const char* role,
                           std::string_view accepted_categories, const char* accepted) {
  const Column& column = column_named(columns, name);
  if (accepted_categories.find(column.category) == std::string_view::npos) {
    throw Error(fmt::format("{}: column '{}' ({}) is of type {}; it must hold {}", db.source(), name, role, column.type, accepted));
  }
  std::string quoted = "zila_events." + db.identifier(name);
  if (column.type == "timestamp" || column.type == "timestamptz") return "(" + quoted + ")::date::text";
  return "(" + quoted + ")::text";
}

// Districts the database may place points in itself (coordinates join): per district a point strictly
// inside it, as text, that Zila's own locator also places there; empty for districts it may not.
struct DistrictPoints {
  std::vector<std::string> lon, lat;
};

// One group as a row of text fields for RowReader. A group the database placed in a district carries
// that district's inner point as its coordinates, so that join_events places it the same way.
class GroupRow final : public RowSource {
 public:
  GroupRow(const PGresult& result, int field_count, const FieldIndexes& at, int district_key, const DistrictPoints& points)
      : result_(result), field_count_(field_count), at_(at), district_key_(district_key), points_(points) {}
  int field_count() const override { return field_count_; }
  std::string_view raw(int field) const override {
    if (field < 0 || field >= field_count_) return {};
    if ((field == at_.lon || field == at_.lat) && district_key_ >= 0 && !PQgetisnull(&result_, 0, district_key_)) {
      const size_t district = std::stoul(PQgetvalue(&result_, 0, district_key_));
      return field == at_.lon ? points_.lon.at(district) : points_.lat.at(district);
    }
    if (PQgetisnull(&result_, 0, field)) return {};
    return {PQgetvalue(&result_, 0, field), static_cast<size_t>(PQgetlength(&result_, 0, field))};
  }

 private:
  const PGresult& result_;
  int field_count_;
  const FieldIndexes& at_;
  int district_key_;
  const DistrictPoints& points_;
};

// True when the text holds a printable ASCII character, so that it is not empty once trimmed (false
// does not prove it empty: non-ASCII text). A first character test spares most rows the regex.
std::string has_printable(const std::string& text) {
  return "(CASE WHEN ascii(" + text + ") BETWEEN 33 AND 126 THEN TRUE ELSE " + text + " ~ '[!-~]' END)";
}

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

// A number as Zila's plain-decimal reading gives it (both round correctly), NULL for any other text.
std::string plain_number(const std::string& text, char category) {
  if (category == 'N') return "(" + text + ")::float8";
  return "(CASE WHEN " + text + " ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (" + text + ")::float8 END)";
}

// A date column of type date or timestamp (read by its date): the database bins it itself.
bool is_native_date(const std::vector<Column>& columns, const EventColumns& c) {
  if (!c.month.empty() || c.date.empty()) return false;
  const std::string& type = column_named(columns, c.date).type;
  return type == "date" || type == "timestamp" || type == "timestamptz";
}

GroupQuery group_query(const Database& db, const EventRelation& relation, const std::vector<Column>& columns,
                       const EventColumns& c, const std::string& state_actor, bool by_coordinates, const ValueMaps& maps,
                       const EventOptions& options, Bin bin) {
  std::vector<std::string> keys;
  auto key = [&](std::string expression) {
    keys.push_back(std::move(expression));
    return static_cast<int>(keys.size()) - 1;
  };
  const char* text_kinds = "SE";
  GroupQuery query;
  std::string from = relation.from;
  // A column's value in its map (NULL for a text not in it: the text is then read as it is).
  auto mapped = [&](const std::string& raw, const std::vector<std::string>& texts, const std::vector<std::string>& values,
                    const std::string& alias, const char* type) {
    query.parameters.push_back(pg_text_array(texts));
    query.parameters.push_back(pg_text_array(values));
    const size_t n = query.parameters.size();
    from += fmt::format(" LEFT JOIN unnest(${}::text[], ${}::{}[]) AS {}(raw, value) ON {}.raw = {}", n - 1, n, type, alias, alias, raw);
    return alias + ".value";
  };
  // The name join's places grouped under the text standing for their class (one map for every place column).
  // Every firm name is in the map (standing for itself or another), so a row's place column holds a firm
  // name exactly when it found its text there.
  // A column read in two roles (place and fallback) is joined to the map once.
  std::vector<std::string> place_joined;  // the place expressions joined, zila_place<n> in this order
  std::vector<std::string> firm;  // per place column: its text is a firm name
  auto place_class = [&](const std::string& place) {
    if (by_coordinates || !maps.places) return place;
    const auto joined = std::find(place_joined.begin(), place_joined.end(), place);
    const std::string alias = fmt::format("zila_place{}", joined - place_joined.begin());
    if (joined == place_joined.end()) {
      mapped(place, maps.place_texts, maps.place_keys, alias, "text");
      place_joined.push_back(place);
    }
    firm.push_back(alias + ".raw IS NOT NULL");
    return "coalesce(" + alias + ".value, " + place + ")";
  };
  // Empty for RowReader's trim too (which may trim more: then the text is not taken as empty here).
  auto surely_empty = [](const std::string& text) { return "(" + text + " IS NULL OR " + text + " ~ '^[ \\t\\n\\r]*$')"; };
  const std::string date = text_of_column(db, columns, c.date, "date", "SD", "text or dates");
  if (is_native_date(columns, c)) {
    // A native date's text is ISO with a day, read alike whatever the day: the database groups dates in
    // the plausible years by their period (date_trunc's weeks start on Monday, as Zila's) and returns
    // the group's first date, which RowReader puts in that period. Any other date (outside the years,
    // infinity, BC) is grouped by its own text, as RowReader rejects it with its own reason.
    query.parameters.push_back(format_iso_date(first_day_of_year(options.first_year)));
    query.parameters.push_back(format_iso_date(first_day_of_year(options.last_year + 1)));
    const size_t n = query.parameters.size();
    const std::string day = "(zila_events." + db.identifier(c.date) + ")::date";
    const std::string plausible = fmt::format("{} >= ${}::date AND {} < ${}::date", day, n - 1, day, n);
    const std::string period = bin == Bin::day ? day : fmt::format("date_trunc('{}', {})", name_of(bin), day);
    query.group_only.push_back("CASE WHEN " + plausible + " THEN " + period + " END");
    query.group_only.push_back("CASE WHEN " + plausible + " THEN NULL ELSE " + date + " END");
    query.at.date = static_cast<int>(keys.size());
    keys.push_back("min(" + day + ")::text");
  } else {
    // Dates binned in the database: each date text grouped under the text that stands for its class.
    query.at.date = key(maps.dates ? "coalesce(" + mapped(date, maps.date_texts, maps.date_keys, "zila_date", "text") + ", " + date + ")" : date);
  }
  // A place with a printable ASCII character is not empty after trimming: the fallback places and the
  // coordinates cannot matter to such a row, and leaving them out keeps the groups few.
  // The coordinates join reads a place only to tell a row without place and coordinates, or a totals
  // row ("Total", "Grand total", "Sum", "All"): any other non-empty place then stands for all of them.
  auto place_key = [&](const std::string& place) {
    if (!by_coordinates) return place;
    return "CASE WHEN " + has_printable(place) + " AND NOT (lower(" + place + ") LIKE '%total%' OR lower(" + place +
           ") LIKE '%sum%' OR lower(" + place + ") LIKE '%all%') THEN '-' ELSE " + place + " END";
  };
  std::string place_given = "FALSE", earlier_empty = "TRUE";
  if (!c.place.empty()) {
    const std::string place = text_of_column(db, columns, c.place, "place name", text_kinds, "text");
    query.at.place = key(place_key(place_class(place)));
    place_given = has_printable(place);
    earlier_empty = surely_empty(place);
  }
  auto unless_place = [&](const std::string& expression) { return "CASE WHEN " + place_given + " THEN NULL ELSE " + expression + " END"; };
  // The name join reads a row's point only to referee a guessed name or to tell a row without any place:
  // a row whose place is a firm name (the first non-empty fallback, when the place is empty) needs none.
  std::string point_unused = place_given;
  for (const std::string& extra : c.extra_places) {
    const std::string text = text_of_column(db, columns, extra, "fallback place name", text_kinds, "text");
    query.at.extra_places.push_back(key(unless_place(place_key(place_class(text)))));
    if (!firm.empty()) point_unused += " OR (" + earlier_empty + " AND " + firm.back() + ")";
    earlier_empty += " AND " + surely_empty(text);
  }
  if (!c.category.empty()) {
    const std::string category = text_of_column(db, columns, c.category, "category", text_kinds, "text");
    query.at.category = key(maps.categories ? "coalesce(" + mapped(category, maps.category_texts, maps.category_keys, "zila_category", "text") +
                                                  ", " + category + ")"
                                            : category);
    // The actor decides only ACLED's Battles and Explosions/Remote violence (see RowReader::read_category).
    if (!state_actor.empty()) {
      // Only "1" (trimmed) makes them operations: any other printable ASCII actor stands as '0' (other
      // text keeps its own, whatever RowReader's trim makes of it).
      const std::string actor = text_of_column(db, columns, state_actor, "state actor", "SNE", "text or numbers");
      query.at.state_actor = key("CASE WHEN lower(" + category + ") LIKE '%battles%' OR lower(" + category +
                                 ") LIKE '%explosions/remote violence%' THEN CASE WHEN btrim(" + actor + ", ' ') = '1' THEN '1' WHEN " +
                                 actor + " ~ '^[ -~]*$' THEN '0' ELSE " + actor + " END END");
    }
  }
  // Counts and fatalities the rules read as numbers are added up in the database: such rows group under
  // a placeholder ('1', '0': read as a number, replaced by the sum); empty and bad text keeps its own.
  std::vector<std::string> sums;
  if (!c.count.empty()) {
    const std::string count = text_of_column(db, columns, c.count, "event count", "NS", "numbers or text");
    if (maps.counts) {
      const std::string events = mapped(count, maps.count_texts, maps.count_events, "zila_count", "int8");
      query.at.count = key("CASE WHEN " + events + " IS NOT NULL THEN '1' ELSE " + count + " END");
      sums.push_back("sum(" + events + ")");
    } else {
      query.at.count = key(count);
    }
  }
  if (!c.fatalities.empty()) {
    const std::string fatalities = text_of_column(db, columns, c.fatalities, "fatalities", "NS", "numbers or text");
    if (maps.fatalities) {
      const std::string value = mapped(fatalities, maps.fatality_texts, maps.fatality_values, "zila_fatalities", "float8");
      // Empty fatalities are unknown, adding nothing: such rows join the placeholder's group too, when
      // their date is not empty (a row without a date is told "empty row" by all its fields being empty).
      query.at.fatalities = key("CASE WHEN " + value + " IS NOT NULL OR (" + surely_empty(fatalities) + " AND " + has_printable(date) +
                                ") THEN '0' ELSE " + fatalities + " END");
      sums.push_back("sum(" + value + ")");
    } else {
      query.at.fatalities = key(fatalities);
    }
  }
  if (!c.lon.empty() && !by_coordinates) {
    auto unless_unused = [&](const std::string& expression) { return "CASE WHEN " + point_unused + " THEN NULL ELSE " + expression + " END"; };
    query.at.lon = key(unless_unused(text_of_column(db, columns, c.lon, "longitude", "NS", "numbers or text")));
    query.at.lat = key(unless_unused(text_of_column(db, columns, c.lat, "latitude", "NS", "numbers or text")));
  } else if (!c.lon.empty()) {
    // The database places a point when it is a plain decimal pair in range, strictly inside exactly
    // one district and no other covers it (ST_Covers includes borders); every other point comes back
    // as its own text for Zila's locator (borders, swapped or unreadable values, points outside).
    const std::string lon = text_of_column(db, columns, c.lon, "longitude", "NS", "numbers or text");
    const std::string lat = text_of_column(db, columns, c.lat, "latitude", "NS", "numbers or text");
    from += " CROSS JOIN LATERAL (SELECT " + plain_number(lon, column_named(columns, c.lon).category) + " AS lon, " +
            plain_number(lat, column_named(columns, c.lat).category) + " AS lat) AS zila_xy" +
            " LEFT JOIN LATERAL (SELECT min(d.id) AS id, count(DISTINCT d.id) AS covering, bool_or(d.decidable AND ST_Contains(d.geom, p.pt)) AS inside"
            " FROM (SELECT ST_SetSRID(ST_MakePoint(zila_xy.lon, zila_xy.lat), 4326) AS pt) AS p"
            " JOIN pg_temp.zila_districts AS d ON ST_Covers(d.geom, p.pt)"
            " WHERE abs(zila_xy.lat) <= 90 AND abs(zila_xy.lon) <= 180) AS zila_cover ON TRUE";
    const std::string placed = "(zila_cover.covering = 1 AND zila_cover.inside)";
    query.at.lon = key("CASE WHEN " + placed + " THEN NULL ELSE " + lon + " END");
    query.at.lat = key("CASE WHEN " + placed + " THEN NULL ELSE " + lat + " END");
    query.district_key = key("CASE WHEN " + placed + " THEN zila_cover.id END");
  }
  // Rows without a date are told apart as "empty row" or "no date" by whether any field holds text:
  // for those rows only, all fields end to end (whitespace-only exactly when every field is).
  std::string all_fields = "''";
  for (const Column& column : columns) all_fields += " || coalesce((zila_events." + db.identifier(column.name) + ")::text, '')";
  key("CASE WHEN " + date + " IS NULL OR NOT " + has_printable(date) + " THEN " + all_fields + " END");

  query.key_count = static_cast<int>(keys.size());
  std::vector<std::string> positions;
  for (int k = 1; k <= query.key_count; ++k) {
    if (k - 1 != query.at.date || query.group_only.empty()) positions.push_back(std::to_string(k));
  }
  positions.insert(positions.end(), query.group_only.begin(), query.group_only.end());
  int next = query.key_count + 1;
  if (maps.counts && !c.count.empty()) query.events_sum = next++;
  if (maps.fatalities && !c.fatalities.empty()) query.fatalities_sum = next++;
  // A table's groups in the order of their first row (a file's order, for a freshly loaded table): the
  // first seen of two spellings with as many rows is the one named, as in the file.
  query.sql = fmt::format("SELECT {}, count(*){}{} FROM {} GROUP BY {}{}", fmt::join(keys, ", "), sums.empty() ? "" : ", ",
                          fmt::join(sums, ", "), from, fmt::join(positions, ", "),
                          relation.is_table ? " ORDER BY min(zila_events.ctid)" : "");
  return query;
}

// The first, small query: the distinct texts of the date, place, category, count and fatalities columns,
// each read once by the file rules. Dates given in parts (year, month, day columns)
// and a column with more than kMaxMappedTexts distinct texts stay grouped by their raw text.
ValueMaps value_maps(const Database& db, const EventRelation& relation, const std::vector<Column>& columns, const EventColumns& c,
                     const EventOptions& options, Bin bin, bool by_coordinates, const NameMatcher& matcher) {
  std::vector<std::string> expressions;
  std::vector<std::vector<std::string>> texts;
  std::vector<bool> too_many;
  auto role = [&](bool wanted, const std::string& name, const char* what, std::string_view kinds, const char* accepted) {
    if (!wanted || name.empty()) return -1;
    expressions.push_back(text_of_column(db, columns, name, what, kinds, accepted));
    texts.emplace_back();
    too_many.push_back(false);
    return static_cast<int>(expressions.size()) - 1;
  };
  const int date = role(c.month.empty() && !is_native_date(columns, c), c.date, "date", "SD", "text or dates");
  const int count = role(true, c.count, "event count", "NS", "numbers or text");
  const int fatalities = role(true, c.fatalities, "fatalities", "NS", "numbers or text");
  const int category = role(true, c.category, "category", "SE", "text");
  std::vector<int> places;  // the name join's place columns, read into one list of texts
  places.push_back(role(!by_coordinates, c.place, "place name", "SE", "text"));
  for (const std::string& extra : c.extra_places) places.push_back(role(!by_coordinates, extra, "fallback place name", "SE", "text"));
  std::erase(places, -1);
  ValueMaps maps;
  if (expressions.empty()) return maps;
  // One GROUP BY per column, not GROUPING SETS: Citus runs grouping sets on one shard only.
  std::vector<std::string> selects;
  for (size_t e = 0; e < expressions.size(); ++e) {
    selects.push_back(fmt::format("SELECT {}, {} FROM {} GROUP BY 2", e, expressions[e], relation.from));
  }
  db.stream(fmt::format("{}", fmt::join(selects, " UNION ALL ")), {}, "reading the distinct dates, places, categories, counts and fatalities",
            [&](const PGresult& result) {
              const size_t at = std::stoul(text_value(result, 0, 0));
              if (at >= texts.size() || PQgetisnull(&result, 0, 1) || too_many[at]) return;
              if (texts[at].size() == kMaxMappedTexts) {
                too_many[at] = true, texts[at].clear();
                return;
              }
              texts[at].push_back(text_value(result, 0, 1));
            });
  if (!places.empty()) {
    std::vector<std::string>& all = texts[static_cast<size_t>(places[0])];
    for (size_t k = 1; k < places.size(); ++k) {
      const size_t at = static_cast<size_t>(places[k]);
      all.insert(all.end(), texts[at].begin(), texts[at].end());
      too_many[static_cast<size_t>(places[0])] = too_many[static_cast<size_t>(places[0])] || too_many[at];
    }
  }
  for (std::vector<std::string>& distinct : texts) {  // one column in two roles is listed twice
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  }
  if (date >= 0 && !too_many[static_cast<size_t>(date)]) {
    const std::vector<std::string>& raw = texts[static_cast<size_t>(date)];
    const std::vector<std::string> keys = date_representatives(raw, options, bin);
    for (size_t t = 0; t < raw.size(); ++t) {
      if (keys[t] != raw[t]) maps.date_texts.push_back(raw[t]), maps.date_keys.push_back(keys[t]);
    }
    maps.dates = true;
  }
  if (!places.empty() && !too_many[static_cast<size_t>(places[0])] && texts[static_cast<size_t>(places[0])].size() <= kMaxMappedTexts) {
    const std::vector<std::string>& raw = texts[static_cast<size_t>(places[0])];
    const std::vector<std::optional<std::string>> keys = place_representatives(raw, options, matcher);
    for (size_t t = 0; t < raw.size(); ++t) {
      if (keys[t]) maps.place_texts.push_back(raw[t]), maps.place_keys.push_back(*keys[t]);
    }
    maps.places = true;
  }
  if (category >= 0 && !too_many[static_cast<size_t>(category)]) {
    const std::vector<std::string>& raw = texts[static_cast<size_t>(category)];
    const std::vector<std::optional<std::string>> keys = category_representatives(raw, options);
    for (size_t t = 0; t < raw.size(); ++t) {
      if (keys[t] && *keys[t] != raw[t]) maps.category_texts.push_back(raw[t]), maps.category_keys.push_back(*keys[t]);
    }
    maps.categories = true;
  }
  if (count >= 0 && !too_many[static_cast<size_t>(count)]) {
    const std::vector<std::string>& raw = texts[static_cast<size_t>(count)];
    const std::vector<std::optional<uint32_t>> values = count_values(raw, options);
    for (size_t t = 0; t < raw.size(); ++t) {
      if (values[t]) maps.count_texts.push_back(raw[t]), maps.count_events.push_back(std::to_string(*values[t]));
    }
    maps.counts = true;
  }
  if (fatalities >= 0 && !too_many[static_cast<size_t>(fatalities)]) {
    const std::vector<std::string>& raw = texts[static_cast<size_t>(fatalities)];
    const std::vector<std::optional<float>> values = fatality_values(raw, options);
    for (size_t t = 0; t < raw.size(); ++t) {
      // The float RowReader stores, written so that float8 reads back exactly that value.
      if (values[t]) maps.fatality_texts.push_back(raw[t]), maps.fatality_values.push_back(fmt::format("{}", static_cast<double>(*values[t])));
    }
    maps.fatalities = true;
  }
  return maps;
}

// A sum the grouping query added up: nullopt when NULL (no row of the group had a mapped value).
std::optional<double> group_sum(const PGresult& result, int column) {
  if (column < 0 || PQgetisnull(&result, 0, column)) return std::nullopt;
  return std::strtod(PQgetvalue(&result, 0, column), nullptr);
}

uint64_t group_size(const Database& db, const PGresult& result, int column) {
  const char* text = PQgetvalue(&result, 0, column);
  uint64_t n = 0;
  auto [end, error] = std::from_chars(text, text + PQgetlength(&result, 0, column), n);
  if (error != std::errc{} || n == 0) throw Error(fmt::format("{}: the database returned a bad group size '{}'", db.source(), text));
  return n;
}

uint32_t as_count(const Database& db, uint64_t value) {
  if (value > UINT32_MAX) {
    throw Error(fmt::format("{}: one group of rows (one place, date and category) stands for {} events, more than Zila counts per group",
                            db.source(), value));
  }
  return static_cast<uint32_t>(value);
}

// A district as WKT with every coordinate written to round-trip exactly (rings closed, as WKT wants).
std::string district_wkt(const PolygonSet& set, size_t feature) {
  std::string wkt = "MULTIPOLYGON(";
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    wkt += p == set.feature_offsets[feature] ? "(" : ",(";
    for (uint32_t r = set.polygon_offsets[p]; r < set.polygon_offsets[p + 1]; ++r) {
      wkt += r == set.polygon_offsets[p] ? "(" : ",(";
      for (const Point& v : set.ring(r)) wkt += fmt::format("{} {},", v.x, v.y);
      wkt += fmt::format("{} {})", set.ring(r)[0].x, set.ring(r)[0].y);
    }
    wkt += ")";
  }
  return wkt + ")";
}

// The districts in a temporary table (this session only) with a spatial index, for the database's
// point-in-polygon join. A district is decidable when the inner point PostGIS gives for it is placed
// in it by Zila's locator too: the database then places points strictly inside it.
DistrictPoints upload_districts(const Database& db, const Boundaries& boundaries) {
  // Subdivided into pieces of at most 64 vertices (PostGIS's usual speed-up of point-in-polygon tests):
  // a point strictly inside a piece is strictly inside its district; one on a cut is inside none.
  db.run("CREATE TEMPORARY TABLE zila_districts (id integer, geom geometry(MultiPolygon, 4326), decidable boolean)",
         {}, "creating the districts' table (the coordinates join needs PostGIS in the database)");
  const PointLocator locator(boundaries.lonlat);
  DistrictPoints points;
  for (size_t d = 0; d < boundaries.size(); ++d) {
    const std::string id = std::to_string(d), wkt = district_wkt(boundaries.lonlat, d);
    const std::string what = fmt::format("writing district '{}'", boundaries.names[d]);
    ResultPtr inner = db.run("SELECT ST_X(p)::text, ST_Y(p)::text FROM ST_PointOnSurface(ST_GeomFromText($1, 4326)) AS p", {wkt}, what);
    std::string lon = text_value(*inner, 0, 0), lat = text_value(*inner, 0, 1);
    const bool decidable = locator.locate(std::stod(lon), std::stod(lat)) == static_cast<int32_t>(d);
    points.lon.push_back(decidable ? lon : "");
    points.lat.push_back(decidable ? lat : "");
    db.run("INSERT INTO zila_districts SELECT $1::integer, ST_Multi(piece), $3::boolean FROM ST_Subdivide(ST_GeomFromText($2, 4326), 64) AS piece",
           {id, wkt, decidable ? "true" : "false"}, what);
  }
  db.run("CREATE INDEX ON zila_districts USING gist (geom)", {}, "indexing the districts");
  db.run("ANALYZE zila_districts", {}, "analysing the districts");
  return points;
}

}  // namespace

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
  const Database db(options.events.path, options.events);
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

  EventOptions row_options = options.events;
  row_options.encoding.clear();  // the client encoding is UTF-8
  RowReader reader(row_options, table);
  std::vector<uint64_t> rows_of_entry, rows_of_rejected;  // rows each entry stands for
  std::vector<double> fatalities_of_entry;                 // the fatalities of those rows (NaN: none known)
  uint64_t rows = 0, entries = 0;
  db.stream(query.sql, query.parameters, "running the grouping query", [&](const PGresult& result) {
    const uint64_t n = group_size(db, result, query.key_count);
    rows += n;
    const GroupRow row(result, query.key_count, query.at, query.district_key, district_points);
    std::optional<double> events_sum = group_sum(result, query.events_sum), fatalities_sum = group_sum(result, query.fatalities_sum);
    // Reads the group as one entry standing for `weight` rows; true when accepted. The sums the
    // database added up go to the first entry read (the others of a group stand for one row each).
    auto read_entry = [&](uint64_t weight) {
      const size_t accepted = table.size(), rejected = table.rejected.size();
      table.rows_read = ++entries;
      reader.read(row, query.at, entries);
      if (table.size() > accepted) {
        rows_of_entry.push_back(weight);
        const double fatalities = table.fatalities.back();
        fatalities_of_entry.push_back(std::isnan(fatalities) ? fatalities
                                      : fatalities_sum     ? *fatalities_sum
                                                           : static_cast<double>(weight) * static_cast<double>(fatalities));
        table.count.back() = as_count(db, events_sum ? static_cast<uint64_t>(*events_sum) : uint64_t{table.count.back()} * weight);
        if (events_sum) events_sum = 0.0;
        if (fatalities_sum) fatalities_sum = 0.0;
        return true;
      }
      if (table.rejected.size() > rejected) rows_of_rejected.push_back(weight);
      return false;
    };
    // join_events counts points outside or placed after swapping per entry: a group with a point the
    // database did not place (a border, outside, unreadable) becomes one entry per row.
    // The report moves rows the bin cannot count to the rejected ones entry by entry (core/report.cpp):
    // a group of such rows becomes one entry per row (the sums stay with the first).
    auto split_unbinnable = [&] {
      if (n == 1 || bin_fits_precision(options.bin, table.date_precision(table.size() - 1))) return;
      rows_of_entry.back() = 1;
      if (!group_sum(result, query.events_sum)) table.count.back() = as_count(db, table.count.back() / n);
      if (!group_sum(result, query.fatalities_sum)) fatalities_of_entry.back() /= static_cast<double>(n);
      for (uint64_t copy = 1; copy < n; ++copy) read_entry(1);
    };
    const bool zila_locates = query.district_key >= 0 && PQgetisnull(&result, 0, query.district_key);
    if (!zila_locates || n == 1) {
      if (read_entry(n)) split_unbinnable();
      return;
    }
    const size_t rejected_before = table.rejected.size();
    if (read_entry(1)) {
      if (!std::isnan(table.lon.back())) {
        for (uint64_t copy = 1; copy < n; ++copy) read_entry(1);
        return;
      }
      rows_of_entry.back() = n;  // no point after all: one entry for the whole group
      if (!group_sum(result, query.events_sum)) table.count.back() = as_count(db, uint64_t{table.count.back()} * n);
      if (!group_sum(result, query.fatalities_sum)) fatalities_of_entry.back() *= static_cast<double>(n);
      split_unbinnable();
    } else if (table.rejected.size() > rejected_before) {
      rows_of_rejected.back() = n;
    }
  });
  reader.finish();
  if (!table.warnings.empty()) {
    table.warnings.insert(table.warnings.begin(), fmt::format("the database grouped {} rows into {} groups of equal values; "
                                                              "the counts in the notes below are of groups", rows, entries));
  }
  // One rejected entry per row (the database has no row numbers), so that the reasons count rows.
  std::vector<RejectedRow> rejected_rows;
  for (size_t g = 0; g < table.rejected.size(); ++g) rejected_rows.insert(rejected_rows.end(), rows_of_rejected[g], RejectedRow{0, table.rejected[g].reason});
  table.rejected = std::move(rejected_rows);

  // join_events counts entries as rows; run once with each entry's count set to its rows, which makes
  // its event totals the row totals, then with the real counts. Names are matched once per distinct place.
  const auto event_counts = table.count;
  for (size_t i = 0; i < table.size(); ++i) table.count[i] = as_count(db, rows_of_entry[i]);
  table.rows_read = table.size() + table.rejected.size();  // what join_events checks its accounting against
  const JoinResult by_rows = join_events(table, data.boundaries, matcher, options.join, data.gazetteer);
  table.count = event_counts;
  JoinResult join = join_events(table, data.boundaries, matcher, options.join, data.gazetteer);
  table.rows_read = rows;
  join.rows_read = rows;
  join.joined = by_rows.events_joined;
  join.unmatched = by_rows.events_unmatched;
  join.rows_by_method.fill(0);
  for (size_t i = 0; i < table.size(); ++i) join.rows_by_method[static_cast<size_t>(join.method[i])] += rows_of_entry[i];
  for (size_t k = 0; k < join.unmatched_names.size(); ++k) {
    if (by_rows.unmatched_names[k].name != join.unmatched_names[k].name) throw Error("internal error: unmatched names out of step");
    join.unmatched_names[k].rows = by_rows.unmatched_names[k].events;
  }
  // join_events orders an unmatched name's spellings by its entries; the file's order is by rows (ties:
  // the first seen, as the groups come in the order of their first row).
  std::vector<uint64_t> rows_of_place(table.place_names.size(), 0);
  for (size_t i = 0; i < table.size(); ++i) {
    if (join.district[i] < 0 && table.place[i] != kNoPlace) rows_of_place[table.place[i]] += rows_of_entry[i];
  }
  std::unordered_map<std::string, uint32_t> place_id;
  for (uint32_t p = 0; p < table.place_names.size(); ++p) place_id.emplace(table.place_names[p], p);
  for (UnmatchedName& name : join.unmatched_names) {
    if (name.spellings.size() < 2) continue;
    std::sort(name.spellings.begin(), name.spellings.end(), [&](const std::string& a, const std::string& b) {
      const uint32_t pa = place_id.at(a), pb = place_id.at(b);
      return rows_of_place[pa] != rows_of_place[pb] ? rows_of_place[pa] > rows_of_place[pb] : pa < pb;
    });
    name.name = name.spellings.front();
  }
  std::sort(join.unmatched_names.begin(), join.unmatched_names.end(),
            [](const UnmatchedName& a, const UnmatchedName& b) { return a.rows != b.rows ? a.rows > b.rows : a.name < b.name; });
  if (join.joined + join.unmatched + join.rejected != rows) {
    throw Error(fmt::format("{}: internal accounting error: {} joined + {} unmatched + {} rejected != {} rows", db.source(),
                            join.joined, join.unmatched, join.rejected, rows));
  }

  // Counts are exact from the weighted entries; fatalities are the rows' values (floats, as a file's
  // rows are read) added in double, by the database where it had the values mapped.
  Cube cube = build_cube(table, join.district, data.boundaries.size(), options.bin);
  auto& fatalities = cube.values[static_cast<size_t>(Metric::fatalities)];
  std::fill(fatalities.begin(), fatalities.end(), 0.0);
  for (size_t i = 0; i < table.size(); ++i) {
    // As build_cube counts: rows whose date is coarser than the bin are left out.
    if (join.district[i] < 0 || std::isnan(fatalities_of_entry[i]) || !bin_fits_precision(options.bin, table.date_precision(i))) continue;
    const size_t period = static_cast<size_t>(std::upper_bound(cube.period_starts.begin(), cube.period_starts.end(), table.day[i]) -
                                              cube.period_starts.begin() - 1);
    fatalities[period * cube.district_count + static_cast<size_t>(join.district[i])] += fatalities_of_entry[i];
  }
  data.events = std::move(table);
  data.join = std::move(join);
  data.cube = std::move(cube);
}

}  // namespace zila
