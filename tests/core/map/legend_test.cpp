#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "core/map/classify.hpp"
#include "core/error.hpp"
#include "core/map/legend.hpp"
#include "core/map/map_frame.hpp"

using zila::build_legend;
using zila::ClassMethod;
using zila::ClassSpec;
using zila::Legend;
using zila::LegendEntry;
using zila::Rgb;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const Rgb kZeroColor{240, 240, 240};
const Rgb kNoDataColor{200, 200, 200};

ClassSpec manual(std::vector<double> breaks, bool zero_class = true) {
  ClassSpec spec;
  spec.method = ClassMethod::manual;
  spec.manual_breaks = std::move(breaks);
  spec.zero_class = zero_class;
  return spec;
}

std::vector<std::string> labels(const Legend& legend) {
  std::vector<std::string> out;
  for (const LegendEntry& e : legend.entries) out.push_back(e.label);
  return out;
}

std::vector<size_t> districts(const Legend& legend) {
  std::vector<size_t> out;
  for (const LegendEntry& e : legend.entries) out.push_back(e.districts);
  return out;
}

using Labels = std::vector<std::string>;

}  // namespace

TEST_CASE("A count legend has a zero class, integer ranges and a no-data entry", "[classify]") {
  const std::vector<double> values{0, 0, 1, 3, 4, 10, 11, 36, kNaN};
  const zila::Classification c = zila::classify(values, manual({3, 10}));
  const auto ramp = zila::ramp_colors("YlOrRd", 3);
  const Legend legend = build_legend(c, ramp, values, false, "Incidents", kZeroColor, kNoDataColor);
  CHECK(legend.title == "Incidents");
  CHECK(legend.mode_note == "Classes of this period");
  CHECK(labels(legend) == Labels{"0", "1 – 3", "4 – 10", "11 – 36", "No data"});
  CHECK(districts(legend) == std::vector<size_t>{2, 2, 2, 2, 1});
  REQUIRE(legend.entries.size() == 5);
  CHECK(legend.entries[0].kind == LegendEntry::Kind::zero);
  CHECK(legend.entries[0].color == kZeroColor);
  CHECK(legend.entries[1].color == ramp[0]);
  CHECK(legend.entries[3].color == ramp[2]);
  CHECK(legend.entries[3].upper == 36);
  CHECK(legend.entries[4].kind == LegendEntry::Kind::no_data);
  CHECK(legend.entries[4].color == kNoDataColor);
}

TEST_CASE("A locked legend counts the current period against classes of all periods", "[classify]") {
  const std::vector<double> all_periods{0, 1, 2, 5, 9, 14535, 0, 3, 7, 20000};
  const std::vector<double> this_period{0, 3, 7, 20000};
  ClassSpec spec;
  spec.method = ClassMethod::quantile;
  spec.classes = 2;
  const zila::Classification c = zila::classify(all_periods, spec);
  const Legend legend =
      build_legend(c, zila::ramp_colors("Reds", 2), this_period, true, "Deaths", kZeroColor, kNoDataColor);
  CHECK(legend.mode_note == "Classes fixed over all periods");
  CHECK(labels(legend) == Labels{"0", "1 – 5", "6 – 20,000"});
  CHECK(districts(legend) == std::vector<size_t>{1, 1, 2});
}

TEST_CASE("Legend labels use thousands separators and single values", "[classify]") {
  const std::vector<double> values{5, 5, 14535};
  const zila::Classification c = zila::classify(values, manual({5}, false));
  const Legend legend = build_legend(c, zila::ramp_colors("Blues", 2), values, false, "Events", kZeroColor, kNoDataColor);
  CHECK(labels(legend) == Labels{"5", "6 – 14,535"});
  CHECK(zila::format_legend_number(-1234567.891, 2) == "-1,234,567.89");
  CHECK(zila::format_legend_number(-0.001, 1) == "0.0");
}

TEST_CASE("Non-integer legends show enough decimals to tell bounds apart", "[classify]") {
  const std::vector<double> rates{0.5, 0.8, 1.2, 1.25, 3.4};
  const zila::Classification c = zila::classify(rates, manual({1.2, 1.25}, false));
  const Legend legend =
      build_legend(c, zila::ramp_colors("Purples", 3), rates, false, "Rate", kZeroColor, kNoDataColor);
  CHECK(labels(legend) == Labels{"0.50 – 1.20", "1.20 – 1.25", "1.25 – 3.40"});

  const zila::Classification coarse = zila::classify(rates, manual({1.2}, false));
  CHECK(labels(build_legend(coarse, zila::ramp_colors("Purples", 2), rates, false, "Rate", kZeroColor,
                            kNoDataColor)) == Labels{"0.5 – 1.2", "1.2 – 3.4"});
}

TEST_CASE("A legend without data or with the wrong ramp size", "[classify]") {
  const std::vector<double> no_data{kNaN, kNaN};
  const zila::Classification empty = zila::classify(no_data, ClassSpec{});
  const Legend legend = build_legend(empty, {}, no_data, false, "Incidents", kZeroColor, kNoDataColor);
  CHECK(labels(legend) == Labels{"No data"});
  CHECK(districts(legend) == std::vector<size_t>{2});

  const std::vector<double> values{1, 2, 3};
  const zila::Classification c = zila::classify(values, manual({1, 2}));
  CHECK_THROWS_AS(build_legend(c, zila::ramp_colors("Reds", 5), values, false, "x", kZeroColor, kNoDataColor),
                  zila::Error);
}

// build_map_frame writes the shown values, colours and legend entries in the colouring's one pass: each
// must agree with the classes, and counting the entries over every district must give the legend's counts.
TEST_CASE("A map frame's per-district values, colours and legend entries agree with its classes and legend") {
  using namespace zila;
  const size_t districts = 40000, periods = 3;  // more than one block of the parallel pass
  ValueMatrix m;
  m.periods = periods;
  m.districts = districts;
  std::mt19937_64 random(5);
  std::poisson_distribution<int> count(2.0);
  std::uniform_int_distribution<int> percent(0, 99);
  m.windowed.resize(periods * districts);
  for (double& v : m.windowed) v = percent(random) < 3 ? kNaN : count(random);
  m.per_period = m.windowed;
  m.has_data.assign(periods, 1);
  Cube cube;
  cube.bin = Bin::year;
  cube.district_count = districts;
  cube.period_starts = {15340, 15706, 16071};
  for (auto& v : cube.values) v.assign(periods * districts, 0.0);
  const MapSpec spec;
  const Classification classes = classify_for(m, spec.style, false, 0);
  REQUIRE(classes.class_count() > 1);
  MapFrame frame;
  for (const size_t period : {size_t{2}, size_t{0}, periods}) {  // the last: past the data, no legend
    build_map_frame(cube, JoinResult{}, m, classes, spec, period, frame);
    REQUIRE(frame.label_priority.values.size() == (period < periods ? districts : 0));
    REQUIRE(frame.legend_entry.size() == districts);
    for (size_t d = 0; d < districts; ++d) {
      const double v = period < periods ? m.windowed_at(period, d) : 0.0;
      REQUIRE(frame.label_priority.strength(d) == (std::isfinite(v) ? std::abs(v) : 0.0));
      if (period < periods) {
        // The entry is the class; no data is the entry after the classes.
        const int k = classes.class_of(v);
        REQUIRE(frame.legend_entry[d] == (k < 0 ? static_cast<int>(classes.class_count()) : k));
        REQUIRE(frame.legend.entries[static_cast<size_t>(frame.legend_entry[d])].color == frame.district_colors[d]);
      } else {
        REQUIRE(frame.legend_entry[d] == -1);
        REQUIRE(frame.district_colors[d] == zila::kNoDataColor);
      }
    }
    if (period == periods) continue;
    CHECK(frame.legend.entries.back().kind == LegendEntry::Kind::no_data);
    const Legend counted = frame.legend;
    count_legend_districts(frame, [](size_t) { return true; });
    for (size_t e = 0; e < counted.entries.size(); ++e) CHECK(frame.legend.entries[e].districts == counted.entries[e].districts);
  }
}
