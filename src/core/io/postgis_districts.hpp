// The coordinates join's districts written to the database: a temporary table with a spatial index, in
// which the grouping query (core/io/postgis_query.hpp) places the points strictly inside one district.
#pragma once
#include <string>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/io/postgis_connection.hpp"

namespace zila {

// Districts the database may place points in itself (coordinates join): per district a point strictly
// inside it, as text, that Zila's own locator also places there; empty for districts it may not.
struct DistrictPoints {
  std::vector<std::string> lon, lat;
};

// The districts in a temporary table (this session only) with a spatial index, for the database's
// point-in-polygon join. A district is decidable when the inner point PostGIS gives for it is placed
// in it by Zila's locator too: the database then places points strictly inside it.
DistrictPoints upload_districts(const DatabaseConnection& db, const Boundaries& boundaries);

}  // namespace zila
