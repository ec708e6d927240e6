#include "core/join/gazetteer.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "core/io/gdal_io.hpp"

namespace zila {

std::vector<GazetteerPlace> load_gazetteer(const std::string& path, size_t* skipped) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(fmt::format("{}: a folder, not a gazetteer (name,lat,lon CSV)", path));
  GDALDatasetUniquePtr dataset = open_vector_dataset(path, {"AUTODETECT_TYPE=NO"}, "gazetteer");
  OGRLayer* layer = dataset->GetLayer(0);
  const std::vector<std::string> fields = layer ? field_names(*layer) : std::vector<std::string>{};
  const std::string name_field = find_field(fields, {"name", "place"});
  const std::string lat_field = find_field(fields, {"lat", "latitude"});
  const std::string lon_field = find_field(fields, {"lon", "lng", "longitude"});
  if (name_field.empty() || lat_field.empty() || lon_field.empty()) {
    throw Error(fmt::format("{}: a gazetteer needs the columns name,lat,lon; it has: {}", path, fmt::join(fields, ", ")));
  }
  std::vector<GazetteerPlace> places;
  size_t bad = 0;
  for (const OGRFeatureUniquePtr& feature : *layer) {
    GazetteerPlace place{feature->GetFieldAsString(name_field.c_str()), 0, 0};
    char* end = nullptr;
    const char* lat_text = feature->GetFieldAsString(lat_field.c_str());
    place.lat = std::strtod(lat_text, &end);
    const bool lat_ok = end != lat_text && *end == '\0';
    const char* lon_text = feature->GetFieldAsString(lon_field.c_str());
    place.lon = std::strtod(lon_text, &end);
    const bool lon_ok = end != lon_text && *end == '\0';
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
