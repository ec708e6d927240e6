#include "ui/logic/choropleth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace zila::ui {
namespace {
// Districts per block of top_districts' scan.
constexpr size_t kTopBlock = 64;

// Whether some of the kTopBlock values from `values` is above `bar` (NaN never is). By SSE2, two
// values a compare: GCC does not vectorise the count of a comparison's results, and this test of
// every block is most of a 100k-district scan.
bool any_above(const double* values, double bar) {
#ifdef __SSE2__
  const __m128d bars = _mm_set1_pd(bar);
  __m128d above = _mm_setzero_pd();
  for (size_t i = 0; i < kTopBlock; i += 2) above = _mm_or_pd(above, _mm_cmpgt_pd(_mm_loadu_pd(values + i), bars));
  return _mm_movemask_pd(above) != 0;
#else
  bool above = false;
  for (size_t i = 0; i < kTopBlock; ++i) above |= values[i] > bar;
  return above;
#endif
}
}  // namespace

DistrictStat district_stat(const ValueMatrix& m, size_t period, size_t district) {
  DistrictStat s;
  if (period >= m.periods || district >= m.districts) return s;
  s.value = m.windowed_at(period, district);
  if (period > 0) {
    s.previous = m.windowed_at(period - 1, district);
    s.has_previous = true;
  }
  s.ranked = m.districts;
  s.rank = 1;
  for (size_t d = 0; d < m.districts; ++d)
    if (m.windowed_at(period, d) > s.value) ++s.rank;
  return s;
}

std::vector<size_t> top_districts(const ValueMatrix& m, size_t period, size_t n) {
  std::vector<size_t> best;
  if (period >= m.periods || n == 0) return best;
  const double* values = m.windowed.data() + period * m.districts;
  // Strict order: higher value first, then lower index. As a heap, best.front() is the worst kept.
  const auto ahead = [values](size_t a, size_t b) { return values[a] > values[b] || (values[a] == values[b] && a < b); };
  best.reserve(n + 1);
  // Once n are kept, a later district must beat the worst kept value (a tie loses on index).
  double worst = -std::numeric_limits<double>::infinity();
  const auto keep = [&](size_t d) {
    if (values[d] == 0 || std::isnan(values[d])) return;
    best.push_back(d);
    std::push_heap(best.begin(), best.end(), ahead);
    if (best.size() > n) {
      std::pop_heap(best.begin(), best.end(), ahead);
      best.pop_back();
    }
    if (best.size() == n) worst = values[best.front()];
  };
  for (size_t first = 0; first < m.districts; first += kTopBlock) {
    const size_t end = std::min(m.districts, first + kTopBlock);
    // Once n are kept, nearly every block has no value above the worst kept: it is skipped whole.
    if (best.size() == n && end - first == kTopBlock && !any_above(values + first, worst)) continue;
    for (size_t d = first; d < end; ++d)
      if (best.size() < n || values[d] > worst) keep(d);
  }
  std::sort_heap(best.begin(), best.end(), ahead);
  return best;
}

std::vector<int> top_ranks(const ValueMatrix& m, size_t period, std::span<const size_t> top) {
  std::vector<int> ranks(top.size(), 0);
  if (period >= m.periods) return ranks;
  for (size_t i = 0; i < top.size(); ++i) {
    const double v = m.windowed_at(period, top[i]);
    if (!(v > 0))
      ranks[i] = district_stat(m, period, top[i]).rank;
    else if (i > 0 && m.windowed_at(period, top[i - 1]) == v)
      ranks[i] = ranks[i - 1];  // ties share a rank
    else
      ranks[i] = static_cast<int>(i) + 1;
  }
  return ranks;
}

std::vector<size_t> top_periods(const ValueMatrix& m, size_t district, size_t n) {
  std::vector<size_t> out;
  if (district >= m.districts) return out;
  for (size_t p = 0; p < m.periods; ++p)
    if (m.per_period_at(p, district) != 0) out.push_back(p);
  std::stable_sort(out.begin(), out.end(),
                   [&](size_t a, size_t b) { return m.per_period_at(a, district) > m.per_period_at(b, district); });
  if (out.size() > n) out.resize(n);
  return out;
}

}  // namespace zila::ui
