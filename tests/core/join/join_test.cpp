#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/io/event_loader.hpp"
#include "core/join/join.hpp"
#include "core/pipeline.hpp"
#include "lattice.hpp"

namespace {

std::string fixture(const char* name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }

// Every row's method, as the join decided it.
std::vector<zila::JoinMethod> methods(const zila::JoinResult& r, const zila::EventTable& events) {
  std::vector<zila::JoinMethod> out;
  for (size_t i = 0; i < events.size(); ++i) out.push_back(r.method_of(events, i));
  return out;
}

zila::EventOptions events_at(const std::string& path) {
  zila::EventOptions options;
  options.path = path;
  return options;
}

struct Loaded {
  zila::Boundaries boundaries = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  zila::EventTable events = zila::load_events(events_at(fixture("events_tricky.csv")));
  zila::NameMatcher matcher{boundaries.names, {}};
  zila::JoinResult join(zila::JoinMode mode) { return zila::join_events(events, boundaries, matcher, {mode, 0}); }
};

}  // namespace

TEST_CASE("Hybrid join places rows by name, then by coordinates, and accounts for every row", "[join]") {
  Loaded data;
  zila::JoinResult r = data.join(zila::JoinMode::hybrid);
  CHECK(r.rows_read == 9);
  CHECK(r.joined == 5);
  CHECK(r.unmatched == 1);
  CHECK(r.rejected == 3);
  CHECK(r.joined + r.unmatched + r.rejected == r.rows_read);
  CHECK(r.district == zila::DistrictColumn{0, 1, 2, 0, 1, -1});
  CHECK(r.method_of(data.events, 2) == zila::JoinMethod::abbreviation);  // D.I. Khan
  CHECK(r.method_of(data.events, 3) == zila::JoinMethod::exact);       // Alphá, diacritics folded
  CHECK(r.method_of(data.events, 4) == zila::JoinMethod::coordinates); // no name; lat/lon swapped in the file
  CHECK(r.points_swapped == 1);
  CHECK(r.events_joined == 2 + 1 + 1 + 1000 + 1);
  CHECK(r.events_unmatched == 4);
  REQUIRE(r.unmatched_names.size() == 1);
  CHECK(r.unmatched_names[0].name == "Gotham");
  CHECK(r.unmatched_names[0].rows == 1);
  CHECK(r.unmatched_names[0].events == 4);
  CHECK(r.disagreement_rows == 0);
}

TEST_CASE("Name join ignores coordinates and lists rows without a place", "[join]") {
  Loaded data;
  zila::JoinResult r = data.join(zila::JoinMode::name);
  CHECK(r.joined == 4);
  CHECK(r.unmatched == 2);
  CHECK(r.joined + r.unmatched + r.rejected == r.rows_read);
  CHECK(r.unmatched_names.size() == 2);
}

TEST_CASE("Coordinate join uses only points, rows without coordinates are unmatched", "[join]") {
  Loaded data;
  zila::JoinResult r = data.join(zila::JoinMode::coords);
  CHECK(r.district == zila::DistrictColumn{0, 1, -1, -1, 1, -1});
  CHECK(r.rows_by_method[static_cast<size_t>(zila::JoinMethod::coordinates)] == 3);
  REQUIRE(r.unmatched_names.size() == 1);
  CHECK(r.unmatched_names[0].name == "(no coordinates)");
  CHECK(r.unmatched_names[0].rows == 3);
}

TEST_CASE("Point locator finds polygons, respects holes and snaps within a distance", "[join]") {
  zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  zila::PointLocator locator(b.lonlat);
  CHECK(locator.locate(70.2, 33.2) == 0);
  CHECK(locator.locate(70.5, 33.5) == -1);  // in Alpha's hole
  CHECK(locator.locate(72.6, 33.1) == 1);   // Bravo's island
  CHECK(locator.locate(70.1, 34.5) == 2);   // left triangle of the repaired bow-tie
  CHECK(locator.locate(69.0, 33.5) == -1);
  // 0.05° west of Alpha at 33.5°N is about 4.6 km.
  CHECK(locator.nearest_within(69.95, 33.5, 5) == 0);
  CHECK(locator.nearest_within(69.95, 33.5, 4) == -1);
}

TEST_CASE("Hybrid join flags rows whose name and coordinates disagree, keeping the name", "[join]") {
  Loaded data;
  data.events.lon.set(0, 71.5);  // Alpha by name, Bravo by coordinates
  data.events.lat.set(0, 33.5);
  zila::JoinResult r = data.join(zila::JoinMode::hybrid);
  CHECK(r.district[0] == 0);
  CHECK(r.disagreement_rows == 1);
  REQUIRE(r.disagreements.size() == 1);
  CHECK(r.disagreements[0].by_name == "Alpha");
  CHECK(r.disagreements[0].by_coords == "Bravo");
}

namespace {

// Guessed (token) names against their rows' points; see the comments in the fixture's test below.
struct Guessed {
  zila::Boundaries boundaries = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  zila::EventTable events = zila::load_events(events_at(fixture("events_guessed_names.csv")));
  zila::NameMatcher matcher{boundaries.names, {}};
  zila::JoinResult join(zila::JoinMode mode) { return zila::join_events(events, boundaries, matcher, {mode, 0}); }
};

const zila::UnmatchedName* unmatched_entry(const zila::JoinResult& r, const std::string& name, zila::UnmatchedReason reason) {
  for (const auto& u : r.unmatched_names)
    if (u.name == name && u.reason == reason) return &u;
  return nullptr;
}

}  // namespace

TEST_CASE("Hybrid: a firm name beats the point, the point beats a guessed name, every disagreement listed", "[join]") {
  Guessed data;
  const zila::JoinResult r = data.join(zila::JoinMode::hybrid);
  using M = zila::JoinMethod;
  // Rows: token name, point in Bravo | token, point in Alpha | token, point 1.9 km west of Alpha |
  // token, point in Afghanistan | exact name, point in Bravo | two spellings of Gotham | token, no point.
  CHECK(r.district == zila::DistrictColumn{1, 0, 0, -1, 0, -1, -1, 0});
  CHECK(methods(r, data.events) == std::vector<M>{M::coordinates, M::token, M::token, M::unmatched, M::exact, M::unmatched, M::unmatched, M::token});
  CHECK(r.disagreement_rows == 2);
  CHECK(r.coordinates_won == 1);
  REQUIRE(r.disagreements.size() == 2);
  CHECK(r.disagreements[0].row == 1);
  CHECK(r.disagreements[0].by_name == "Alpha");
  CHECK(r.disagreements[0].by_coords == "Bravo");
  CHECK(r.disagreements[0].name_method == M::token);
  CHECK_FALSE(r.disagreements[0].name_used);
  CHECK(r.disagreements[0].distance_km == Approx(46.4).margin(0.5));  // 0.5° of longitude at 33.5°N
  CHECK(r.disagreements[1].row == 5);
  CHECK(r.disagreements[1].name_used);
  // The Afghan point is "outside the boundaries", never placed by its guessed name.
  const zila::UnmatchedName* outside = unmatched_entry(r, "Tangi, Alpha", zila::UnmatchedReason::outside);
  REQUIRE(outside != nullptr);
  CHECK(outside->rows == 1);
  CHECK(r.joined + r.unmatched + r.rejected == r.rows_read);
}

TEST_CASE("Join by name refuses a guessed name whose point lies in another district", "[join]") {
  Guessed data;
  const zila::JoinResult r = data.join(zila::JoinMode::name);
  CHECK(r.district == zila::DistrictColumn{-1, 0, 0, -1, 0, -1, -1, 0});
  CHECK(r.names_refused == 2);
  const zila::UnmatchedName* refused = unmatched_entry(r, "Tangi, Alpha", zila::UnmatchedReason::name_refused);
  REQUIRE(refused != nullptr);
  CHECK(refused->suggestions == std::vector<std::string>{"Alpha", "Bravo"});  // the name's, then the point's
  REQUIRE(r.disagreements.size() == 1);
  CHECK(r.disagreements[0].row == 1);
  CHECK(r.joined + r.unmatched + r.rejected == r.rows_read);
}

TEST_CASE("Unmatched names are grouped by normalised form with every spelling listed", "[join]") {
  Guessed data;
  const zila::JoinResult r = data.join(zila::JoinMode::hybrid);
  const zila::UnmatchedName* gotham = unmatched_entry(r, "GOTHAM", zila::UnmatchedReason::not_resolved);
  if (gotham == nullptr) gotham = unmatched_entry(r, "Gotham", zila::UnmatchedReason::not_resolved);
  REQUIRE(gotham != nullptr);
  CHECK(gotham->rows == 2);
  CHECK(gotham->spellings.size() == 2);
}

TEST_CASE("Strict matching leaves guessed names to the coordinates", "[join]") {
  Guessed data;
  zila::NameMatcher strict{data.boundaries.names, {}, zila::MatchLevel::strict};
  const zila::JoinResult r = zila::join_events(data.events, data.boundaries, strict, {zila::JoinMode::hybrid, 0});
  CHECK(r.district == zila::DistrictColumn{1, 0, -1, -1, 0, -1, -1, -1});
  CHECK(r.rows_by_method[static_cast<size_t>(zila::JoinMethod::token)] == 0);
}

TEST_CASE("Alias-table problems become problems of the run, a folder is refused as an alias table", "[join]") {
  zila::PipelineOptions o;
  o.boundaries.path = fixture("districts.geojson");
  o.events.path = fixture("events_guessed_names.csv");
  o.aliases_path = fixture("aliases_with_problems.csv");
  const zila::Dataset data = zila::run_pipeline(o);
  std::vector<std::string> alias_problems;
  for (const zila::Problem& p : data.problems.all()) {
    if (p.stage != zila::Stage::aliases) continue;
    CHECK(p.source == o.aliases_path);
    alias_problems.push_back(p.text());
  }
  REQUIRE(alias_problems.size() == 3);
  CHECK(alias_problems[0].find("alias 'Bravo' -> 'Alpha': 'Bravo' is itself a district") != std::string::npos);
  CHECK(alias_problems[1].find("'Alpha Town' is an alias itself") != std::string::npos);
  CHECK(alias_problems[2].find("'Atlantis' is not a district") != std::string::npos);
  o.aliases_path = ZILA_FIXTURES_DIR;
  CHECK_THROWS_WITH(zila::run_pipeline(o), Catch::Contains("it is a folder"));
}

TEST_CASE("Gazetteer places resolve to the district holding their points, a name in two districts to none", "[join]") {
  const zila::Boundaries boundaries = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  const zila::EventTable events = zila::load_events(events_at(fixture("events_gazetteer.csv")));
  const zila::NameMatcher matcher{boundaries.names, {}};
  size_t skipped = 0;
  const std::vector<zila::GazetteerPlace> gazetteer = zila::load_gazetteer(fixture("gazetteer.csv"), &skipped);
  CHECK(gazetteer.size() == 5);
  CHECK(skipped == 1);
  using M = zila::JoinMethod;
  const zila::JoinResult r = zila::join_events(events, boundaries, matcher, {zila::JoinMode::hybrid, 0}, gazetteer);
  // Tangi Village | TangiVillage | Twin Town (Alpha and Bravo) | Tangi Village at a point in Bravo |
  // Far Place (outside every district) | Alpha | Dera Ismeil Khan, a fuzzy match of the district
  // Dera Ismail Khan that yields to the gazetteer place of exactly that name.
  CHECK(matcher.match("Dera Ismeil Khan").method == zila::NameMatchMethod::fuzzy);
  CHECK(r.district == zila::DistrictColumn{0, 0, -1, 1, -1, 0, 0});
  CHECK(methods(r, events) == std::vector<M>{M::gazetteer, M::gazetteer, M::unmatched, M::coordinates, M::unmatched, M::exact, M::gazetteer});
  CHECK(r.rows_by_method[static_cast<size_t>(M::gazetteer)] == 3);
  CHECK(r.coordinates_won == 1);
  const zila::UnmatchedName* twin = unmatched_entry(r, "Twin Town", zila::UnmatchedReason::not_resolved);
  REQUIRE(twin != nullptr);
  CHECK(twin->suggestions == std::vector<std::string>{"Alpha", "Bravo"});
  // Strict matching uses no gazetteer.
  const zila::NameMatcher strict{boundaries.names, {}, zila::MatchLevel::strict};
  const zila::JoinResult s = zila::join_events(events, boundaries, strict, {zila::JoinMode::name, 0}, gazetteer);
  CHECK(s.rows_by_method[static_cast<size_t>(M::gazetteer)] == 0);
  CHECK_THROWS_WITH(zila::load_gazetteer(fixture("events_tricky.csv")), Catch::Contains("needs the columns name,lat,lon"));
}

namespace {

// `count` districts, squares of 0.001° in rows of 250 from 60°E 25°N, named D0, D1, ...; and a table of
// events at the centres of the given districts (-1: a point in no district), all on one day.
zila::Boundaries square_districts(int count) {
  zila::Boundaries b;
  for (int d = 0; d < count; ++d) {
    zila::test::add_square(b.lonlat, 60 + (d % 250) * 0.001, 25 + (d / 250) * 0.001, 0.001);
    b.names.push_back("D" + std::to_string(d));
  }
  return b;
}

zila::EventTable events_in(const std::vector<int32_t>& districts) {
  zila::EventTable t;
  for (const int32_t d : districts) {
    t.day.push_back(19000), t.category.push_back(zila::Category::incident), t.count.push_back(1), t.fatalities.push_back(0);
    t.place.push_back(zila::kNoPlace);
    t.lon.push_back(d < 0 ? 10.0 : 60 + (d % 250) * 0.001 + 0.0005);
    t.lat.push_back(d < 0 ? 10.0 : 25 + (d / 250) * 0.001 + 0.0005);
  }
  t.rows_read = districts.size();
  return t;
}

}  // namespace

TEST_CASE("Rows hold their districts in 16 bits up to 32767 districts and in 32 beyond, -1 where unmatched", "[join]") {
  for (const int count : {32767, 40000}) {
    INFO(count << " districts");
    const zila::Boundaries b = square_districts(count);
    std::vector<int32_t> expected{0, -1, 125, 32766, count - 1};
    if (count > 32767) expected.insert(expected.end(), {32767, 32768, -1, 39999});
    const zila::EventTable events = events_in(expected);
    const zila::NameMatcher matcher(b.names, {});
    const zila::JoinResult r = zila::join_events(events, b, matcher, {zila::JoinMode::coords, 0});
    CHECK(r.district.form() == (count > 32767 ? zila::DistrictColumn::Form::wide : zila::DistrictColumn::Form::narrow));
    CHECK(std::vector<int32_t>(r.district.begin(), r.district.end()) == expected);
    CHECK(r.unmatched == static_cast<uint64_t>(std::count(expected.begin(), expected.end(), -1)));
    // The cube counts each row in its district, the 32768th and beyond too.
    const zila::Cube cube = zila::build_cube(events, r.district, b.size(), zila::Bin::month);
    for (const int32_t d : expected) {
      if (d < 0) continue;
      const auto rows = std::count(expected.begin(), expected.end(), d);
      CHECK(cube.at(zila::Metric::events, 0, static_cast<size_t>(d)) == static_cast<double>(rows));
    }
  }
}

TEST_CASE("Rows all joined the same way hold no method a row, rows joined differently hold each one", "[join]") {
  const zila::Boundaries b = square_districts(4);
  const zila::NameMatcher matcher(b.names, {});
  using M = zila::JoinMethod;
  using Form = zila::MethodColumn::Form;
  const size_t n = 65536;  // several blocks of the join's parallel pass
  auto join = [&](const std::function<int32_t(size_t)>& district_of_row) {
    std::vector<int32_t> districts(n);
    for (size_t i = 0; i < n; ++i) districts[i] = district_of_row(i);
    const zila::EventTable events = events_in(districts);
    zila::JoinResult r = zila::join_events(events, b, matcher, {zila::JoinMode::coords, 0});
    size_t wrong = 0;  // every row's method: coordinates where joined, unmatched where not
    for (size_t i = 0; i < n; ++i) wrong += r.method_of(events, i) != (districts[i] >= 0 ? M::coordinates : M::unmatched);
    CHECK(wrong == 0);
    CHECK(r.row_methods.size() == n);
    return r.row_methods.form();
  };
  CHECK(join([](size_t i) { return static_cast<int32_t>(i % 4); }) == Form::uniform);
  CHECK(join([](size_t i) { return i < n / 2 ? -1 : 1; }) == Form::narrow);           // halves, each joined alike
  CHECK(join([](size_t i) { return i == 40000 ? -1 : 2; }) == Form::narrow);         // one row outside
  CHECK(join([](size_t i) { return i < 20000 || i % 7 == 0 ? -1 : 3; }) == Form::narrow);
}

TEST_CASE("Rows joined by their places' names hold no method a row, however each place was matched", "[join]") {
  const zila::Boundaries b = square_districts(4);
  const zila::NameMatcher matcher(b.names, {{"Second", "D1"}});
  const size_t n = 40000;
  std::vector<int32_t> districts(n);
  for (size_t i = 0; i < n; ++i) districts[i] = i % 3 ? 0 : 1;
  zila::EventTable events = events_in(districts);
  events.place_names = {"D0", "Second"};  // an exact name, an alias
  for (size_t i = 0; i < n; ++i) events.place.set(i, i % 3 ? 0 : 1);
  for (const zila::JoinMode mode : {zila::JoinMode::name, zila::JoinMode::hybrid}) {
    const zila::JoinResult r = zila::join_events(events, b, matcher, {mode, 0});
    CHECK(r.row_methods.form() == zila::MethodColumn::Form::uniform);
    size_t wrong = 0;
    for (size_t i = 0; i < n; ++i) wrong += r.method_of(events, i) != (i % 3 ? zila::JoinMethod::exact : zila::JoinMethod::alias);
    CHECK(wrong == 0);
    CHECK(std::vector<int32_t>(r.district.begin(), r.district.end()) == districts);
  }
  events.place.set(5, zila::kNoPlace);  // a row without a name: joined by its point, or not at all
  const zila::JoinResult r = zila::join_events(events, b, matcher, {zila::JoinMode::hybrid, 0});
  CHECK(r.row_methods.form() == zila::MethodColumn::Form::narrow);
  CHECK(r.method_of(events, 5) == zila::JoinMethod::coordinates);
  CHECK(r.method_of(events, 6) == zila::JoinMethod::alias);
  CHECK(r.method_of(events, 7) == zila::JoinMethod::exact);
}

namespace {

// A random table over the fixture's districts: firm names (exact, abbreviation), a guessed name
// (token), an unresolved name and rows without one; points inside, outside, in Alpha's hole,
// with lat/lon swapped, or none.
zila::EventTable random_rows(size_t n, uint32_t seed) {
  std::mt19937 random(seed);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(random); };
  zila::EventTable t;
  t.place_names = {"Alpha", "Bravo", "D.I. Khan", "Tangi, Alpha", "Gotham"};
  for (size_t i = 0; i < n; ++i) {
    t.day.push_back(19000 + static_cast<int32_t>(random() % 60)), t.category.push_back(zila::Category::incident);
    t.count.push_back(static_cast<uint32_t>(1 + random() % 3)), t.fatalities.push_back(0);
    const uint32_t place = static_cast<uint32_t>(random() % (t.place_names.size() + 1));
    t.place.push_back(place == t.place_names.size() ? zila::kNoPlace : place);
    double lon = uniform(69.5, 73.0), lat = uniform(32.5, 35.5);
    switch (random() % 8) {
      case 0: lon = lat = std::nan(""); break;
      case 1: std::swap(lon, lat); break;
      case 2: lon = uniform(70.41, 70.59), lat = uniform(33.41, 33.59); break;  // Alpha's hole
      default: break;
    }
    t.lon.push_back(lon), t.lat.push_back(lat);
  }
  t.rows_read = n;
  return t;
}

}  // namespace

// join_events takes the rows of a place that no point can move (a firm name, joined by name) past the
// per-row rules: the rows and every tally must be those of the rules applied to each row (RowExplainer).
TEST_CASE("The join's rows and tallies are its rules applied row by row, in every mode, on random tables", "[join]") {
  const zila::Boundaries boundaries = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  const zila::NameMatcher matcher{boundaries.names, {}};
  for (const uint32_t seed : {1u, 2u, 3u}) {
    const zila::EventTable events = random_rows(40000, seed);  // several of the join's blocks
    for (const zila::JoinMode mode : {zila::JoinMode::name, zila::JoinMode::coords, zila::JoinMode::hybrid}) {
      INFO("seed " << seed << ", join by " << zila::join_mode_name(mode));
      const zila::JoinOptions options{mode, 0};
      const zila::JoinResult r = zila::join_events(events, boundaries, matcher, options);
      const zila::RowExplainer explainer(events, boundaries, r, options);
      zila::JoinResult expected;
      size_t wrong_rows = 0;
      for (size_t i = 0; i < events.size(); ++i) {
        const zila::RowJoin row = explainer.explain(i);
        wrong_rows += row.district != r.district[i] || row.method != r.method_of(events, i);
        ++expected.rows_by_method[static_cast<size_t>(row.method)];
        (row.district >= 0 ? expected.joined : expected.unmatched) += 1;
        (row.district >= 0 ? expected.events_joined : expected.events_unmatched) += events.count[i];
        const bool has_point = !std::isnan(events.lon[i]);
        expected.points_swapped += row.swapped;
        expected.points_outside += has_point && row.by_coords < 0;
        // Hybrid: name and point in different districts; a name whose rows stay unmatched was refused.
        expected.disagreement_rows += mode == zila::JoinMode::hybrid && row.by_name >= 0 && row.by_coords >= 0 && row.by_coords != row.by_name;
        expected.names_refused += row.district < 0 && row.by_name >= 0;
      }
      CHECK(wrong_rows == 0);
      CHECK(r.rows_by_method == expected.rows_by_method);
      CHECK(r.joined == expected.joined);
      CHECK(r.unmatched == expected.unmatched);
      CHECK(r.events_joined == expected.events_joined);
      CHECK(r.events_unmatched == expected.events_unmatched);
      CHECK(r.points_swapped == expected.points_swapped);
      CHECK(r.points_outside == expected.points_outside);
      CHECK(r.disagreement_rows == expected.disagreement_rows);
      CHECK(r.names_refused == expected.names_refused);
      CHECK(r.joined + r.unmatched + r.rejected == r.rows_read);
    }
  }
}

TEST_CASE("Join by name: a firm name's rows stay in its district wherever their points lie, the points still counted", "[join]") {
  const zila::Boundaries boundaries = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  const zila::NameMatcher matcher{boundaries.names, {}};
  zila::EventTable t;
  t.place_names = {"Alpha"};
  // In Bravo, far outside, in Alpha's hole, lat/lon swapped (in Bravo), none.
  const std::vector<std::pair<double, double>> points{{71.5, 33.5}, {65, 20}, {70.5, 33.5}, {33.5, 71.5}, {std::nan(""), std::nan("")}};
  for (const auto& [lon, lat] : points) {
    t.day.push_back(19000), t.category.push_back(zila::Category::incident), t.count.push_back(1), t.fatalities.push_back(0);
    t.place.push_back(0), t.lon.push_back(lon), t.lat.push_back(lat);
  }
  t.rows_read = points.size();
  const zila::JoinResult r = zila::join_events(t, boundaries, matcher, {zila::JoinMode::name, 0});
  CHECK(r.district == zila::DistrictColumn{0, 0, 0, 0, 0});
  CHECK(methods(r, t) == std::vector<zila::JoinMethod>(points.size(), zila::JoinMethod::exact));
  CHECK(r.points_outside == 2);  // far outside, Alpha's hole
  CHECK(r.points_swapped == 1);
  CHECK(r.disagreement_rows == 0);
  CHECK(r.disagreements.empty());
}
