// Per-district statistics of the values the map shows (core/map_frame.hpp builds the map itself):
// rank, change and top lists for the inspector, tooltips and the top-N table. Pure data; no window, no GL.
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "core/map/map_frame.hpp"

namespace zila::ui {

struct DistrictStat {
  double value = 0;
  double previous = 0;
  bool has_previous = false;
  int rank = 0;          // 1 = highest value this period; ties share a rank
  size_t ranked = 0;     // districts ranked
};
DistrictStat district_stat(const ValueMatrix& m, size_t period, size_t district);
// Districts with a non-zero value this period, highest first (ties by index), at most `n`. One pass
// keeping the best `n`: cheap enough to call every frame at 100k districts.
std::vector<size_t> top_districts(const ValueMatrix& m, size_t period, size_t n);
// district_stat's rank of each of `top` (top_districts of the same period, in its order), without a
// pass over every district per row: a positive value's rank is its place in the list, as every
// higher value is ahead of it there; a negative one (below the zeros the list leaves out) is counted.
std::vector<int> top_ranks(const ValueMatrix& m, size_t period, std::span<const size_t> top);
// Periods with a non-zero per-period value for `district`, highest first, at most `n`.
std::vector<size_t> top_periods(const ValueMatrix& m, size_t district, size_t n);

}  // namespace zila::ui
