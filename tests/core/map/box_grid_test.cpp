// The grid that label placement asks which boxes are near: its answer must hold every box that meets
// the query (a box it missed would let two labels overlap), whatever the boxes and queries.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/map/box_grid.hpp"

namespace {

bool meet(const zila::BBox& a, const zila::BBox& b) {  // closed boxes share a point
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

}  // namespace

TEST_CASE("BoxGrid: every box that meets the query is in its answer, once each and in order", "[unit]") {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> at(-50, 150), size(0, 30);
  auto random_box = [&] {
    const double x = at(random), y = at(random);
    return zila::BBox{x, y, x + size(random), y + size(random)};
  };
  // Boxes inside and beyond the extent (0..100), a point box, one box on an exact cell edge.
  std::vector<zila::BBox> boxes;
  for (int i = 0; i < 500; ++i) boxes.push_back(random_box());
  boxes.push_back({40, 40, 40, 40});
  boxes.push_back({50, 0, 60, 10});
  const zila::BoxGrid grid(zila::BBox{0, 0, 100, 100}, 64);
  zila::BoxGrid filled = grid;
  for (size_t i = 0; i < boxes.size(); ++i) filled.insert(static_cast<uint32_t>(i), boxes[i]);

  std::vector<zila::BBox> queries;
  for (int i = 0; i < 2000; ++i) queries.push_back(random_box());
  queries.push_back({40, 40, 40, 40});                              // touches the point box only
  queries.push_back({60, 5, 70, 6});                                // touches the edge box at x = 60
  queries.push_back({-1e300, -1e300, 1e300, 1e300});                // everything
  queries.push_back({-std::numeric_limits<double>::infinity(), 0, 0, 0});
  std::vector<uint32_t> found;
  for (const zila::BBox& q : queries) {
    filled.collect(q, found);
    CHECK(std::is_sorted(found.begin(), found.end()));
    CHECK(std::adjacent_find(found.begin(), found.end()) == found.end());
    bool any_meets = false;
    for (size_t i = 0; i < boxes.size(); ++i) {
      if (!meet(boxes[i], q)) continue;
      any_meets = true;
      CHECK(std::binary_search(found.begin(), found.end(), static_cast<uint32_t>(i)));
    }
    CHECK(filled.any_of(q, [&](uint32_t i) { return meet(boxes[i], q); }) == any_meets);
  }
  CHECK(filled.any_of({-1e300, -1e300, 1e300, 1e300}, [](uint32_t) { return true; }));

  SECTION("an empty or NaN query meets nothing, and an empty grid answers nothing") {
    filled.collect(zila::BBox{}, found);
    CHECK(found.empty());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_FALSE(filled.any_of({nan, nan, nan, nan}, [&](uint32_t i) { return meet(boxes[i], {nan, nan, nan, nan}); }));
    zila::BoxGrid none;
    none.collect({0, 0, 100, 100}, found);
    CHECK(found.empty());
  }
  SECTION("a degenerate extent (one point, or none) still files and finds boxes") {
    for (const zila::BBox& extent : {zila::BBox{5, 5, 5, 5}, zila::BBox{}}) {
      zila::BoxGrid tiny(extent, 16);
      for (size_t i = 0; i < boxes.size(); ++i) tiny.insert(static_cast<uint32_t>(i), boxes[i]);
      tiny.collect({0, 0, 10, 10}, found);
      for (size_t i = 0; i < boxes.size(); ++i)
        if (meet(boxes[i], {0, 0, 10, 10})) CHECK(std::binary_search(found.begin(), found.end(), static_cast<uint32_t>(i)));
    }
  }
}
