#include "core/io/event_preview.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "core/error.hpp"
#include "core/io/event_rows.hpp"
#include "core/io/gdal_io.hpp"
#include "core/io/postgis_source.hpp"

namespace zila {

EventPreview preview_events(const EventOptions& options, size_t max_rows) {
  const bool database = is_database_source(options.path);
  const std::string source = mask_password(options.path);
  EventPreview preview;
  GDALDatasetUniquePtr dataset;
  try {
    dataset = open_vector_dataset(options.path, {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"}, "events");
  } catch (const Error& e) {
    throw Error(mask_password(e.what()));
  }
  OGRLayer* layer = nullptr;
  std::unique_ptr<OGRLayer, std::function<void(OGRLayer*)>> query;
  if (database && !options.sql.empty()) {
    // The user's own query, limited; GDAL's PG driver runs it as it stands.
    const std::string limited = fmt::format("SELECT * FROM ({}) AS zila_preview LIMIT {}", options.sql, max_rows);
    query = {dataset->ExecuteSQL(limited.c_str(), nullptr, nullptr), [&](OGRLayer* l) { dataset->ReleaseResultSet(l); }};
    if (!query) throw Error(fmt::format("{}: the --events-sql query failed: {}", source, mask_password(CPLGetLastErrorMsg())));
    layer = query.get();
  } else {
    preview.layers = layer_names(*dataset);
    try {
      layer = choose_layer(*dataset, options.layer, source, [](OGRLayer&) { return true; });
    } catch (const Error& e) {
      throw Error(mask_password(e.what()));
    }
    preview.layer = layer->GetName();
  }
  preview.columns = field_names(*layer);
  layer->ResetReading();
  for (size_t r = 0; r < max_rows; ++r) {
    OGRFeatureUniquePtr feature(layer->GetNextFeature());
    if (!feature) break;
    std::vector<std::string>& row = preview.rows.emplace_back();
    for (int f = 0; f < static_cast<int>(preview.columns.size()); ++f)
      row.emplace_back(feature->IsFieldSetAndNotNull(f) ? feature->GetFieldAsString(f) : "");
  }
  try {
    preview.roles = choose_event_columns(preview.columns, options, source);
  } catch (const Error& e) {
    preview.roles_problem = e.what();
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
