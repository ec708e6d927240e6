// The districts in the database (see postgis_districts.hpp).
#include "core/io/postgis_districts.hpp"

#include <fmt/core.h>

#include <string>

#include "core/geo/point_locator.hpp"

namespace zila {
namespace {

// A district as WKT with every coordinate written to round-trip exactly (rings closed, as WKT wants).
std::string district_wkt(const PolygonSet& set, size_t feature) {
  std::string wkt = "MULTIPOLYGON(";
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    wkt += p == set.feature_offsets[feature] ? "(" : ",(";
    for (uint32_t r = set.polygon_offsets[p]; r < set.polygon_offsets[p + 1]; ++r) {
      wkt += r == set.polygon_offsets[p] ? "(" : ",(";
      for (const Point& v : set.ring(r)) wkt += fmt::format("{} {},", v.x, v.y);
      wkt += fmt::format("{} {})", set.ring(r)[0].x, set.ring(r)[0].y);
    }
    wkt += ")";
  }
  return wkt + ")";
}

}  // namespace

DistrictPoints upload_districts(const DatabaseConnection& db, const Boundaries& boundaries) {
  // Subdivided into pieces of at most 64 vertices (PostGIS's usual speed-up of point-in-polygon tests):
  // a point strictly inside a piece is strictly inside its district; one on a cut is inside none.
  db.run("CREATE TEMPORARY TABLE zila_districts (id integer, geom geometry(MultiPolygon, 4326), decidable boolean)",
         {}, "creating the districts' table (the coordinates join needs PostGIS in the database)");
  const PointLocator locator(boundaries.lonlat);
  DistrictPoints points;
  for (size_t d = 0; d < boundaries.size(); ++d) {
    const std::string id = std::to_string(d), wkt = district_wkt(boundaries.lonlat, d);
    const std::string what = fmt::format("writing district '{}'", boundaries.names[d]);
    ResultPtr inner = db.run("SELECT ST_X(p)::text, ST_Y(p)::text FROM ST_PointOnSurface(ST_GeomFromText($1, 4326)) AS p", {wkt}, what);
    std::string lon = text_value(*inner, 0, 0), lat = text_value(*inner, 0, 1);
    const bool decidable = locator.locate(std::stod(lon), std::stod(lat)) == static_cast<int32_t>(d);
    points.lon.push_back(decidable ? lon : "");
    points.lat.push_back(decidable ? lat : "");
    db.run("INSERT INTO zila_districts SELECT $1::integer, ST_Multi(piece), $3::boolean FROM ST_Subdivide(ST_GeomFromText($2, 4326), 64) AS piece",
           {id, wkt, decidable ? "true" : "false"}, what);
  }
  db.run("CREATE INDEX ON zila_districts USING gist (geom)", {}, "indexing the districts");
  db.run("ANALYZE zila_districts", {}, "analysing the districts");
  return points;
}

}  // namespace zila
