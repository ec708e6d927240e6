// Reading event tables through GDAL (CSV, XLSX, ODS, GeoPackage, Shapefile, ...).
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/dates.hpp"
#include "core/events.hpp"
#include "core/join/name_match.hpp"

namespace zila {

struct EventOptions {
  std::string path;
  std::string layer;        // empty: first layer
  std::string sql;          // database sources (PG:...): a query whose rows are the events, instead of a layer
  EventColumns columns;     // empty entries are auto-detected from common names
  DateOrder date_order = DateOrder::automatic;
  std::string date_format;  // explicit strptime-style format, e.g. "%d.%m.%Y"
  // Plausible years: dates outside [first_year, last_year] are rejected with their own reason.
  int first_year = 1900;
  int last_year = current_year() + 1;
  std::string encoding;     // empty: UTF-8, with Windows-1252 fallback for invalid bytes
  // Raw category value (case-insensitive) -> category. Added to the built-in ACLED/common mapping.
  std::map<std::string, Category> category_map;
  Category default_category = Category::incident;  // for rows without a category column
  std::string citation;     // a short citation of the publisher, shown on slides instead of the file name
  // Whether a place name resolves to a district: scores candidate place columns by their content (the
  // pipeline passes the name matcher's). Empty: place columns are chosen by their names only.
  std::function<bool(std::string_view)> resolves_place;
};

// One layer (sheet) of a file with its columns, as `zila report --list-layers` shows them.
struct LayerColumns {
  std::string name;
  std::vector<std::string> columns;
  bool looks_like_events = false;  // a date column and a place (name or coordinates) were found in it
  std::string chosen_because;      // for the layer load_events would read: why
};
// Every layer of `path` with its columns (workbooks: every sheet, headers read as text). Throws zila::Error.
std::vector<LayerColumns> list_event_layers(const std::string& path);

// "incidents.csv:operation": a path with the category of its rows that have none. The suffix is taken
// only when it names a category, so "PG:dbname=x" and "C:/data.csv" stay paths.
EventOptions with_category_suffix(EventOptions source, const std::string& path_and_category);

// Throws zila::Error when the file cannot be opened or no date column can be found.
// Rows with a bad date etc. are rejected with a reason, never dropped silently.
EventTable load_events(const EventOptions& options);
// Several tables read one after another into one (rows numbered on across them, see EventSource):
// incidents from one file and operations from another add up on the map.
EventTable load_events(const std::vector<EventOptions>& sources);

// Aliases CSV: columns alias,district (GDAL CSV driver). Throws zila::Error naming the file.
std::vector<AliasEntry> load_aliases(const std::string& path);

}  // namespace zila
