#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "fixtures.hpp"
#include "render/tessellation.hpp"

using namespace zila;

namespace {
double relative_error(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-12); }
}  // namespace

TEST_CASE("Triangles cover each district exactly: holes, enclaves and multipolygons") {
  Boundaries b = test::three_districts();
  Tessellation t = tessellate(b.projected, b.names);
  REQUIRE(t.feature_offsets.size() == 4);
  CHECK(t.problems.empty());
  for (size_t f = 0; f < 3; ++f) {
    INFO(b.names[f]);
    CHECK(relative_error(tessellated_area(t, f), feature_area(b.projected, f)) < 1e-9);
  }
  CHECK(tessellated_area(t, 0) == Approx(1e10 - 1.6e9).epsilon(1e-9));
}

TEST_CASE("No triangle of a holed polygon lies inside its hole") {
  Boundaries b = test::three_districts();
  Tessellation t = tessellate(b.projected);
  for (uint32_t i = t.feature_offsets[0]; i < t.feature_offsets[1]; ++i) {
    Point c{(t.vertices[3 * i].x + t.vertices[3 * i + 1].x + t.vertices[3 * i + 2].x) / 3,
            (t.vertices[3 * i].y + t.vertices[3 * i + 1].y + t.vertices[3 * i + 2].y) / 3};
    CHECK(feature_contains(b.projected, 0, c));
  }
}

TEST_CASE("A ring with many vertices and several holes keeps its area") {
  PolygonSet s;
  s.begin_feature();
  s.begin_polygon();
  std::vector<Point> circle;
  for (int i = 0; i < 2000; ++i) {
    double a = 2 * M_PI * i / 2000, r = 1000 + 150 * std::sin(7 * a);
    circle.push_back({r * std::cos(a), r * std::sin(a)});
  }
  s.add_ring(circle);
  s.add_ring(test::rect(-300, -300, -100, -100));
  s.add_ring(test::rect(100, 100, 400, 300));
  Tessellation t = tessellate(s);
  CHECK(t.problems.empty());
  CHECK(relative_error(tessellated_area(t, 0), feature_area(s, 0)) < 1e-9);
}

TEST_CASE("A bow-tie ring is repaired with MakeValid and filled, with a message naming it") {
  PolygonSet s;
  s.begin_feature();
  s.begin_polygon();
  s.add_ring(std::vector<Point>{{0, 0}, {10, 10}, {10, 0}, {0, 10}});  // crosses itself at (5, 5)
  std::vector<std::string> names{"Bowtie"};
  Tessellation t = tessellate(s, names);
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].where == "Bowtie");
  CHECK(t.problems[0].stage == zila::Stage::tessellation);
  CHECK(tessellated_area(t, 0) == Approx(50.0));  // two triangles of 25
}

TEST_CASE("A feature without polygons gets an empty triangle range") {
  PolygonSet s;
  s.begin_feature();
  s.begin_feature();
  s.begin_polygon();
  s.add_ring(test::rect(0, 0, 1, 1));
  Tessellation t = tessellate(s);
  CHECK(t.feature_offsets[1] == 0);
  CHECK(tessellated_area(t, 1) == Approx(1.0));
}

TEST_CASE("Regression: a polygon with a non-finite vertex or an empty hole neither crashes GEOS nor goes unreported") {
  const double inf = std::numeric_limits<double>::infinity();
  PolygonSet s;
  s.begin_feature();
  s.begin_polygon();
  s.add_ring(std::vector<Point>{{0, 0}, {4, 0}, {inf, 2}, {0, 4}});
  s.begin_feature();
  s.begin_polygon();
  s.add_ring(test::rect(0, 0, 4, 4));
  s.add_ring(std::vector<Point>{});  // an empty hole: left out, the square is filled whole
  std::vector<std::string> names{"Broken", "Empty hole"};
  Tessellation t = tessellate(s, names);
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].text() == "Broken: no triangles (degenerate polygon), not filled");
  CHECK(t.problems[0].severity == zila::Severity::error);
  CHECK(t.feature_offsets[1] == 0);
  CHECK(tessellated_area(t, 1) == Approx(16.0));
}
