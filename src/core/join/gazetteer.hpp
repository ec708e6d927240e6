// Populated places (name, point) that name towns and villages to the district containing them.
#pragma once
#include <string>
#include <vector>

namespace zila {

struct GazetteerPlace {
  std::string name;
  double lon = 0, lat = 0;
};

// A CSV (or any table GDAL reads) with a name column and lat/lon columns (name, lat, lon; also
// latitude/longitude, lng). Rows without a name or a valid point are skipped and counted in
// `skipped`. Throws zila::Error naming the file when it cannot be read or lacks the columns.
std::vector<GazetteerPlace> load_gazetteer(const std::string& path, size_t* skipped = nullptr);

}  // namespace zila
