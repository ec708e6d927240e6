#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/core.h>

#include "core/geo/boundaries.hpp"
#include "core/error.hpp"
#include "core/join/name_match.hpp"

namespace {

std::string fixture(const char* name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }

// Area of a lon/lat cell on the authalic sphere: R² Δλ (sin φ2 − sin φ1). Independent of PROJ's geodesics.
double spherical_cell_km2(double lon0, double lat0, double lon1, double lat1) {
  const double r = 6371.0072, rad = M_PI / 180;
  return r * r * (lon1 - lon0) * rad * (std::sin(lat1 * rad) - std::sin(lat0 * rad));
}

// The problems that mention `feature` (e.g. "feature 2 ('North Pole Spike')").
std::string messages_about(const zila::Boundaries& b, const std::string& feature) {
  std::string found;
  for (const zila::Problem& p : b.problems) {
    const std::string m = p.text();
    if (m.find(feature) != std::string::npos) found += m + "\n";
  }
  return found;
}

// A scratch folder for files a test writes, removed at the end of the test.
struct ScratchFolder {
  std::filesystem::path path;
  ScratchFolder() : path(std::filesystem::temp_directory_path() / ("zila_boundaries_" + std::to_string(getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::permissions(path / "locked.geojson", std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path / name, std::ios::binary) << bytes;
    return (path / name).string();
  }
};

}  // namespace

TEST_CASE("Boundaries load polygons with holes, multipolygons and repaired bow-ties, and reject empty features",
          "[boundaries]") {
  zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  REQUIRE(b.size() == 3);
  CHECK(b.name_field == "NAME_2");
  CHECK(b.names == std::vector<std::string>{"Alpha", "Bravo", "Dera Ismail Khan"});
  CHECK(b.lonlat.polygon_count() == 1 + 2 + 2);  // the bow-tie becomes two triangles
  bool repaired = false, rejected = false;
  for (const zila::Problem& p : b.problems) {
    const std::string m = p.text();
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

TEST_CASE("Regression: invalid boundary features are repaired or rejected with file, feature and problem, never a crash",
          "[boundaries]") {
  // |latitude| > 90 used to crash GEOSMaximumInscribedCircle_r (through an infinite projected vertex);
  // an empty hole crashed label_point with a division by zero.
  zila::Boundaries b = zila::load_boundaries({fixture("bad_geometries.geojson"), "", "", ""});
  CHECK(b.names == std::vector<std::string>{"Alpha", "Empty Hole", "Figure Eight", "Kurram", "KURRAM "});
  auto about = [&](const std::string& feature) { return messages_about(b, "bad_geometries.geojson feature " + feature); };
  CHECK_THAT(about("2 ('North Pole Spike')"), Catch::Contains("(72, 91) outside longitude") && Catch::Contains("rejected"));
  CHECK_THAT(about("3 ('Not A Number')"), Catch::Contains("non-finite coordinate (nan, 34)") && Catch::Contains("rejected"));
  CHECK_THAT(about("4 ('Infinite')"), Catch::Contains("non-finite coordinate (inf, 34)") && Catch::Contains("rejected"));
  CHECK_THAT(about("5 ('Empty Ring')"), Catch::Contains("no geometry, rejected"));
  CHECK_THAT(about("6 ('Empty Hole')"), Catch::Contains("1 empty or degenerate ring (fewer than 3 vertices) left out"));
  CHECK_THAT(about("7 ('Two Points')"), Catch::Contains("Too few points") && Catch::Contains("rejected"));
  CHECK_THAT(about("8 ('Flat')"), Catch::Contains("cannot turn into a polygon with area, rejected"));
  CHECK_THAT(about("9 ('Figure Eight')"), Catch::Contains("Self-intersection") && Catch::Contains("repaired with MakeValid"));
  CHECK(b.lonlat.polygon_count() == 6);  // the figure eight becomes two squares
  for (size_t d = 0; d < b.size(); ++d) {
    INFO(b.names[d]);
    CHECK(std::isfinite(b.area_km2[d]));
    CHECK(zila::feature_contains(b.projected, d, b.label_points[d]));
  }
}

TEST_CASE("Duplicate district names are reported and never resolved to one of them", "[boundaries]") {
  zila::Boundaries b = zila::load_boundaries({fixture("bad_geometries.geojson"), "", "", ""});
  CHECK_THAT(messages_about(b, "features 10 ('Kurram'), 11 ('KURRAM ') have the same name"),
             Catch::Contains("cannot be told apart"));
  zila::NameMatcher matcher(b.names, {});
  CHECK(matcher.match("Kurram").district == -1);
  CHECK(matcher.match("Alpha").district == 0);
}

TEST_CASE("A projected boundary file without its .prj is an error that says so", "[boundaries]") {
  CHECK_THROWS_WITH(zila::load_boundaries({fixture("projected_no_prj/districts_utm.shp"), "", "", ""}),
                    Catch::Contains("2 of 2 features have coordinates outside longitude/latitude ranges") &&
                        Catch::Contains("names no CRS") && Catch::Contains(".prj"));
}

TEST_CASE("Regression: boundary files that cannot be read say why, not 'not a vector dataset'", "[boundaries]") {
  ScratchFolder scratch;
  CHECK_THROWS_WITH(zila::load_boundaries({(scratch.path / "absent.geojson").string(), "", "", ""}),
                    Catch::Contains("absent.geojson") && Catch::Contains("no such file"));
  CHECK_THROWS_WITH(zila::load_boundaries({scratch.write("empty.geojson", ""), "", "", ""}),
                    Catch::Contains("empty.geojson") && Catch::Contains("empty (0 bytes)"));
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string(R"({"type": "FeatureCollection", "features": []})")) utf16 += std::string{c, '\0'};
  CHECK_THROWS_WITH(zila::load_boundaries({scratch.write("utf16.geojson", utf16), "", "", ""}),
                    Catch::Contains("utf16.geojson") && Catch::Contains("UTF-16"));
  CHECK_THROWS_WITH(zila::load_boundaries({scratch.write("notes.txt", "district boundaries to follow\n"), "", "", ""}),
                    Catch::Contains("notes.txt") && Catch::Contains("not a vector dataset"));
  std::string locked = scratch.write("locked.geojson", R"({"type": "FeatureCollection", "features": []})");
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  if (geteuid() == 0) {
    WARN("running as root: the permission-denied message cannot be provoked here");
  } else {
    CHECK_THROWS_WITH(zila::load_boundaries({locked, "", "", ""}), Catch::Contains("Permission denied"));
  }
}

TEST_CASE("Regression: a 1M-vertex boundary polygon loads in bounded time", "[boundaries]") {
  // A long thin 1M-vertex district hung label_point (GEOS's inscribed-circle grid) even in `zila report`.
  ScratchFolder scratch;
  std::string json = R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"NAME_2": "Sliver"},
      "geometry": {"type": "Polygon", "coordinates": [[)";
  const int n = 1'000'000;
  for (int i = 0; i < n / 2; ++i) json += fmt::format("[{:.6f}, {:.6f}], ", 60 + 15.0 * i / n, 30 + 1e-5 * (1 + i % 2));
  for (int i = n / 2 - 1; i >= 0; --i) json += fmt::format("[{:.6f}, 30], ", 60 + 15.0 * i / n);
  json += "[60, 30.00001]]]}}]}";
  std::string path = scratch.write("sliver.geojson", json);
  auto start = std::chrono::steady_clock::now();
  zila::Boundaries b = zila::load_boundaries({path, "", "", ""});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(b.size() == 1);
  CHECK(b.lonlat.vertices.size() == n);
  INFO(fmt::format("label point {}, {}", b.label_points[0].x, b.label_points[0].y));
  CHECK(zila::feature_contains(b.projected, 0, b.label_points[0]));
  CHECK(seconds < 120);  // a few seconds here; it never finished before
}
