// Several event tables in one run: the real pair of the default demo (suicide attacks as incidents,
// drone strikes as operations). Each table alone is the reference: the pair must add up to exactly the
// two runs, cell by cell, with each file's own row accounting kept.
#include <catch2/catch.hpp>

#include "core/pipeline.hpp"
#include "core/report.hpp"

namespace {

const std::string kShared = ZILA_SHARED_DIR;
const std::string kSuicide = kShared + "/events/real/pak_suicide_attacks_v11_2017-11-30.csv";
const std::string kDrones = kShared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";

zila::PipelineOptions options_for(const std::vector<std::string>& paths_with_category) {
  zila::PipelineOptions o;
  o.boundaries.path = kShared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.aliases_path = std::string(ZILA_GEODATA_DIR) + "/aliases.csv";
  o.bin = zila::Bin::year;
  o.events = zila::with_category_suffix(o.events, paths_with_category.front());
  for (size_t i = 1; i < paths_with_category.size(); ++i)
    o.more_events.push_back(zila::with_category_suffix(zila::EventOptions{}, paths_with_category[i]));
  return o;
}

double cell_sum(const zila::Dataset& data, zila::Metric metric, const std::string& district, int year) {
  for (size_t d = 0; d < data.boundaries.size(); ++d) {
    if (data.boundaries.names[d] != district) continue;
    for (size_t p = 0; p < data.cube.period_count(); ++p) {
      if (zila::period_label(data.cube.bin, data.cube.period_starts[p]) == std::to_string(year)) return data.cube.at(metric, p, d);
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("A category suffix names the rows' category, other colons stay in the path", "[events]") {
  zila::EventOptions base;
  CHECK(zila::with_category_suffix(base, "a.csv:operation").path == "a.csv");
  CHECK(zila::with_category_suffix(base, "a.csv:operation").default_category == zila::Category::operation);
  CHECK(zila::with_category_suffix(base, "PG:dbname=events").path == "PG:dbname=events");
  CHECK(zila::with_category_suffix(base, "C:/data/a.csv").path == "C:/data/a.csv");
  CHECK(zila::with_category_suffix(base, "C:/data/a.csv").default_category == zila::Category::incident);
}

TEST_CASE("Suicide attacks and drone strikes together equal the two runs alone, cell by cell", "[real][events]") {
  const zila::Dataset attacks = zila::run_pipeline(options_for({kSuicide + ":incident"}));
  const zila::Dataset strikes = zila::run_pipeline(options_for({kDrones + ":operation"}));
  const zila::Dataset both = zila::run_pipeline(options_for({kSuicide + ":incident", kDrones + ":operation"}));

  REQUIRE(both.events.sources.size() == 2);
  CHECK(both.events.rows_read == attacks.events.rows_read + strikes.events.rows_read);
  CHECK(both.join.rows_read == 496 + 414);
  CHECK(both.join.joined == attacks.join.joined + strikes.join.joined);
  CHECK(both.join.unmatched == attacks.join.unmatched + strikes.join.unmatched);
  CHECK(both.join.rejected == attacks.join.rejected + strikes.join.rejected);

  // Every district x year x metric of the pair is the sum of the two runs.
  for (const zila::Dataset* one : {&attacks, &strikes}) REQUIRE(one->boundaries.names == both.boundaries.names);
  size_t nonzero_cells = 0;
  for (const std::string& district : both.boundaries.names) {
    for (int year = 1995; year <= 2018; ++year) {
      for (zila::Metric metric : {zila::Metric::events, zila::Metric::incidents, zila::Metric::operations, zila::Metric::fatalities}) {
        const double expected = cell_sum(attacks, metric, district, year) + cell_sum(strikes, metric, district, year);
        REQUIRE(cell_sum(both, metric, district, year) == Approx(expected));
        nonzero_cells += expected > 0;
      }
    }
  }
  CHECK(nonzero_cells > 100);
  // Incidents come from the attacks file only and operations from the strikes file only.
  CHECK(cell_sum(both, zila::Metric::operations, "North Waziristan", 2010) == cell_sum(strikes, zila::Metric::events, "North Waziristan", 2010));
  CHECK(cell_sum(both, zila::Metric::operations, "North Waziristan", 2010) > 50);
  CHECK(cell_sum(both, zila::Metric::incidents, "Peshawar", 2009) == cell_sum(attacks, zila::Metric::events, "Peshawar", 2009));
  CHECK(cell_sum(both, zila::Metric::incidents, "Peshawar", 2009) > 5);

  // Rows are numbered on across the files; the report names each row's own file and row.
  const zila::EventSource& second = both.events.sources[1];
  CHECK(second.first_row == 496);
  CHECK(both.events.locate_row(497) == std::pair<size_t, uint64_t>{1, 1});
  CHECK(both.events.locate_row(496) == std::pair<size_t, uint64_t>{0, 496});
  CHECK(both.events.row_label(500) == "pak_drone_strikes_newamerica_2004-2018.csv row 4");

  const nlohmann::json report = zila::join_report_json(both, options_for({kSuicide + ":incident", kDrones + ":operation"}));
  REQUIRE(report["sources"].size() == 2);
  for (size_t s = 0; s < 2; ++s) {
    const nlohmann::json& source = report["sources"][s];
    const zila::Dataset& alone = s == 0 ? attacks : strikes;
    CHECK(source["rows_read"] == alone.join.rows_read);
    CHECK(source["joined"] == alone.join.joined);
    CHECK(source["unmatched"] == alone.join.unmatched);
    CHECK(source["rejected"] == alone.join.rejected);
  }
  CHECK(report["sources"][1]["default_category"] == "operation");
  CHECK(report["accounted"] == true);
}
