// Boundary loading through GDAL, PROJ and GEOS on any bytes, given to GDAL as an in-memory GeoJSON
// file. An unusable file must give a zila::Error, nothing else. Properties: every district has a name,
// polygons in both coordinate systems, an area and a label point, and areas are finite and positive.
#include <cpl_vsi.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/geo/boundaries.hpp"
#include "core/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zila;
  const char* const path = "/vsimem/fuzz_boundaries.geojson";
  // GDAL takes ownership of the copy (bTakeOwnership) and frees it on unlink.
  auto* copy = static_cast<GByte*>(VSIMalloc(size == 0 ? 1 : size));
  if (size != 0) std::memcpy(copy, data, size);
  VSIFCloseL(VSIFileFromMemBuffer(path, copy, static_cast<vsi_l_offset>(size), TRUE));
  try {
    BoundaryOptions options;
    options.path = path;
    const Boundaries b = load_boundaries(options);
    FUZZ_CHECK(b.lonlat.feature_count() == b.size() && b.projected.feature_count() == b.size());
    FUZZ_CHECK(b.area_km2.size() == b.size() && b.label_points.size() == b.size());
    for (double area : b.area_km2) FUZZ_CHECK(std::isfinite(area) && area > 0);
  } catch (const Error&) {
  }
  VSIUnlink(path);
  return 0;
}
