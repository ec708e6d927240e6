// Classification of per-district values into legend classes, and colour ramps.
#pragma once
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
namespace zila {

inline constexpr int kMaxClasses = 256;  // bounds natural breaks' memory (classes x distinct values)

enum class ClassMethod : uint8_t { quantile, equal_interval, natural_breaks, std_dev, manual };
inline constexpr EnumTable<ClassMethod, 7> kClassMethodNames{{{ClassMethod::quantile, "quantile"},
                                                               {ClassMethod::equal_interval, "equal_interval"},
                                                               {ClassMethod::natural_breaks, "natural_breaks"},
                                                               {ClassMethod::std_dev, "std_dev"},
                                                               {ClassMethod::manual, "manual"},
                                                               {ClassMethod::natural_breaks, "jenks"},
                                                               {ClassMethod::std_dev, "stddev"}}};
constexpr const auto& enum_table(ClassMethod) { return kClassMethodNames; }
inline const char* class_method_name(ClassMethod m) { return name_cstr(m); }
ClassMethod parse_class_method(std::string_view text);  // any case, '-' for '_'; throws zila::Error

struct ClassSpec {
  ClassMethod method = ClassMethod::natural_breaks;
  int classes = 5;                    // ramp classes wanted (at most), clamped to 1..kMaxClasses
  bool zero_class = true;             // values == 0 get their own class, outside the ramp
  std::vector<double> manual_breaks;  // upper bounds, ascending, for ClassMethod::manual
};

// Classes are half-open on the left: class i covers (lower[i], upper[i]]; the first class includes
// its lower bound. With a zero class, class 0 is exactly zero and the ramp classes start at 1.
//
// Methods (over the ramp values: all finite values, or the positive ones when a zero class is used):
//   quantile        class j ends at the value of rank ceil((j+1)*n/k); ties stay in one class.
//   equal_interval  k classes of equal width from min to max.
//   natural_breaks  Fisher-Jenks: the partition with the least within-class sum of squared
//                   deviations, by exact dynamic programming over the sorted distinct values
//                   (weighted by multiplicity). Above kMaxJenksGroups distinct values, runs of
//                   adjacent values are merged into that many groups of about equal count first:
//                   still exact among breaks at group edges, and 100k values take milliseconds.
//   std_dev         breaks every standard deviation (population) from the mean; for an odd k the
//                   middle class is centred on the mean. Breaks outside the data range are dropped.
//   manual          spec.manual_breaks as upper bounds (sorted, de-duplicated); one more class up to
//                   the maximum when data exceed the last break. Empty classes are kept, so the
//                   legend is stable across periods.
// class_of clamps finite values outside [lower.front(), upper.back()] into the first/last class.
struct Classification {
  ClassSpec spec;                // as requested
  std::vector<double> lower;
  std::vector<double> upper;
  bool zero_class = false;       // class 0 is exactly zero: requested, zeros present, no negatives
  bool integer_data = false;     // every classified value is a whole number (counts): integer labels
  // Index of the class of `value`; -1 for no data (NaN, ±inf) or when there are no classes. Inline:
  // a time-slider step classifies every district.
  int class_of(double value) const;
  size_t class_count() const { return upper.size(); }
  bool has_zero_class() const { return zero_class; }
  size_t first_ramp_class() const { return zero_class ? 1 : 0; }
  size_t ramp_class_count() const { return class_count() - first_ramp_class(); }
};

inline int Classification::class_of(double value) const {
  if (!std::isfinite(value) || upper.empty()) return -1;
  const size_t first = first_ramp_class();
  if (zero_class && (value == 0 || first == upper.size())) return 0;
  // First class whose upper bound is >= value: the number of bounds below the value, counted without
  // branches (a handful of bounds; the slider classifies every district per step). The last class
  // also takes values above its bound, so that bound is not compared.
  size_t below = 0;
  for (size_t c = first; c + 1 < upper.size(); ++c) below += upper[c] < value;
  return static_cast<int>(first + below);
}

// Classification::class_of with the small whole numbers (counts) up to the last bound by a lookup:
// what a time-slider step runs on every district (2.3x faster on counts at 100k districts). Made
// per step, from at most kWholeNumbers calls of class_of; refers to `classes`, which must outlive it.
class ClassLookup {
 public:
  explicit ClassLookup(const Classification& classes);
  int operator()(double value) const {
    // Adding 2^52 puts a whole number in [0, 2^52) in the low bits of the sum, and only a whole number
    // comes back when 2^52 is taken off again (NaN never does); negative and larger values change the
    // exponent, so their bits less those of 2^52 are far outside the lookup. No conversion to an
    // integer and one branch: 1.3x faster than testing the range and converting.
    const double shifted = value + kShift;
    const uint64_t w = std::bit_cast<uint64_t>(shifted) - std::bit_cast<uint64_t>(kShift);
    if ((w < whole_count_) & (shifted - kShift == value)) return whole_number_class_[w];
    return classes_.class_of(value);
  }

 private:
  static constexpr size_t kWholeNumbers = 256;
  static constexpr double kShift = 0x1p52;
  const Classification& classes_;
  std::array<int, kWholeNumbers> whole_number_class_{};
  uint64_t whole_count_ = 0;  // whole numbers below it are in the lookup
};

// Above this many distinct values natural breaks runs on merged groups (see Classification).
inline constexpr size_t kMaxJenksGroups = 8192;

// Non-finite values (NaN = no data) are ignored. Fewer distinct values than classes gives fewer
// classes; no values gives no classes. Never a class with lower > upper. For a legend locked over
// all periods, pass the concatenation of every period's values.
Classification classify(std::span<const double> values, const ClassSpec& spec);

// Districts per class (index = class); no-data values are not counted.
std::vector<size_t> class_counts(const Classification& classification, std::span<const double> values);

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

// Ramps: ColorBrewer sequential (YlOrRd, OrRd, Reds, Oranges, Purples, Blues, Greens, YlGnBu, PuRd,
// YlOrBr; exact for 3..9 colours), diverging (RdBu, RdYlBu, BrBG, PuOr, PiYG, RdYlGn; exact for
// 3..11), and viridis, magma, inferno, cividis (sampled from matplotlib's 256-entry tables).
// ColorBrewer counts of 1-2 take evenly spread colours of the 3-colour scheme; larger counts
// interpolate the largest scheme linearly in sRGB (not perceptually uniform, but the ColorBrewer
// steps are already perceptually spaced, so the result stays ordered and smooth).
// Names match case-insensitively. Throws zila::Error on unknown names, listing the valid ones.
std::vector<Rgb> ramp_colors(std::string_view ramp, int count);
std::vector<std::string> ramp_names();
bool ramp_is_colorblind_safe(std::string_view ramp);  // ColorBrewer's flag; "maybe" counts as not safe
bool ramp_is_diverging(std::string_view ramp);
inline constexpr std::string_view kDefaultCountRamp = "YlOrRd";

}  // namespace zila
