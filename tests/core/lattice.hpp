// Test fixtures: regular lattices of unit squares as polygon sets.
#pragma once
#include <vector>

#include "core/geo/geometry.hpp"

namespace zila::test {

// rows x cols unit squares; feature r * cols + c covers [c, c+1] x [r, r+1].
inline PolygonSet unit_square_lattice(int rows, int cols) {
  PolygonSet set;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      set.begin_feature();
      set.begin_polygon();
      std::vector<Point> ring{{double(c), double(r)}, {c + 1.0, double(r)}, {c + 1.0, r + 1.0}, {double(c), r + 1.0}};
      set.add_ring(ring);
    }
  }
  return set;
}

inline void add_square(PolygonSet& set, double x, double y, double size) {
  set.begin_feature();
  set.begin_polygon();
  std::vector<Point> ring{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}};
  set.add_ring(ring);
}

}  // namespace zila::test
