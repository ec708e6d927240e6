#include "core/io/event_preview.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "core/io/event_columns.hpp"
#include "core/io/event_layer_choice.hpp"
#include "core/io/postgis_source.hpp"

namespace zila {

EventPreview preview_events(const EventOptions& options, size_t max_rows) {
  const bool database = is_database_source(options.path);
  const std::string source = mask_password(options.path);
  EventPreview preview;
  std::optional<TableSource> table;
  try {
    table = open_event_table(options.path);
  } catch (const Error& e) {
    throw Error(mask_password(e.what()));
  }
  TableLayer* layer = nullptr;
  std::unique_ptr<TableLayer> query;
  bool roles_chosen = false;
  if (database && !options.sql.empty()) {
    // The user's own query, limited; GDAL's PG driver runs it as it stands.
    const std::string limited = fmt::format("SELECT * FROM ({}) AS zila_preview LIMIT {}", options.sql, max_rows);
    try {
      query = table->query(limited);
    } catch (const Error& e) {
      throw Error(fmt::format("{}: the --events-sql query failed: {}", source, mask_password(e.what())));
    }
    layer = query.get();
  } else {
    preview.layers = table->layer_names();
    if (!database) {
      // The sheet and columns a load reads (a workbook's decoy sheet passed over, columns ranked by content).
      try {
        LayerChoice choice = choose_event_layer(*table, options);
        layer = choice.layer;
        preview.roles = std::move(choice.columns);
        roles_chosen = true;
      } catch (const Error& e) {
        preview.roles_problem = e.what();
      }
    }
    try {
      if (!layer) layer = &table->layer(options.layer);
    } catch (const Error& e) {
      throw Error(mask_password(e.what()));
    }
    preview.layer = layer->name();
  }
  preview.columns = layer->field_names();
  layer->rewind();
  for (size_t r = 0; r < max_rows; ++r) {
    const TableRow* table_row = layer->next();
    if (!table_row) break;
    std::vector<std::string>& row = preview.rows.emplace_back();
    for (int f = 0; f < static_cast<int>(preview.columns.size()); ++f) row.emplace_back(table_row->text(f));
  }
  if (!roles_chosen && preview.roles_problem.empty()) {
    try {
      preview.roles = choose_event_columns(preview.columns, options, source);
    } catch (const Error& e) {
      preview.roles_problem = e.what();
    }
  }
  return preview;
}

std::string column_role(const EventColumns& roles, const std::string& column) {
  if (column.empty()) return "";
  const std::pair<const std::string*, const char*> named[] = {
      {&roles.date, "date"},           {&roles.place, "place"},      {&roles.category, "category"},
      {&roles.count, "count"},         {&roles.fatalities, "fatalities"}, {&roles.lon, "longitude"},
      {&roles.lat, "latitude"}};
  for (const auto& [name, role] : named)
    if (*name == column) return role;
  if (std::find(roles.extra_places.begin(), roles.extra_places.end(), column) != roles.extra_places.end()) return "fallback place";
  return "";
}

}  // namespace zila
