#include <catch2/catch.hpp>

#include <cmath>

#include "core/boundaries.hpp"
#include "core/error.hpp"

namespace {

std::string fixture(const char* name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }

// Area of a lon/lat cell on the authalic sphere: R² Δλ (sin φ2 − sin φ1). Independent of PROJ's geodesics.
double spherical_cell_km2(double lon0, double lat0, double lon1, double lat1) {
  const double r = 6371.0072, rad = M_PI / 180;
  return r * r * (lon1 - lon0) * rad * (std::sin(lat1 * rad) - std::sin(lat0 * rad));
}

}  // namespace

TEST_CASE("Boundaries load polygons with holes, multipolygons and repaired bow-ties, and reject empty features",
          "[boundaries]") {
  zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  REQUIRE(b.size() == 3);
  CHECK(b.name_field == "NAME_2");
  CHECK(b.names == std::vector<std::string>{"Alpha", "Bravo", "Dera Ismail Khan"});
  CHECK(b.lonlat.polygon_count() == 1 + 2 + 2);  // the bow-tie becomes two triangles
  bool repaired = false, rejected = false;
  for (const std::string& m : b.messages) {
    repaired |= m.find("'Dera Ismail Khan'") != std::string::npos && m.find("repaired") != std::string::npos;
    rejected |= m.find("'Nowhere'") != std::string::npos && m.find("no geometry") != std::string::npos;
  }
  CHECK(repaired);
  CHECK(rejected);
}

TEST_CASE("Geodesic district areas subtract holes and add islands", "[boundaries]") {
  zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  double alpha = spherical_cell_km2(70, 33, 71, 34) - spherical_cell_km2(70.4, 33.4, 70.6, 33.6);
  double bravo = spherical_cell_km2(71, 33, 72, 34) + spherical_cell_km2(72.5, 33, 72.8, 33.3);
  CHECK(b.area_km2[0] == Approx(alpha).epsilon(0.005));
  CHECK(b.area_km2[1] == Approx(bravo).epsilon(0.005));
}

TEST_CASE("Projected boundaries use a fitted equal-area projection and label points lie inside", "[boundaries]") {
  zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  CHECK(b.display_crs.find("+proj=aea") != std::string::npos);
  for (size_t d = 0; d < b.size(); ++d) {
    CHECK(zila::feature_contains(b.projected, d, b.label_points[d]));
    // Planar area in the equal-area projection agrees with the geodesic area.
    CHECK(zila::feature_area(b.projected, d) / 1e6 == Approx(b.area_km2[d]).epsilon(0.002));
  }
}

TEST_CASE("Districts are assigned the province their label point lies in", "[boundaries]") {
  zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  zila::Boundaries provinces = zila::load_boundaries({fixture("provinces.geojson"), "", "", b.display_crs});
  zila::assign_parents(b, provinces);
  CHECK(b.parents == std::vector<std::string>{"North", "North", "South"});
}

TEST_CASE("Boundary errors name the file and the problem", "[boundaries]") {
  CHECK_THROWS_WITH(zila::load_boundaries({fixture("no-such-file.geojson"), "", "", ""}),
                    Catch::Contains("no-such-file.geojson"));
  CHECK_THROWS_WITH(zila::load_boundaries({fixture("districts.geojson"), "", "ADM9", ""}),
                    Catch::Contains("no field 'ADM9'") && Catch::Contains("NAME_2"));
  CHECK_THROWS_WITH(zila::load_boundaries({fixture("districts.geojson"), "missing", "", ""}),
                    Catch::Contains("no layer 'missing'"));
  CHECK_THROWS_AS(zila::load_boundaries({fixture("districts.geojson"), "", "", "+proj=nonsense"}), zila::Error);
}
