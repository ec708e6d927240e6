#include "core/stats/change_rates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/core.h>

#include "core/error.hpp"

namespace zila {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_same_size(size_t a, size_t b, const char* what) {
  if (a != b) throw Error(std::string(what) + ": inputs differ in length");
}

}  // namespace

ChangeMap change_between(std::span<const double> before, std::span<const double> now, const ChangeOptions& options) {
  require_same_size(before.size(), now.size(), "change map");
  ChangeMap map;
  map.before.assign(before.begin(), before.end());
  map.now.assign(now.begin(), now.end());
  for (size_t i = 0; i < now.size(); ++i) {
    const double delta = now[i] - before[i];
    map.absolute.push_back(delta);
    map.percent.push_back(before[i] != 0 ? 100.0 * delta / before[i] : kNaN);
    if (before[i] <= options.limited_before && now[i] <= options.limited_now) {
      map.classes.push_back(ChangeClass::limited);
    } else if (delta > 0) {
      map.classes.push_back(ChangeClass::increase);
    } else if (delta < 0) {
      map.classes.push_back(ChangeClass::decrease);
    } else {
      map.classes.push_back(ChangeClass::unchanged);
    }
  }
  return map;
}

ChangeMap change_map(const Cube& cube, Metric metric, size_t period, const ChangeOptions& options) {
  if (period == 0 || period >= cube.period_count()) throw Error("change map: the period needs an earlier period");
  const size_t n = cube.district_count;
  std::vector<double> before(n, 0.0);
  const size_t span = options.baseline == ChangeBaseline::previous_period
                          ? 1
                          : std::min(period, static_cast<size_t>(std::max(1, options.previous_periods)));
  for (size_t t = period - span; t < period; ++t) {
    for (size_t i = 0; i < n; ++i) before[i] += cube.at(metric, t, i) / static_cast<double>(span);
  }
  return change_between(before, cube.period_values(metric, period), options);
}

namespace {

// counts[k] / base[k mod districts] × per, NaN where the base is not positive.
std::vector<double> rates_over(std::span<const double> counts, std::span<const double> base, double per,
                               const char* what) {
  if (base.empty() ? !counts.empty() : counts.size() % base.size() != 0) {
    throw Error(fmt::format("{}: {} values do not fill periods of {} districts", what, counts.size(), base.size()));
  }
  std::vector<double> rates(counts.size());
  for (size_t k = 0; k < counts.size(); ++k) {
    const double b = base[k % base.size()];
    rates[k] = b > 0 ? counts[k] / b * per : kNaN;
  }
  return rates;
}

}  // namespace

std::vector<double> rate_per_area(std::span<const double> counts, std::span<const double> area_km2, double per_km2) {
  return rates_over(counts, area_km2, per_km2, "rate per area");
}

std::vector<double> rate_per_population(std::span<const double> counts, std::span<const double> population,
                                        double per_people) {
  return rates_over(counts, population, per_people, "rate per population");
}

EmpiricalBayes empirical_bayes_rates(std::span<const double> counts, std::span<const double> population) {
  require_same_size(counts.size(), population.size(), "Empirical Bayes");
  EmpiricalBayes eb;
  double total_counts = 0, total_population = 0;
  size_t populated = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (population[i] <= 0) continue;
    total_counts += counts[i];
    total_population += population[i];
    ++populated;
  }
  eb.raw = rate_per_population(counts, population, 1.0);
  if (total_population <= 0) {
    eb.smoothed.assign(counts.size(), kNaN);
    return eb;
  }
  const double b = total_counts / total_population;
  double weighted_squares = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (population[i] > 0) weighted_squares += population[i] * (eb.raw[i] - b) * (eb.raw[i] - b);
  }
  const double mean_population = total_population / static_cast<double>(populated);
  // A negative moment estimate means the rates vary less than Poisson noise alone: shrink fully.
  const double a = std::max(0.0, weighted_squares / total_population - b / mean_population);
  eb.global_rate = b;
  eb.prior_variance = a;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (population[i] <= 0) {
      eb.smoothed.push_back(b);
      continue;
    }
    const double shrink = a > 0 ? a / (a + b / population[i]) : 0.0;
    eb.smoothed.push_back(b + shrink * (eb.raw[i] - b));
  }
  return eb;
}

}  // namespace zila
