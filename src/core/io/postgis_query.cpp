// The push-down's SQL (see postgis_query.hpp). All SQL is fixed text plus identifiers quoted by
// PQescapeIdentifier and values bound as parameters; the only user text sent as SQL is the user's own
// --events-sql query, as a subquery.
#include "core/io/postgis_query.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/io/dates.hpp"
#include "core/io/postgis_values.hpp"

namespace zila {
namespace {

const Column& column_named(const std::vector<Column>& columns, const std::string& name) {
  return *std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
}

// A column's value as the text a file would hold; throws when its type cannot hold the role.
std::string text_of_column(const DatabaseConnection& db, const std::vector<Column>& columns, const std::string& name, const char* role,
                           std::string_view accepted_categories, const char* accepted) {
  const Column& column = column_named(columns, name);
  if (accepted_categories.find(column.category) == std::string_view::npos) {
    throw Error(fmt::format("{}: column '{}' ({}) is of type {}; it must hold {}", db.source(), name, role, column.type, accepted));
  }
  std::string quoted = "zila_events." + db.identifier(name);
  if (column.type == "timestamp" || column.type == "timestamptz") return "(" + quoted + ")::date::text";
  return "(" + quoted + ")::text";
}

// True when the text holds a printable ASCII character, so that it is not empty once trimmed (false
// does not prove it empty: non-ASCII text). A first character test spares most rows the regex.
std::string has_printable(const std::string& text) {
  return "(CASE WHEN ascii(" + text + ") BETWEEN 33 AND 126 THEN TRUE ELSE " + text + " ~ '[!-~]' END)";
}

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

}  // namespace

EventRelation event_relation(const DatabaseConnection& db, const EventOptions& options) {
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

std::vector<Column> event_columns(const DatabaseConnection& db, const EventRelation& relation) {
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

GroupQuery group_query(const DatabaseConnection& db, const EventRelation& relation, const std::vector<Column>& columns,
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
  // A native date's text is never blank: testing the column for NULL spares every row a conversion to text.
  const std::string native_date_null = "zila_events." + db.identifier(c.date) + " IS NULL";
  const std::string date_given = is_native_date(columns, c) ? "(NOT " + native_date_null + ")" : has_printable(date);
  const std::string date_missing = is_native_date(columns, c) ? native_date_null : date + " IS NULL OR NOT " + has_printable(date);
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
    // On a timestamp without time zone: the date's own calendar period, and no per-row time zone
    // arithmetic (date_trunc on the timestamptz a bare date would become costs several times more).
    const std::string period = bin == Bin::day ? day : fmt::format("date_trunc('{}', {}::timestamp)", name_of(bin), day);
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
      query.at.fatalities = key("CASE WHEN " + value + " IS NOT NULL OR (" + surely_empty(fatalities) + " AND " + date_given +
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
  // A printable ASCII character settles "no date" whatever the rest: such rows share one key ('-'), so
  // that rows without a date do not each make a group of their own (they grew with the table).
  key("CASE WHEN " + date_missing + " THEN CASE WHEN " + has_printable(all_fields) + " THEN '-' ELSE " + all_fields + " END END");

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


ValueMaps value_maps(const DatabaseConnection& db, const EventRelation& relation, const std::vector<Column>& columns, const EventColumns& c,
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

}  // namespace zila
