#include "core/join/gazetteer.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "core/io/table_source.hpp"

namespace zila {

std::vector<GazetteerPlace> load_gazetteer(const std::string& path, size_t* skipped) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(fmt::format("{}: a folder, not a gazetteer (name,lat,lon CSV)", path));
  TableSource table = TableSource::open(path, {}, "gazetteer");
  TableLayer* layer = table.layer_count() > 0 ? &table.layer_at(0) : nullptr;
  const std::vector<std::string> fields = layer ? layer->field_names() : std::vector<std::string>{};
  const std::string name_field = find_field(fields, {"name", "place"});
  const std::string lat_field = find_field(fields, {"lat", "latitude"});
  const std::string lon_field = find_field(fields, {"lon", "lng", "longitude"});
  if (name_field.empty() || lat_field.empty() || lon_field.empty()) {
    throw Error(fmt::format("{}: a gazetteer needs the columns name,lat,lon; it has: {}", path, fmt::join(fields, ", ")));
  }
  std::vector<GazetteerPlace> places;
  size_t bad = 0;
  const int name_index = layer->field_index(name_field), lat_index = layer->field_index(lat_field),
            lon_index = layer->field_index(lon_field);
  layer->rewind();
  while (const TableRow* row = layer->next()) {
    GazetteerPlace place{std::string(row->text(name_index)), 0, 0};
    // Copies, so that strtod sees each text end where the field ends.
    const std::string lat_text(row->text(lat_index)), lon_text(row->text(lon_index));
    char* end = nullptr;
    place.lat = std::strtod(lat_text.c_str(), &end);
    const bool lat_ok = end != lat_text.c_str() && *end == '\0';
    place.lon = std::strtod(lon_text.c_str(), &end);
    const bool lon_ok = end != lon_text.c_str() && *end == '\0';
    if (place.name.empty() || !lat_ok || !lon_ok || !std::isfinite(place.lat) || !std::isfinite(place.lon) ||
        std::abs(place.lat) > 90 || std::abs(place.lon) > 180) {
      ++bad;
      continue;
    }
    places.push_back(std::move(place));
  }
  if (skipped) *skipped = bad;
  return places;
}

}  // namespace zila
