// District boundaries: names plus polygons in lon/lat and in a display projection, read through GDAL.
#pragma once
#include <string>
#include <vector>

#include "core/geo/geometry.hpp"
#include "core/problems.hpp"

namespace zila {

struct BoundaryOptions {
  std::string path;        // any GDAL vector dataset name (file, folder, PG: connection string)
  std::string layer;       // empty: the first layer with polygons
  std::string name_field;  // empty: auto-pick (shapeName, ADM2_EN, NAME_2, district, ...)
  std::string display_crs; // empty: an Albers equal-area fitted to the data's extent
};

struct Boundaries {
  std::string source;
  std::string layer;
  std::string name_field;
  std::string display_crs;               // PROJ string of `projected`
  std::vector<std::string> names;        // one per district, in feature order
  std::vector<std::string> parents;      // province / ADM1 name per district, empty when unknown
  PolygonSet lonlat;                     // EPSG:4326, x = longitude, y = latitude
  PolygonSet projected;                  // display CRS, metres
  std::vector<double> area_km2;          // geodesic area per district
  std::vector<Point> label_points;       // projected; a point inside each district for labels
  std::vector<Problem> problems;         // repairs and rejected features (stage boundaries), naming the feature

  size_t size() const { return names.size(); }
};

// Reads polygons through GDAL. Throws zila::Error when the dataset, layer or name field is unusable;
// invalid geometries are repaired with MakeValid (noted in `problems`) or rejected with a problem.
Boundaries load_boundaries(const BoundaryOptions& options);

// Sets `parents` of each district to the name of the parent polygon (e.g. province) that contains
// its label point.
void assign_parents(Boundaries& districts, const Boundaries& parents);

}  // namespace zila
