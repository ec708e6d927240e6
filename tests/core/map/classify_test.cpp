#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/map/classify.hpp"
#include "core/error.hpp"

using zila::ClassMethod;
using zila::ClassSpec;
using zila::Classification;
using zila::classify;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

ClassSpec spec_of(ClassMethod method, int classes, bool zero_class = false) {
  ClassSpec spec;
  spec.method = method;
  spec.classes = classes;
  spec.zero_class = zero_class;
  return spec;
}

std::vector<double> one_to(int n) {
  std::vector<double> values(static_cast<size_t>(n));
  std::iota(values.begin(), values.end(), 1.0);
  return values;
}

// Invariants every classification must hold, whatever the input.
void check_well_formed(const Classification& c) {
  REQUIRE(c.lower.size() == c.upper.size());
  for (size_t i = 0; i < c.class_count(); ++i) {
    CHECK(c.lower[i] <= c.upper[i]);
    if (i > c.first_ramp_class()) CHECK(c.lower[i] == c.upper[i - 1]);
  }
}

double within_class_sse(std::span<const double> sorted, const std::vector<size_t>& class_starts) {
  double total = 0;
  for (size_t k = 0; k < class_starts.size(); ++k) {
    const size_t begin = class_starts[k];
    const size_t end = k + 1 < class_starts.size() ? class_starts[k + 1] : sorted.size();
    double mean = 0;
    for (size_t i = begin; i < end; ++i) mean += sorted[i];
    mean /= static_cast<double>(end - begin);
    for (size_t i = begin; i < end; ++i) total += (sorted[i] - mean) * (sorted[i] - mean);
  }
  return total;
}

// Independent brute force: the least SSE over every way to cut the sorted values into `classes`
// contiguous runs, never cutting between equal values.
double brute_force_best_sse(const std::vector<double>& sorted, size_t classes) {
  const size_t n = sorted.size();
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t mask = 0; mask < (1u << (n - 1)); ++mask) {  // bit i: cut before value i+1
    if (static_cast<size_t>(__builtin_popcount(mask)) != classes - 1) continue;
    std::vector<size_t> starts{0};
    bool valid = true;
    for (size_t i = 0; i + 1 < n; ++i)
      if (mask & (1u << i)) {
        valid = valid && sorted[i] != sorted[i + 1];
        starts.push_back(i + 1);
      }
    if (valid) best = std::min(best, within_class_sse(sorted, starts));
  }
  return best;
}

double classification_sse(const Classification& c, const std::vector<double>& sorted) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const int cls = c.class_of(sorted[i]);
    if (i == 0 || cls != c.class_of(sorted[i - 1])) starts.push_back(i);
  }
  return within_class_sse(sorted, starts);
}

}  // namespace

TEST_CASE("Quantile classes of 1..10 hold two values each", "[classify]") {
  const auto values = one_to(10);
  const Classification c = classify(values, spec_of(ClassMethod::quantile, 5));
  check_well_formed(c);
  CHECK(c.upper == std::vector<double>{2, 4, 6, 8, 10});
  CHECK(c.lower == std::vector<double>{1, 2, 4, 6, 8});
  CHECK(zila::class_counts(c, values) == std::vector<size_t>{2, 2, 2, 2, 2});
  CHECK(classify(values, spec_of(ClassMethod::quantile, 3)).upper == std::vector<double>{4, 7, 10});
}

TEST_CASE("Quantile keeps tied values in one class, giving fewer classes", "[classify]") {
  const std::vector<double> values{1, 1, 1, 1, 1, 1, 2, 3};
  const Classification c = classify(values, spec_of(ClassMethod::quantile, 4));
  check_well_formed(c);
  CHECK(c.upper == std::vector<double>{1, 3});  // ranks 3 and 6 (of 8) both fall on a 1
}

TEST_CASE("Equal interval splits the range into classes of equal width", "[classify]") {
  const std::vector<double> values{0, 1, 3, 7, 10};
  const Classification c = classify(values, spec_of(ClassMethod::equal_interval, 5));
  check_well_formed(c);
  CHECK(c.lower.front() == 0);
  CHECK(c.upper == std::vector<double>{2, 4, 6, 8, 10});
  CHECK(zila::class_counts(c, values) == std::vector<size_t>{2, 1, 0, 1, 1});
}

TEST_CASE("Natural breaks find obvious clusters", "[classify]") {
  const std::vector<double> values{22, 1, 12, 2, 21, 3, 10, 20, 11};
  const Classification c = classify(values, spec_of(ClassMethod::natural_breaks, 3));
  check_well_formed(c);
  CHECK(c.lower.front() == 1);
  CHECK(c.upper == std::vector<double>{3, 12, 22});
}

TEST_CASE("Natural breaks match a brute force over all partitions", "[classify]") {
  std::mt19937 rng(20240611);
  std::lognormal_distribution<double> skewed(1.0, 1.2);
  for (int trial = 0; trial < 60; ++trial) {
    const size_t n = 4 + static_cast<size_t>(trial % 9);  // 4..12 values
    std::vector<double> values;
    for (size_t i = 0; i < n; ++i) values.push_back(trial % 3 == 0 ? std::round(skewed(rng)) : skewed(rng));
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> distinct_values = sorted;
    distinct_values.erase(std::unique(distinct_values.begin(), distinct_values.end()), distinct_values.end());
    const size_t distinct = distinct_values.size();
    for (int k = 2; k <= 5; ++k) {
      const Classification c = classify(values, spec_of(ClassMethod::natural_breaks, k));
      check_well_formed(c);
      const size_t expected_classes = std::min(static_cast<size_t>(k), distinct);
      REQUIRE(c.class_count() == expected_classes);
      INFO("trial " << trial << ", " << k << " classes");
      CHECK(classification_sse(c, sorted) ==
            Approx(brute_force_best_sse(sorted, expected_classes)).margin(1e-9).epsilon(1e-12));
    }
  }
}

TEST_CASE("Natural breaks on 100k districts stay fast and well formed", "[classify]") {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> rates(0.0, 1.5);
  std::poisson_distribution<int> counts(4);
  std::vector<double> continuous, integer;
  for (int i = 0; i < 100000; ++i) {
    continuous.push_back(rates(rng));
    integer.push_back(counts(rng) * counts(rng));
  }
  for (const auto* values : {&continuous, &integer}) {
    const auto start = std::chrono::steady_clock::now();
    const Classification c = classify(*values, spec_of(ClassMethod::natural_breaks, 9));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    check_well_formed(c);
    CHECK(c.class_count() == 9);
    CHECK(c.lower.front() == *std::min_element(values->begin(), values->end()));
    CHECK(c.upper.back() == *std::max_element(values->begin(), values->end()));
    CHECK(elapsed < std::chrono::seconds(1));  // ~10-20 ms optimised; loose for sanitizer builds
  }
}

TEST_CASE("Standard deviation classes are one sd wide and clipped to the data", "[classify]") {
  const std::vector<double> values{2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, population sd 2
  const Classification even = classify(values, spec_of(ClassMethod::std_dev, 4));
  check_well_formed(even);
  CHECK(even.lower.front() == 2);
  CHECK(even.upper == std::vector<double>{3, 5, 7, 9});
  // Odd k centres a class on the mean: breaks at 2 (= min, dropped), 4, 6, 8.
  const Classification odd = classify(values, spec_of(ClassMethod::std_dev, 5));
  check_well_formed(odd);
  CHECK(odd.upper == std::vector<double>{4, 6, 8, 9});
}

TEST_CASE("Manual breaks are upper bounds, with a top class for larger values", "[classify]") {
  ClassSpec spec = spec_of(ClassMethod::manual, 0);
  spec.manual_breaks = {10, 5, 5, kNaN};  // unsorted, duplicated, NaN: cleaned up
  const Classification above = classify(one_to(20), spec);
  check_well_formed(above);
  CHECK(above.upper == std::vector<double>{5, 10, 20});
  CHECK(above.lower == std::vector<double>{1, 5, 10});
  const Classification within = classify(one_to(8), spec);
  check_well_formed(within);
  CHECK(within.upper == std::vector<double>{5, 10});  // empty top class kept: stable legend
}

TEST_CASE("The zero class holds exactly zero and the ramp covers positive values", "[classify]") {
  const std::vector<double> values{0, 0, 0, 1, 2, 3, 4};
  const Classification c = classify(values, spec_of(ClassMethod::quantile, 2, true));
  check_well_formed(c);
  REQUIRE(c.has_zero_class());
  CHECK(c.ramp_class_count() == 2);
  CHECK(c.lower == std::vector<double>{0, 1, 2});
  CHECK(c.upper == std::vector<double>{0, 2, 4});
  CHECK(c.class_of(0) == 0);
  CHECK(c.class_of(1) == 1);
  CHECK(c.class_of(2) == 1);
  CHECK(c.class_of(2.5) == 2);
  CHECK(zila::class_counts(c, values) == std::vector<size_t>{3, 2, 2});
}

TEST_CASE("No zero class without zeros or with negative values", "[classify]") {
  CHECK_FALSE(classify(std::vector<double>{1, 2, 3}, spec_of(ClassMethod::quantile, 2, true)).has_zero_class());
  const Classification signed_values = classify(std::vector<double>{-2, 0, 0, 3}, spec_of(ClassMethod::equal_interval, 2, true));
  check_well_formed(signed_values);
  CHECK_FALSE(signed_values.has_zero_class());
  CHECK(signed_values.upper == std::vector<double>{0.5, 3});
}

TEST_CASE("NaN is no data: ignored by classify, class -1", "[classify]") {
  const std::vector<double> values{kNaN, 1, 2, kNaN, 3, std::numeric_limits<double>::infinity()};
  const Classification c = classify(values, spec_of(ClassMethod::quantile, 3));
  CHECK(c.upper == std::vector<double>{1, 2, 3});
  CHECK(c.class_of(kNaN) == -1);
  CHECK(zila::class_counts(c, values) == std::vector<size_t>{1, 1, 1});
}

TEST_CASE("class_of puts bounds in the lower class and clamps values outside the range", "[classify]") {
  const Classification c = classify(one_to(10), spec_of(ClassMethod::quantile, 5));
  CHECK(c.class_of(2) == 0);
  CHECK(c.class_of(2.0001) == 1);
  CHECK(c.class_of(-100) == 0);
  CHECK(c.class_of(1e9) == 4);
}

TEST_CASE("Degenerate inputs give few classes and never crash", "[classify]") {
  for (ClassMethod method : {ClassMethod::quantile, ClassMethod::equal_interval, ClassMethod::natural_breaks,
                             ClassMethod::std_dev, ClassMethod::manual}) {
    INFO(zila::class_method_name(method));
    const Classification empty = classify({}, spec_of(method, 5, true));
    if (method != ClassMethod::manual) CHECK(empty.class_count() == 0);
    CHECK(empty.class_of(1) == (empty.class_count() == 0 ? -1 : 0));

    const std::vector<double> only_nan{kNaN, kNaN};
    CHECK(classify(only_nan, spec_of(method, 5)).class_of(kNaN) == -1);

    const Classification all_equal = classify(std::vector<double>{3, 3, 3}, spec_of(method, 5));
    check_well_formed(all_equal);
    CHECK(all_equal.class_count() == 1);
    CHECK(all_equal.class_of(3) == 0);

    const Classification all_zero = classify(std::vector<double>{0, 0}, spec_of(method, 5, true));
    check_well_formed(all_zero);
    CHECK(all_zero.has_zero_class());
    CHECK(all_zero.class_of(0) == 0);

    const Classification few = classify(std::vector<double>{1, 1, 2}, spec_of(method, 5));
    check_well_formed(few);
    if (method != ClassMethod::manual) CHECK(few.class_count() == 2);
    CHECK(few.class_of(1) == 0);

    check_well_formed(classify(one_to(5), spec_of(method, -3)));
    check_well_formed(classify(one_to(5), spec_of(method, 1000000)));
  }
}

TEST_CASE("Random inputs always give well-formed classifications", "[classify]") {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> small(-3, 6);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> values(static_cast<size_t>(trial % 17));
    for (double& v : values) v = trial % 2 ? std::max(0, small(rng)) : small(rng) * 0.7;
    for (ClassMethod method : {ClassMethod::quantile, ClassMethod::equal_interval, ClassMethod::natural_breaks,
                               ClassMethod::std_dev}) {
      const Classification c = classify(values, spec_of(method, 1 + trial % 7, trial % 3 == 0));
      check_well_formed(c);
      for (double v : values) CHECK(c.class_of(v) >= 0);
    }
  }
}

TEST_CASE("Class method names round-trip and unknown names throw", "[classify]") {
  for (ClassMethod method : {ClassMethod::quantile, ClassMethod::equal_interval, ClassMethod::natural_breaks,
                             ClassMethod::std_dev, ClassMethod::manual})
    CHECK(zila::parse_class_method(zila::class_method_name(method)) == method);
  CHECK(zila::parse_class_method("Jenks") == ClassMethod::natural_breaks);
  CHECK(zila::parse_class_method("equal-interval") == ClassMethod::equal_interval);
  CHECK_THROWS_AS(zila::parse_class_method("kmeans"), zila::Error);
}

TEST_CASE("ClassLookup gives class_of of every value: no data, the zero class, values outside the breaks") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values{nan, inf, -inf, 0, -0.0, -5, 1, 2, 2.5, 3, 7, 1e300, -1e300, 4, 5, 6, 100};
  for (int i = 0; i < 200; ++i) values.push_back((i % 17) * 0.75 - 1);
  // Whole numbers (counts: by a lookup) on both sides of every bound and of the lookup's end.
  for (int i = 0; i <= 1100; ++i) values.push_back(i);
  for (double v : {255.5, 256.0, 0.5, 2.0000001, 1e-300}) values.push_back(v);
  // Where adding 2^52 (the lookup's test of a whole number) changes the exponent or rounds.
  for (double v : {0x1p52, 0x1p52 + 2, 0x1p53, -0x1p52, -0x1p51, -0x1p52 + 3, 0x1p52 - 0.5, 4503599627370497.0, 1e-17})
    values.push_back(v);
  const std::vector<double> data{0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20};
  const std::vector<double> fractions{0, 0.5, 1.25, 2.5, 3.75, 7.5, 9.9};
  const std::vector<double> large{0, 3, 40, 180, 255, 256, 300, 700, 1000};
  std::vector<zila::Classification> cases;
  for (const bool zero : {false, true}) {
    zila::ClassSpec spec;
    spec.method = zila::ClassMethod::quantile;
    spec.classes = 5;
    spec.zero_class = zero;
    cases.push_back(zila::classify(data, spec));
    cases.push_back(zila::classify(std::vector<double>{0, 0}, spec));  // at most the zero class
    cases.push_back(zila::classify(std::vector<double>{3}, spec));     // one class
    cases.push_back(zila::classify(fractions, spec));                  // bounds between whole numbers
    cases.push_back(zila::classify(large, spec));                      // bounds beyond the lookup
    cases.push_back(zila::classify(std::vector<double>{0, 5, 1e300}, spec));  // beyond any whole number type
    cases.push_back(zila::classify(std::vector<double>{-3, -2, -1}, spec));  // no whole number class
  }
  cases.push_back(zila::Classification{});  // no classes
  for (const zila::Classification& c : cases) {
    const zila::ClassLookup lookup(c);
    for (const double v : values) REQUIRE(lookup(v) == c.class_of(v));
  }
  CHECK(cases[0].class_count() > 2);
  CHECK(cases[7].has_zero_class());
}
