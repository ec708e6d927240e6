// Small boundary fixtures for render tests: three districts in metres, one with a hole filled by
// an enclave, one a multipolygon, and one province outline around them; a grid of square districts.
#pragma once
#include <string>
#include <vector>

#include "core/geo/boundaries.hpp"

namespace zila::test {

inline std::vector<Point> rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

inline Boundaries three_districts() {
  Boundaries b;
  b.display_crs = "+proj=aea +lat_0=30 +lat_1=27 +lat_2=35 +lon_0=69 +datum=WGS84 +units=m";
  PolygonSet& s = b.projected;
  b.names = {"Holey", "Twin Isles", "Enclave"};
  b.parents = {"Fixture", "Fixture", "Fixture"};
  s.begin_feature();  // a square with a square hole
  s.begin_polygon();
  s.add_ring(rect(0, 0, 100000, 100000));
  s.add_ring(rect(30000, 30000, 70000, 70000));
  s.begin_feature();  // a rectangle plus an island
  s.begin_polygon();
  s.add_ring(rect(100000, 0, 200000, 100000));
  s.begin_polygon();
  s.add_ring(std::vector<Point>{{150000, 110000}, {190000, 115000}, {170000, 150000}});
  s.begin_feature();  // the enclave filling the hole
  s.begin_polygon();
  s.add_ring(rect(30000, 30000, 70000, 70000));
  b.lonlat = s;
  b.area_km2 = {8400, 10700, 1600};
  b.label_points = {{15000, 50000}, {150000, 50000}, {50000, 50000}};
  return b;
}

inline Boundaries fixture_province() {
  Boundaries p;
  p.names = {"Fixture"};
  p.projected.begin_feature();
  p.projected.begin_polygon();
  p.projected.add_ring(rect(0, 0, 200000, 100000));
  p.lonlat = p.projected;
  return p;
}

// `columns` x `rows` square districts of `cell` metres, numbered row by row from the origin.
inline Boundaries grid(size_t columns, size_t rows, double cell) {
  Boundaries b;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < columns; ++c) {
      const double x = static_cast<double>(c) * cell, y = static_cast<double>(r) * cell;
      b.projected.begin_feature();
      b.projected.begin_polygon();
      b.projected.add_ring(rect(x, y, x + cell, y + cell));
      b.names.push_back("cell " + std::to_string(b.names.size()));
    }
  }
  b.lonlat = b.projected;
  return b;
}

}  // namespace zila::test
