// End-to-end on real files in ../shared: PAK ADM2 districts and New America's drone-strike table.
// Expected per-district counts were verified independently, not by Zila:
//  - by name: the `region` tallies listed in ../shared/events/real/SOURCES.md;
//  - by coordinates: GeoPandas 0.12 (Debian python3-geopandas), run once:
//      pts = gpd.GeoDataFrame(e, geometry=gpd.points_from_xy(e.geo_lon, e.geo_lat), crs=4326)
//      gpd.sjoin(pts, adm2[['shapeName','geometry']], predicate='within', how='left').shapeName.value_counts()
//    which gives 376 points in districts and 38 outside the simplified polygons (near the Afghan border).
#include <catch2/catch.hpp>

#include <map>

#include "core/pipeline.hpp"

namespace {

zila::PipelineOptions drone_options(zila::JoinMode mode) {
  std::string shared = ZILA_SHARED_DIR;
  zila::PipelineOptions o;
  o.boundaries.path = shared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.events.path = shared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  o.events.default_category = zila::Category::operation;
  o.aliases_path = std::string(ZILA_GEODATA_DIR) + "/aliases.csv";
  o.join.mode = mode;
  o.bin = zila::Bin::year;
  return o;
}

std::map<std::string, double> totals_by_district(const zila::Dataset& data) {
  std::map<std::string, double> totals;
  for (size_t d = 0; d < data.boundaries.size(); ++d) {
    double sum = 0;
    for (size_t p = 0; p < data.cube.period_count(); ++p) sum += data.cube.at(zila::Metric::events, p, d);
    if (sum > 0) totals[data.boundaries.names[d]] = sum;
  }
  return totals;
}

}  // namespace

TEST_CASE("Drone strikes by name then coordinates: every one of the 414 rows is accounted for", "[real]") {
  zila::Dataset data = zila::run_pipeline(drone_options(zila::JoinMode::hybrid));
  const zila::JoinResult& r = data.join;
  CHECK(data.boundaries.size() == 126);
  CHECK(r.rows_read == 414);  // one record spans two lines (embedded newline)
  CHECK(r.rejected == 0);
  CHECK(r.joined == 413);
  CHECK(r.unmatched == 1);
  // 408 rows resolve by name (Kurram Agency by its suffix); five of the six province-level rows by point.
  using M = zila::JoinMethod;
  auto by = [&](M m) { return r.rows_by_method[static_cast<size_t>(m)]; };
  CHECK(by(M::exact) + by(M::abbreviation) + by(M::alias) == 408);
  CHECK(by(M::abbreviation) + by(M::alias) == 6);
  CHECK(by(M::coordinates) == 5);
  REQUIRE(r.unmatched_names.size() == 1);
  CHECK(r.unmatched_names[0].name == "Federally Administered Tribal Areas");  // its point is outside ADM2
  // Name and point disagree on 21 rows (GeoPandas crosstab of region vs the containing district).
  CHECK(r.disagreement_rows == 21);
  std::map<std::string, double> expected{{"North Waziristan", 297}, {"South Waziristan", 89}, {"Kurram", 12},
                                         {"Khyber", 6}, {"Bajaur", 4}, {"Orakzai", 2}, {"Bannu", 2}, {"Chagai", 1}};
  CHECK(totals_by_district(data) == expected);
  CHECK(data.cube.period_count() == 15);  // 2004 .. 2018
}

TEST_CASE("Drone strikes by coordinates agree with GeoPandas' point-in-polygon join", "[real]") {
  zila::Dataset data = zila::run_pipeline(drone_options(zila::JoinMode::coords));
  std::map<std::string, double> expected{{"North Waziristan", 286}, {"South Waziristan", 64}, {"Kurram", 8},
                                         {"Khyber", 6}, {"Bajaur", 4}, {"Orakzai", 3}, {"Bannu", 2},
                                         {"Tank", 1}, {"Zhob", 1}, {"Chagai", 1}};
  CHECK(totals_by_district(data) == expected);
  CHECK(data.join.joined == 376);
  CHECK(data.join.points_outside == 38);
  CHECK(data.join.joined + data.join.unmatched + data.join.rejected == 414);
}

TEST_CASE("Snapping places the border points that fall just outside the simplified polygons", "[real]") {
  zila::PipelineOptions o = drone_options(zila::JoinMode::coords);
  o.join.snap_km = 25;
  zila::Dataset data = zila::run_pipeline(o);
  CHECK(data.join.rows_by_method[static_cast<size_t>(zila::JoinMethod::snapped)] > 0);
  CHECK(data.join.joined + data.join.unmatched + data.join.rejected == 414);
}
