// Change maps between periods and rates per area or population, with Empirical Bayes smoothing for
// the small numbers of sparsely hit districts.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/cube.hpp"

namespace zila {

enum class ChangeBaseline : uint8_t {
  previous_period,   // period t − 1
  mean_of_previous,  // mean of the previous N periods (fewer at the start of the cube)
};

struct ChangeOptions {
  ChangeBaseline baseline = ChangeBaseline::previous_period;
  int previous_periods = 3;  // N for mean_of_previous
  // Low-baseline guard: before <= limited_before and now <= limited_now is "limited change",
  // because going from 1 to 3 events is +200% but says nothing.
  double limited_before = 2;
  double limited_now = 5;
};

enum class ChangeClass : uint8_t { limited, increase, decrease, unchanged };
inline constexpr EnumTable<ChangeClass, 4> kChangeClassNames{{{ChangeClass::limited, "limited_change"},
                                                              {ChangeClass::increase, "increase"},
                                                              {ChangeClass::decrease, "decrease"},
                                                              {ChangeClass::unchanged, "unchanged"}}};
constexpr const auto& enum_table(ChangeClass) { return kChangeClassNames; }
inline const char* change_class_name(ChangeClass c) { return name_cstr(c); }

struct ChangeMap {
  std::vector<double> before;    // baseline per district
  std::vector<double> now;
  std::vector<double> absolute;  // now − before
  std::vector<double> percent;   // 100 (now − before) / before; NaN when before is 0
  std::vector<ChangeClass> classes;
};

// Change of `metric` at `period` (>= 1; period 0 has no baseline and throws zila::Error).
ChangeMap change_map(const Cube& cube, Metric metric, size_t period, const ChangeOptions& options = {});
// The same on plain vectors (one value per district).
ChangeMap change_between(std::span<const double> before, std::span<const double> now,
                         const ChangeOptions& options = {});

// `counts` holds one value per district, or a dense [period][district] array (its size a multiple of
// the districts'); the base has one entry per district. zila::Error when the sizes do not fit.
// counts / area × per_km2 (default: per 1,000 km², from `Boundaries::area_km2`). NaN where the area
// is <= 0 or unknown (NaN).
std::vector<double> rate_per_area(std::span<const double> counts, std::span<const double> area_km2,
                                  double per_km2 = 1000.0);
// counts / population × per_people (default: per 100,000). NaN where the population is <= 0 or
// unknown (NaN).
std::vector<double> rate_per_population(std::span<const double> counts, std::span<const double> population,
                                        double per_people = 100000.0);

// Global Empirical Bayes (Marshall 1991) smoothing of rates O_i / P_i toward the overall rate:
//   b = ΣO / ΣP, s² = Σ P_i (r_i − b)² / ΣP, a = max(0, s² − b / P̄) with P̄ = ΣP / n,
//   EB_i = b + C_i (r_i − b), C_i = a / (a + b / P_i).
// Districts with little population are pulled strongly toward b; populous ones keep their own rate.
// Results are rates per unit of P (multiply by 100,000 for per 100,000 people). Districts with
// P_i <= 0 get b.
struct EmpiricalBayes {
  double global_rate = 0;     // b
  double prior_variance = 0;  // a
  std::vector<double> raw;    // r_i (NaN where P_i <= 0)
  std::vector<double> smoothed;
};
EmpiricalBayes empirical_bayes_rates(std::span<const double> counts, std::span<const double> population);

}  // namespace zila
