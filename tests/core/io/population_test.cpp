#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/error.hpp"
#include "core/io/population.hpp"

namespace {
std::string fixture(const char* name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }
}  // namespace

TEST_CASE("Population rows join by district name, every row is joined, unmatched or rejected") {
  const zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  const zila::NameMatcher matcher{b.names, {}};
  const zila::PopulationTable t = zila::load_population({fixture("population.csv"), "", "", ""}, b, matcher);

  CHECK(t.name_column == "District");
  CHECK(t.value_column == "Population 2023");
  CHECK(t.rows_read == 6);
  CHECK(t.joined + t.unmatched.size() + t.rejected.size() == t.rows_read);
  CHECK(t.joined == 3);
  REQUIRE(t.unmatched.size() == 1);
  CHECK(t.unmatched[0] == "Atlantis");
  REQUIRE(t.rejected.size() == 2);
  CHECK(t.rejected[0].row == 5);
  CHECK(t.rejected[0].reason == "no district name in column 'District'");
  CHECK(t.rejected[1].row == 6);
  CHECK(t.rejected[1].reason == "bad population 'unknown' in column 'Population 2023'");

  REQUIRE(b.names == std::vector<std::string>{"Alpha", "Bravo", "Dera Ismail Khan"});
  CHECK(t.population[0] == 1250000);   // spaced digit groups
  CHECK(t.population[1] == 500000);    // "Bravo District" and "Bravo" ("200,000") added up
  CHECK(std::isnan(t.population[2]));  // its only row was rejected: no figure, not zero
  CHECK(t.districts_without_figure() == 1);
  REQUIRE(t.summed.size() == 1);
  CHECK(t.summed[0] == "Bravo (2 rows)");
}

TEST_CASE("A population table without the needed columns is refused, naming the file and its columns") {
  const zila::Boundaries b = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  const zila::NameMatcher matcher{b.names, {}};
  CHECK_THROWS_WITH(zila::load_population({fixture("population.csv"), "", "", "Census"}, b, matcher),
                    Catch::Contains("population.csv") && Catch::Contains("District, Population 2023, Source"));
}
