// Gi* and Local Moran's I per period, with analytic and permutation p-values.
// Sections: random streams (splitmix64, xoshiro, index rows) | checks and period facts | significance
// classes | Gi* (one period, all periods) | Local Moran | Benjamini-Hochberg | labels and explanations.
#include "core/stats/hotspot.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "core/stats/random.hpp"

namespace zila {
namespace {

constexpr uint64_t kGiStarStream = 1, kMoranStream = 2;

// `rows` rows of `width` distinct indices in [0, pool), row-major. Every prefix of a row is a
// uniform sample without replacement (partial Fisher-Yates; the pool stays shuffled between rows,
// which keeps the next row uniform too).
std::vector<uint32_t> draw_index_rows(size_t rows, size_t width, size_t pool, uint64_t seed) {
  std::vector<uint32_t> indices(pool);
  std::iota(indices.begin(), indices.end(), 0u);
  std::vector<uint32_t> out(rows * width);
  Xoshiro256 rng(seed);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t j = 0; j < width; ++j) {
      const size_t pick = j + static_cast<size_t>(bounded(rng, pool - j));
      std::swap(indices[j], indices[pick]);
      out[r * width + j] = indices[j];
    }
  }
  return out;
}

double normal_two_sided_p(double z) { return std::erfc(std::abs(z) / std::sqrt(2.0)); }

size_t widest_row(const SpatialWeights& weights) {
  size_t widest = 0;
  for (size_t i = 0; i < weights.size(); ++i) widest = std::max(widest, weights.neighbour_count(i));
  return widest;
}

// Sums of floating values: two permuted sums that are equal in exact arithmetic may differ in the
// last bits, and a tie must count as at least as extreme.
double tie_tolerance(double largest_abs_value, double weight_sum) {
  return 1e-9 * (largest_abs_value + 1e-300) * (weight_sum + 1);
}

void check_values(std::span<const double> values, const SpatialWeights& weights, const char* statistic) {
  if (values.size() != weights.size()) throw Error(fmt::format("{}: one value per district expected", statistic));
  const auto missing = static_cast<size_t>(std::count_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }));
  if (missing > 0) {
    throw Error(fmt::format("{}: {} of {} districts have no value (e.g. a rate without a population figure); "
                            "the statistic needs a value in every district",
                            statistic, missing, values.size()));
  }
}

PeriodFacts facts_of(std::span<const double> values, const HotspotOptions& options, int permutations) {
  PeriodFacts facts;
  facts.districts = values.size();
  for (double v : values) {
    facts.total += v;
    facts.nonzero_districts += v != 0;
  }
  facts.permutations = permutations;
  facts.false_discovery_rate = options.false_discovery_rate;
  return facts;
}

// Gi* of one period: analytic z and p, total-permutation pseudo p, classes.
GiStarResult gi_star_period(std::span<const double> values, const SpatialWeights& weights,
                            const HotspotOptions& options, uint64_t period_index) {
  const size_t n = values.size();
  GiStarResult result;
  result.facts = facts_of(values, options, std::max(0, options.permutations));
  result.z.assign(n, 0.0);
  result.p_analytic.assign(n, 1.0);
  const double mean = n > 0 ? result.facts.total / static_cast<double>(n) : 0.0;
  double sum_squares = 0, largest = 0;
  for (double v : values) {
    sum_squares += v * v;
    largest = std::max(largest, std::abs(v));
  }
  const double variance = n > 0 ? sum_squares / static_cast<double>(n) - mean * mean : 0.0;
  const double spread = variance > 0 ? std::sqrt(variance) : 0.0;
  // Per district: its weights with the self weight first, and the observed deviation Σ w x − x̄ W.
  std::vector<double> self_weight(n), deviation(n, 0.0), weight_sum(n);
  for (size_t i = 0; i < n; ++i) {
    auto row = weights.weights_of(i);
    auto neighbours = weights.neighbours_of(i);
    self_weight[i] = row.empty() ? 1.0 : *std::max_element(row.begin(), row.end());
    double weighted = self_weight[i] * values[i], weight_squares = self_weight[i] * self_weight[i];
    weight_sum[i] = self_weight[i];
    for (size_t k = 0; k < row.size(); ++k) {
      weighted += row[k] * values[neighbours[k]];
      weight_sum[i] += row[k];
      weight_squares += row[k] * row[k];
    }
    deviation[i] = weighted - mean * weight_sum[i];
    const double spread_term = (static_cast<double>(n) * weight_squares - weight_sum[i] * weight_sum[i]) /
                               static_cast<double>(n > 1 ? n - 1 : 1);
    // A constant period (e.g. all zeros) has no hot or cold spot: z stays 0, p stays 1.
    if (spread > 0 && spread_term > 0) result.z[i] = deviation[i] / (spread * std::sqrt(spread_term));
    // An island's Gi* is its own standardised value: there is no neighbourhood to test.
    if (!row.empty()) result.p_analytic[i] = normal_two_sided_p(result.z[i]);
  }

  if (options.permutations > 0) {
    result.p_permutation.assign(n, 1.0);
    const auto permutations = static_cast<size_t>(options.permutations);
    const size_t width = std::min(n, widest_row(weights) + 1);
    if (spread > 0 && width > 0) {
      // Row r holds the values of a random placement's first `width` districts; district i's
      // permuted neighbourhood (self included) is the first 1 + k_i of them.
      const std::vector<uint32_t> draws =
          draw_index_rows(permutations, width, n, stream_seed(options.seed, period_index, kGiStarStream));
      std::vector<double> drawn(draws.size());
      for (size_t k = 0; k < draws.size(); ++k) drawn[k] = values[draws[k]];
      tbb::parallel_for(tbb::blocked_range<size_t>(0, n), [&](const tbb::blocked_range<size_t>& range) {
        for (size_t i = range.begin(); i != range.end(); ++i) {
          auto row = weights.weights_of(i);
          if (row.empty() || result.z[i] == 0) continue;
          const double observed = std::abs(deviation[i]) - tie_tolerance(largest, weight_sum[i]);
          const double expected = mean * weight_sum[i];
          size_t extreme = 0;
          for (size_t r = 0; r < permutations; ++r) {
            const double* placed = drawn.data() + r * width;
            double weighted = self_weight[i] * placed[0];
            for (size_t k = 0; k < row.size(); ++k) weighted += row[k] * placed[k + 1];
            extreme += std::abs(weighted - expected) >= observed;
          }
          result.p_permutation[i] = (static_cast<double>(extreme) + 1.0) / (static_cast<double>(permutations) + 1.0);
        }
      });
    }
  }

  result.p = options.false_discovery_rate ? benjamini_hochberg(result.p_analytic) : result.p_analytic;
  result.classes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    result.classes[i] = classify_significance(result.z[i], result.p[i]);
    if (is_hot(result.classes[i]) && values[i] == 0) result.classes[i] = SignificanceClass::hot_neighbourhood_0;
  }
  return result;
}

}  // namespace

SignificanceClass classify_significance(double z, double p) {
  int level = 0;
  if (p <= 0.01) level = 3;
  else if (p <= 0.05) level = 2;
  else if (p <= 0.10) level = 1;
  if (level == 0 || z == 0 || std::isnan(z)) return SignificanceClass::not_significant;
  return static_cast<SignificanceClass>(z > 0 ? level : -level);
}

std::vector<GiStarResult> local_gi_star_periods(std::span<const double> values_by_period, size_t period_count,
                                                const SpatialWeights& weights, const HotspotOptions& options) {
  const size_t n = weights.size();
  if (values_by_period.size() != period_count * n) {
    throw Error("Gi*: values do not match periods x districts of the weights");
  }
  for (size_t t = 0; t < period_count; ++t) check_values(values_by_period.subspan(t * n, n), weights, "Gi*");
  std::vector<GiStarResult> results(period_count);
  tbb::parallel_for(size_t{0}, period_count, [&](size_t t) {
    results[t] = gi_star_period(values_by_period.subspan(t * n, n), weights, options, t);
  });
  return results;
}

GiStarResult local_gi_star(std::span<const double> values, const SpatialWeights& weights,
                           const HotspotOptions& options, uint64_t period_index) {
  check_values(values, weights, "Gi*");
  return gi_star_period(values, weights, options, period_index);
}

MoranResult local_moran(std::span<const double> values, const SpatialWeights& weights, const HotspotOptions& options,
                        uint64_t period_index) {
  check_values(values, weights, "Local Moran");
  if (options.permutations < 1) throw Error("Local Moran: p-values need at least one permutation");
  const size_t n = values.size();
  MoranResult result;
  result.facts = facts_of(values, options, options.permutations);
  result.alpha = options.moran_alpha;
  result.standardised.assign(n, 0.0);
  result.spatial_lag.assign(n, 0.0);
  result.local_i.assign(n, 0.0);
  result.quadrant.assign(n, Quadrant::none);
  result.p_permutation.assign(n, 1.0);

  const double mean = n > 0 ? result.facts.total / static_cast<double>(n) : 0.0;
  double second_moment = 0;
  for (double v : values) second_moment += (v - mean) * (v - mean);
  second_moment = n > 0 ? second_moment / static_cast<double>(n) : 0.0;
  const size_t width = std::min(widest_row(weights), n > 0 ? n - 1 : 0);
  if (second_moment > 0 && width > 0) {
    const double spread = std::sqrt(second_moment);
    double largest = 0;
    for (size_t i = 0; i < n; ++i) {
      result.standardised[i] = (values[i] - mean) / spread;
      largest = std::max(largest, std::abs(result.standardised[i]));
    }
    for (size_t i = 0; i < n; ++i) {
      auto row = weights.weights_of(i);
      auto neighbours = weights.neighbours_of(i);
      double lag = 0;
      for (size_t k = 0; k < row.size(); ++k) lag += row[k] * result.standardised[neighbours[k]];
      const double z = result.standardised[i];
      result.spatial_lag[i] = lag;
      result.local_i[i] = z * lag;
      if (z != 0 && lag != 0) {
        result.quadrant[i] = z > 0 ? (lag > 0 ? Quadrant::high_high : Quadrant::high_low)
                                   : (lag < 0 ? Quadrant::low_low : Quadrant::low_high);
      }
    }
    // Row r: `width` distinct indices among the n − 1 districts other than i, as positions in the
    // list of all districts with i left out (index j >= i stands for district j + 1).
    const auto permutations = static_cast<size_t>(options.permutations);
    const std::vector<uint32_t> draws =
        draw_index_rows(permutations, width, n - 1, stream_seed(options.seed, period_index, kMoranStream));
    const double tolerance = tie_tolerance(largest, 1.0);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n), [&](const tbb::blocked_range<size_t>& range) {
      for (size_t i = range.begin(); i != range.end(); ++i) {
        auto row = weights.weights_of(i);
        // With z_i fixed, a permuted I_i is at least as extreme as the observed one exactly when the
        // permuted lag is at least as far out on the side of the observed lag.
        const double lag = result.spatial_lag[i];
        if (row.empty() || result.local_i[i] == 0) continue;
        size_t extreme = 0;
        for (size_t r = 0; r < permutations; ++r) {
          const uint32_t* drawn = draws.data() + r * width;
          double permuted = 0;
          for (size_t k = 0; k < row.size(); ++k) {
            const size_t j = drawn[k] + (drawn[k] >= i ? 1 : 0);
            permuted += row[k] * result.standardised[j];
          }
          extreme += lag > 0 ? permuted >= lag - tolerance : permuted <= lag + tolerance;
        }
        result.p_permutation[i] = (static_cast<double>(extreme) + 1.0) / (static_cast<double>(permutations) + 1.0);
      }
    });
  }
  result.p = options.false_discovery_rate ? benjamini_hochberg(result.p_permutation) : result.p_permutation;
  result.cluster.resize(n);
  for (size_t i = 0; i < n; ++i) result.cluster[i] = result.p[i] <= options.moran_alpha ? result.quadrant[i] : Quadrant::none;
  return result;
}

std::vector<double> benjamini_hochberg(std::span<const double> p_values) {
  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), size_t{0});
  auto p_at = [&](size_t i) { return std::isnan(p_values[i]) ? 1.0 : p_values[i]; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p_at(a) < p_at(b); });
  std::vector<double> adjusted(m, 1.0);
  double running_min = 1.0;
  for (size_t rank = m; rank >= 1; --rank) {
    const size_t i = order[rank - 1];
    running_min = std::min(running_min, p_at(i) * static_cast<double>(m) / static_cast<double>(rank));
    adjusted[i] = running_min;
  }
  return adjusted;
}

std::string significance_label(SignificanceClass c) {
  if (c == SignificanceClass::hot_neighbourhood_0) return "Hot surroundings, no events here";
  const int level = static_cast<int>(c);
  if (level == 0) return "Not significant";
  const char* confidence = std::abs(level) == 3 ? "99" : std::abs(level) == 2 ? "95" : "90";
  return fmt::format("{} spot, {}% confidence", level > 0 ? "Hot" : "Cold", confidence);
}

std::string quadrant_label(Quadrant q) {
  static constexpr EnumTable<Quadrant, 5> kLabels{{{Quadrant::high_high, "High-High (hot cluster)"},
                                                   {Quadrant::low_low, "Low-Low (cold cluster)"},
                                                   {Quadrant::high_low, "High-Low (high outlier)"},
                                                   {Quadrant::low_high, "Low-High (low outlier)"},
                                                   {Quadrant::none, "Not significant"}}};
  return text_in(kLabels, q);
}

std::string explain_significance_class(SignificanceClass c) {
  switch (c) {
    case SignificanceClass::hot_neighbourhood_0:
      return "Hot surroundings, no events here: the neighbourhood (this district and its neighbours) is a Gi* hot "
             "spot at 90% confidence or more, but this district itself has none; the events are in its neighbours.";
    case SignificanceClass::not_significant:
      return "Not significant: p > 0.10 (or z = 0), no evidence at 90% confidence that this neighbourhood holds more "
             "or less than random placement would give it.";
    default: break;
  }
  const int level = static_cast<int>(c);
  const double bound = std::abs(level) == 3 ? 0.01 : std::abs(level) == 2 ? 0.05 : 0.10;
  return fmt::format("{}: z {} 0 and p <= {:.2f}; the neighbourhood holds {} than random placement would give it, "
                     "and a z this far from 0 arises by chance in fewer than {} of 100 random placements.",
                     significance_label(c), level > 0 ? ">" : "<", bound, level > 0 ? "more" : "less",
                     static_cast<int>(bound * 100));
}

std::string explain_gi_star(const GiStarResult& gi, size_t district) {
  if (district >= gi.z.size()) return {};
  const double z = gi.z[district], p = gi.p[district];
  std::string text;
  if (z == 0) {
    text = "Gi* z = 0: the neighbourhood (this district and its neighbours) holds exactly what random placement "
           "of the period's values would give it on average.";
  } else {
    text = fmt::format("Gi* z = {:.2f}: the neighbourhood (this district and its neighbours) holds {} than random "
                       "placement of the period's values would give it on average, by {:.2f} standard deviations "
                       "(Getis-Ord's expectation and variance).",
                       z, z > 0 ? "more" : "less", std::abs(z));
  }
  text += fmt::format(" p = {:.3g}: the chance, under random placement, of a z at least this far from 0 (two-sided "
                      "normal, as ArcGIS's Hot Spot Analysis).",
                      p);
  if (gi.facts.false_discovery_rate) {
    text += fmt::format(" False discovery rate: p is Benjamini-Hochberg adjusted across the {} districts of the "
                        "period (unadjusted {:.3g}), so that of the districts called significant at 95% no more than "
                        "about 5% are expected to be false alarms.",
                        gi.facts.districts, gi.p_analytic[district]);
  }
  text += " Bins: 99% confidence p <= 0.01, 95% p <= 0.05, 90% p <= 0.10; hot when z > 0, cold when z < 0. ";
  text += explain_significance_class(gi.classes[district]);
  if (district < gi.p_permutation.size()) {
    const double pp = gi.p_permutation[district];
    text += fmt::format(" Permutation p = {:.3g}: the share of {} random placements of all values (this district's "
                        "own included) whose Gi* is at least as far from 0.",
                        pp, gi.facts.permutations);
    if (gi.p[district] <= 0.10 && pp > 0.10) {
      text += " It is above 0.10 while the class's p is not: with so few events the normal approximation is "
              "optimistic; read this district's class with caution.";
    }
  }
  const std::string sparse = explain_sparse_period(gi.facts);
  if (!sparse.empty()) text += " " + sparse;
  return text;
}

std::string explain_local_moran(const MoranResult& moran, size_t district) {
  if (district >= moran.local_i.size()) return {};
  const double zi = moran.standardised[district], lag = moran.spatial_lag[district];
  auto side = [](double v) { return v > 0 ? "above" : v < 0 ? "below" : "at"; };
  std::string text = fmt::format(
      "Local Moran's I = {:.2f}: this district is {} the period's mean ({:+.2f} standard deviations) and its "
      "neighbours on average {} it ({:+.2f}); I > 0 means alike (a cluster), I < 0 unlike (an outlier). Quadrant: {}.",
      moran.local_i[district], side(zi), zi, side(lag), lag, quadrant_label(moran.quadrant[district]));
  text += fmt::format(" p = {:.3g}: the share of {} permutations, this district's own value held fixed and its "
                      "neighbours' values drawn from the other districts, whose I is at least as extreme in the same "
                      "direction (Anselin's conditional test){}.",
                      moran.p[district], moran.facts.permutations,
                      moran.facts.false_discovery_rate ? ", Benjamini-Hochberg adjusted across the period's districts"
                                                       : "");
  text += moran.cluster[district] != Quadrant::none
              ? fmt::format(" Shown as a cluster: p <= {:.2f}.", moran.alpha)
              : fmt::format(" Not shown as a cluster: p > {:.2f} or no quadrant.", moran.alpha);
  const std::string sparse = explain_sparse_period(moran.facts);
  if (!sparse.empty()) text += " " + sparse;
  return text;
}

std::string explain_sparse_period(const PeriodFacts& facts) {
  if (facts.districts == 0) return {};
  if (facts.nonzero_districts == 0) {
    return "No events in this period: every district has 0, so Gi* z = 0 and p = 1 everywhere and no district is a "
           "hot or cold spot; Local Moran's I is 0 with p = 1.";
  }
  if (facts.nonzero_districts == 1) {
    return fmt::format(
        "Only one district has events in this period ({:g} in all). Gi* then marks the neighbourhood around it: its "
        "neighbours without events show as 'hot surroundings, no events here', and the normal p is optimistic "
        "(the permutation p, about (neighbours + 1) / {} here, is the exact chance). Local Moran holds a district's "
        "own value fixed, so with one non-zero district every permuted neighbourhood of it is the same zeros: p = 1.",
        facts.total, facts.districts);
  }
  return {};
}

}  // namespace zila
