// Classification of per-district values into legend classes, and colour ramps.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zila {

enum class ClassMethod : uint8_t { quantile, equal_interval, natural_breaks, std_dev, manual };
const char* class_method_name(ClassMethod m);
ClassMethod parse_class_method(std::string_view text);  // throws zila::Error

struct ClassSpec {
  ClassMethod method = ClassMethod::natural_breaks;
  int classes = 5;
  bool zero_class = true;             // values == 0 get their own class, outside the ramp
  std::vector<double> manual_breaks;  // upper bounds, ascending, for ClassMethod::manual
};

// Classes are half-open on the left: class i covers (lower[i], upper[i]]; the first class includes
// its lower bound. With zero_class, class 0 is exactly zero and the ramp classes start at 1.
struct Classification {
  ClassSpec spec;
  std::vector<double> lower;
  std::vector<double> upper;
  // Index of the class of `value`; -1 for NaN (no data).
  int class_of(double value) const;
  size_t class_count() const { return upper.size(); }
  bool has_zero_class() const { return spec.zero_class; }
};

// NaN values are ignored. Fewer distinct values than classes gives fewer classes.
Classification classify(std::span<const double> values, const ClassSpec& spec);

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

// Ramps: ColorBrewer sequential (YlOrRd, OrRd, Reds, Blues, Purples, YlGnBu, ...), diverging (RdBu,
// BrBG, PuOr, RdYlBu ...), viridis, magma, inferno, cividis. Throws zila::Error on unknown names.
std::vector<Rgb> ramp_colors(std::string_view ramp, int count);
std::vector<std::string> ramp_names();
bool ramp_is_colorblind_safe(std::string_view ramp);

}  // namespace zila
