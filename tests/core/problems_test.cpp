// The one problem report: every stage's problems reach the Dataset, the join report JSON and the
// terminal summary, each with its stage, file and place.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/pipeline.hpp"
#include "core/map/classify.hpp"
#include "core/problems.hpp"
#include "core/report.hpp"

namespace {

std::string fixture(const char* name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }

// Bad geometries, a bad alias table and an events file with file-level notes and rejected rows.
zila::PipelineOptions troubled_run() {
  zila::PipelineOptions o;
  o.boundaries.path = fixture("bad_geometries.geojson");
  o.events.path = fixture("events_tricky.csv");
  o.aliases_path = fixture("aliases_with_problems.csv");
  return o;
}

size_t count_of(const zila::Dataset& data, zila::Stage stage, zila::Severity severity) {
  size_t n = 0;
  for (const zila::Problem& p : data.problems.all()) n += p.stage == stage && p.severity == severity;
  return n;
}

}  // namespace

TEST_CASE("Problems of boundaries, aliases, events and the join all reach the Dataset, the JSON and the summary",
          "[problems]") {
  const zila::PipelineOptions o = troubled_run();
  const zila::Dataset data = zila::run_pipeline(o);
  const zila::ProblemReport& problems = data.problems;

  // Boundaries: each module's own list is carried over whole, naming file and feature.
  REQUIRE(!data.boundaries.problems.empty());
  CHECK(problems.count(zila::Stage::boundaries) == data.boundaries.problems.size());
  CHECK(count_of(data, zila::Stage::boundaries, zila::Severity::error) >= 6);  // rejected features
  bool figure_eight = false;
  for (const zila::Problem& p : problems.all()) {
    if (p.stage != zila::Stage::boundaries) continue;
    CHECK(p.source == o.boundaries.path);
    figure_eight |= p.where == "feature 9 ('Figure Eight')" && p.message.find("repaired with MakeValid") != std::string::npos;
  }
  CHECK(figure_eight);

  // Aliases: every problem of the table, the alias as the place (here 'Bravo' names no district either).
  CHECK(problems.count(zila::Stage::aliases) == 2);
  for (const zila::Problem& p : problems.all())
    if (p.stage == zila::Stage::aliases) CHECK(p.where.starts_with("alias '"));
  // Events: the reader's file notes and one problem per kind of rejected row, rows named.
  CHECK(problems.count(zila::Stage::events) >= data.events.warnings.size() + 1);
  REQUIRE(!data.events.warnings.empty());
  REQUIRE(!data.events.rejected.empty());
  CHECK(count_of(data, zila::Stage::events, zila::Severity::error) >= 1);
  // Join: one problem per unmatched name.
  CHECK(count_of(data, zila::Stage::join, zila::Severity::warning) >= data.join.unmatched_names.size());

  // The JSON holds them all, in order, with names from the enum tables.
  const nlohmann::json report = zila::join_report_json(data, o);
  REQUIRE(report["problems"].size() == problems.size());
  for (size_t i = 0; i < problems.size(); ++i) {
    const zila::Problem& p = problems.all()[i];
    CHECK(report["problems"][i]["stage"] == std::string(zila::name_of(p.stage)));
    CHECK(report["problems"][i]["severity"] == std::string(zila::name_of(p.severity)));
    CHECK(report["problems"][i]["where"] == p.where);
    CHECK(report["problems"][i]["message"] == p.message);
  }
  CHECK(report["problem_summary"] == problems.summary());

  // The terminal summary counts every stage and lists each problem of these small files.
  const std::string summary = zila::join_summary(data);
  CHECK_THAT(summary, Catch::Contains("problems: " + problems.summary()));
  for (const zila::Problem& p : problems.all()) {
    INFO(p.text());
    // The join's lines are its own ("unmatched 'Bravo': 1 row", "2 rows have coordinates outside ...").
    const bool unmatched_name = p.stage == zila::Stage::join && !p.where.empty();
    CHECK_THAT(summary, Catch::Contains(unmatched_name ? "unmatched " + p.where : p.stage == zila::Stage::join ? p.message : p.text()));
  }
}

TEST_CASE("rejoin renews the alias and join problems and keeps the loaders'", "[problems]") {
  zila::PipelineOptions o = troubled_run();
  zila::Dataset data = zila::run_pipeline(o);
  const size_t boundaries = data.problems.count(zila::Stage::boundaries), events = data.problems.count(zila::Stage::events);
  o.aliases_path.clear();
  zila::rejoin(data, o);
  CHECK(data.problems.count(zila::Stage::aliases) == 0);
  CHECK(data.problems.count(zila::Stage::boundaries) == boundaries);
  CHECK(data.problems.count(zila::Stage::events) == events);
  CHECK(data.problems.count(zila::Stage::join) >= data.join.unmatched_names.size());
}

TEST_CASE("A province file that cannot be read is an error problem when provinces are optional", "[problems]") {
  zila::PipelineOptions o = troubled_run();
  o.aliases_path.clear();
  o.parents_path = fixture("events_tricky.csv");  // no polygons
  CHECK_THROWS_AS(zila::run_pipeline(o), zila::Error);
  zila::PipelineHooks hooks;
  hooks.provinces_optional = true;
  const zila::Dataset data = zila::run_pipeline(o, hooks);
  REQUIRE(count_of(data, zila::Stage::provinces, zila::Severity::error) == 1);
  CHECK(data.provinces.size() == 0);
}

TEST_CASE("Problem text, summary counts and the transitional add_note", "[problems]") {
  zila::Dataset data;
  CHECK(data.problems.summary() == "no problems");
  data.problems.add(zila::Severity::error, zila::Stage::events, "a.csv", "row 7", "bad date '31/02/2019', rejected");
  data.add_note("something worth knowing");
  CHECK(data.problems.all()[0].text() == "a.csv row 7: bad date '31/02/2019', rejected");
  CHECK(data.problems.all()[1].text() == "something worth knowing");
  CHECK(data.problems.all()[1].stage == zila::Stage::other);
  CHECK(data.problems.summary() == "2 problems (1 error, 1 warning): events 1, other 1");
  data.problems.clear_stage(zila::Stage::events);
  CHECK(data.problems.size() == 1);
}

TEST_CASE("Enum name tables: names, accepted spellings, and errors listing the valid names", "[problems]") {
  CHECK(zila::name_of(zila::Stage::tessellation) == "tessellation");
  CHECK(zila::parse_enum<zila::Bin>("quarter", "bin") == zila::Bin::quarter);
  CHECK(zila::parse_join_mode("coordinates") == zila::JoinMode::coords);
  CHECK(std::string(zila::join_mode_name(zila::JoinMode::coords)) == "coords");
  CHECK(zila::parse_class_method("Jenks") == zila::ClassMethod::natural_breaks);
  CHECK(zila::enum_values<zila::JoinMode>().size() == 3);  // "coordinates" is a spelling, not a value
  CHECK_THROWS_WITH(zila::parse_enum<zila::Bin>("fortnight", "bin"),
                    "unknown bin 'fortnight' (day, week, month, quarter, year)");
  CHECK_THROWS_WITH(zila::parse_metric("deaths"), Catch::Contains("operations-minus-incidents"));
  // Every value of every table has a name, and names are unique.
  std::set<std::string_view> seen;
  for (zila::Stage s : zila::enum_values<zila::Stage>()) CHECK(seen.insert(zila::name_of(s)).second);
  CHECK(seen.size() == zila::kStageNames.size());
}
