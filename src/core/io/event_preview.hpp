// A look at an event table before loading it (the window's data panel): its layers and columns, the
// first rows as text, and the role the loader gives each column. Opens the table as the loader does
// (open_event_table: a workbook's first row is its header) and takes the loader's sheet and column
// choice (choose_event_layer), so what it shows is what a load will use.
#pragma once
#include <string>
#include <vector>

#include "core/io/event_options.hpp"

namespace zila {

struct EventPreview {
  std::vector<std::string> layers;   // of the file or database (empty for a query)
  std::string layer;                 // the layer shown
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // the first rows, one text per column
  EventColumns roles;                // the columns a load would use (the user's choices, else detected)
  std::string roles_problem;         // why a load would fail on the columns (no date column, ...); empty when none
};

// Reads at most `max_rows` rows of options.path (a file or PG: source; options.layer, or the sheet a
// load would choose, or options.sql for a database). Throws zila::Error naming the source (password
// masked) when it cannot be read.
EventPreview preview_events(const EventOptions& options, size_t max_rows = 10);

// "date", "place", "category", "count", "fatalities", "longitude", "latitude", "fallback place", or ""
// for a column the load does not read.
std::string column_role(const EventColumns& roles, const std::string& column);

}  // namespace zila
