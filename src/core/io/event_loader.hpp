// Reading event tables through GDAL (CSV, XLSX, ODS, GeoPackage, Shapefile, ...).
#pragma once
#include <string>
#include <vector>

#include "core/events.hpp"
#include "core/io/event_options.hpp"
#include "core/join/name_match.hpp"

namespace zila {

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
