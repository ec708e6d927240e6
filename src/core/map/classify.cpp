// Classification methods. See classify.hpp for the definition of each method.
#include "core/map/classify.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "core/text.hpp"

namespace zila {

ClassMethod parse_class_method(std::string_view text) {
  std::string key = ascii_lower(text);
  std::replace(key.begin(), key.end(), '-', '_');
  if (std::optional<ClassMethod> m = find_enum<ClassMethod>(key)) return *m;
  return parse_enum<ClassMethod>(text, "classification method");  // throws, listing the methods
}

std::vector<size_t> class_counts(const Classification& classification, std::span<const double> values) {
  std::vector<size_t> counts(classification.class_count(), 0);
  for (double v : values) {
    int c = classification.class_of(v);
    if (c >= 0) ++counts[static_cast<size_t>(c)];
  }
  return counts;
}

namespace {

// Sorted values -> ascending upper bounds of the ramp classes (the last one is the maximum).
using Uppers = std::vector<double>;

size_t count_distinct(std::span<const double> sorted) {
  if (sorted.empty()) return 0;
  size_t distinct = 1;
  for (size_t i = 1; i < sorted.size(); ++i) distinct += sorted[i] != sorted[i - 1];
  return distinct;
}

Uppers quantile_uppers(std::span<const double> sorted, size_t classes) {
  const size_t n = sorted.size();
  Uppers uppers;
  for (size_t j = 1; j < classes; ++j) {
    size_t rank = (j * n + classes - 1) / classes;  // ceil(j*n/k), 1-based
    uppers.push_back(sorted[rank - 1]);
  }
  uppers.push_back(sorted.back());
  return uppers;
}

Uppers equal_interval_uppers(double min, double max, size_t classes) {
  Uppers uppers;
  const double width = (max - min) / static_cast<double>(classes);
  for (size_t j = 1; j < classes; ++j) uppers.push_back(min + width * static_cast<double>(j));
  uppers.push_back(max);
  return uppers;
}

Uppers std_dev_uppers(std::span<const double> sorted, size_t classes) {
  double mean = 0;
  for (double v : sorted) mean += v;
  mean /= static_cast<double>(sorted.size());
  double squares = 0;
  for (double v : sorted) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / static_cast<double>(sorted.size()));
  Uppers uppers;
  for (size_t j = 1; j < classes && sd > 0; ++j) {
    double brk = mean + sd * (static_cast<double>(j) - static_cast<double>(classes) / 2.0);
    if (brk > sorted.front() && brk < sorted.back()) uppers.push_back(brk);  // clip to the data range
  }
  uppers.push_back(sorted.back());
  return uppers;
}

Uppers manual_uppers(std::span<const double> sorted, std::vector<double> breaks, bool zero_class) {
  std::erase_if(breaks, [&](double b) { return !std::isfinite(b) || (zero_class && b <= 0); });
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  if (!sorted.empty() && (breaks.empty() || sorted.back() > breaks.back())) breaks.push_back(sorted.back());
  return breaks;
}

// Fisher-Jenks on weighted groups of sorted values. A group is a run of adjacent sorted values that
// must share a class (equal values, or a merged run above kMaxJenksGroups distinct values).
struct JenksGroups {
  std::vector<double> upper;            // largest value of each group
  std::vector<double> weight, sum, sum_sq;  // prefix sums over groups, size groups+1
};

JenksGroups jenks_groups(std::span<const double> sorted, size_t distinct) {
  // Centre the values: the prefix sums of squares then lose far less precision.
  double mean = 0;
  for (double v : sorted) mean += v;
  mean /= static_cast<double>(sorted.size());
  const size_t target = distinct <= kMaxJenksGroups ? 1 : (sorted.size() + kMaxJenksGroups - 1) / kMaxJenksGroups;
  JenksGroups g;
  g.weight = g.sum = g.sum_sq = {0.0};
  size_t in_group = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const double x = sorted[i] - mean;
    if (in_group == 0) {
      g.weight.push_back(g.weight.back());
      g.sum.push_back(g.sum.back());
      g.sum_sq.push_back(g.sum_sq.back());
    }
    g.weight.back() += 1;
    g.sum.back() += x;
    g.sum_sq.back() += x * x;
    ++in_group;
    const bool last = i + 1 == sorted.size();
    if (last || (in_group >= target && sorted[i + 1] != sorted[i])) {
      g.upper.push_back(sorted[i]);
      in_group = 0;
    }
  }
  return g;
}

class JenksSolver {
 public:
  explicit JenksSolver(const JenksGroups& groups) : g_(groups) {}

  // Ascending upper bounds of the optimal partition of all groups into `classes` classes.
  Uppers solve(size_t classes) {
    const size_t m = g_.upper.size();
    std::vector<double> previous(m + 1), current(m + 1);
    split_.assign(classes + 1, std::vector<size_t>(m + 1, 0));
    for (size_t j = 1; j <= m; ++j) previous[j] = cost(0, j);
    for (size_t c = 2; c <= classes; ++c) {
      fill_layer(c, c, m, c - 1, m - 1, previous, current);
      std::swap(previous, current);
    }
    Uppers uppers(classes);
    size_t end = m;
    for (size_t c = classes; c >= 1; --c) {
      uppers[c - 1] = g_.upper[end - 1];
      end = c > 1 ? split_[c][end] : 0;
    }
    return uppers;
  }

 private:
  // Within-class sum of squared deviations of groups [begin, end).
  double cost(size_t begin, size_t end) const {
    const double w = g_.weight[end] - g_.weight[begin];
    const double s = g_.sum[end] - g_.sum[begin];
    return std::max(0.0, g_.sum_sq[end] - g_.sum_sq[begin] - s * s / w);
  }

  // best[c][j] = min over i of best[c-1][i] + cost(i, j). The optimal i never decreases as j grows
  // (the cost is a Monge array for sorted 1-D data), so divide and conquer finds every layer in
  // O(m log m) instead of O(m^2) — the same optimisation as Ckmeans.1d.dp.
  void fill_layer(size_t c, size_t j_lo, size_t j_hi, size_t i_lo, size_t i_hi, const std::vector<double>& previous,
                  std::vector<double>& current) {
    if (j_lo > j_hi) return;
    const size_t j = j_lo + (j_hi - j_lo) / 2;
    double best = std::numeric_limits<double>::infinity();
    size_t best_i = i_lo;
    for (size_t i = i_lo; i <= std::min(i_hi, j - 1); ++i) {
      const double total = previous[i] + cost(i, j);
      if (total < best) {
        best = total;
        best_i = i;
      }
    }
    current[j] = best;
    split_[c][j] = best_i;
    if (j > j_lo) fill_layer(c, j_lo, j - 1, i_lo, best_i, previous, current);
    fill_layer(c, j + 1, j_hi, best_i, i_hi, previous, current);
  }

  const JenksGroups& g_;
  std::vector<std::vector<size_t>> split_;  // split_[c][j]: first group of class c when c classes cover j groups
};

Uppers natural_breaks_uppers(std::span<const double> sorted, size_t classes, size_t distinct) {
  const JenksGroups groups = jenks_groups(sorted, distinct);
  return JenksSolver(groups).solve(std::min(classes, groups.upper.size()));
}

Uppers ramp_uppers(std::span<const double> sorted, const ClassSpec& spec, bool zero_class) {
  if (spec.method == ClassMethod::manual) return manual_uppers(sorted, spec.manual_breaks, zero_class);
  if (sorted.empty()) return {};
  const size_t distinct = count_distinct(sorted);
  const size_t classes = std::min(static_cast<size_t>(std::clamp(spec.classes, 1, kMaxClasses)), distinct);
  switch (spec.method) {
    case ClassMethod::quantile: return quantile_uppers(sorted, classes);
    case ClassMethod::equal_interval: return equal_interval_uppers(sorted.front(), sorted.back(), classes);
    case ClassMethod::natural_breaks: return natural_breaks_uppers(sorted, classes, distinct);
    case ClassMethod::std_dev: return std_dev_uppers(sorted, classes);
    case ClassMethod::manual: break;
  }
  return {};
}

}  // namespace

ClassLookup::ClassLookup(const Classification& classes) : classes_(classes) {
  if (classes.upper.empty() || !(classes.upper.back() >= 0)) return;
  const size_t whole_numbers =
      static_cast<size_t>(std::min(classes.upper.back(), static_cast<double>(kWholeNumbers - 1))) + 1;
  for (size_t w = 0; w < whole_numbers; ++w) whole_number_class_[w] = classes.class_of(static_cast<double>(w));
  whole_count_ = whole_numbers;
}

Classification classify(std::span<const double> values, const ClassSpec& spec) {
  Classification result;
  result.spec = spec;
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (double v : values)
    if (std::isfinite(v)) sorted.push_back(v);
  std::sort(sorted.begin(), sorted.end());
  result.integer_data = !sorted.empty() && std::all_of(sorted.begin(), sorted.end(), [](double v) {
    return v == std::trunc(v);
  });

  // A zero class only makes sense for non-negative data: with negatives, zero sits inside the ramp.
  const auto first_positive = std::upper_bound(sorted.begin(), sorted.end(), 0.0);
  result.zero_class = spec.zero_class && !sorted.empty() && sorted.front() == 0;
  std::span<const double> ramp_values = sorted;
  if (result.zero_class) {
    result.lower.push_back(0);
    result.upper.push_back(0);
    ramp_values = std::span<const double>(first_positive, sorted.end());
  }

  const Uppers uppers = ramp_uppers(ramp_values, spec, result.zero_class);
  for (double upper : uppers) {
    const bool first_ramp_class = result.upper.size() == result.first_ramp_class();
    if (!first_ramp_class && upper <= result.upper.back()) continue;  // ties collapse quantile classes
    const double lower = !first_ramp_class     ? result.upper.back()
                         : ramp_values.empty() ? upper
                                               : std::min(ramp_values.front(), upper);
    result.lower.push_back(lower);
    result.upper.push_back(upper);
  }
  return result;
}

}  // namespace zila
