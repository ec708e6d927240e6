// A population figure per district from a table GDAL reads (CSV, XLSX, ODS, GeoPackage, ...): a
// district-name column and a population column, joined by the same name rules as events, for rates
// per 100,000 people. Every row is accounted for: joined, unmatched (names listed) or rejected.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/events.hpp"
#include "core/join/name_match.hpp"

namespace zila {

struct PopulationOptions {
  std::string path;
  std::string layer;          // layer or sheet; empty: the first
  std::string name_column;    // empty: detected (district, name, admin2, ...)
  std::string value_column;   // empty: detected (population, pop, ...)
};

struct PopulationTable {
  std::string name_column, value_column;  // the columns used
  // Per district; NaN where no row gave a figure. Rows naming the same district are added up: newer
  // districts that lie inside an older boundary count towards it.
  std::vector<double> population;
  uint64_t rows_read = 0, joined = 0;
  std::vector<std::string> unmatched;       // names no district matched, in file order
  std::vector<RejectedRow> rejected;        // no name, or no usable number
  std::vector<std::string> summed;          // districts given by more than one row ("Kurram (2 rows)")
  size_t districts_without_figure() const;
};

// Throws zila::Error naming the file when it cannot be read or the columns cannot be found.
PopulationTable load_population(const PopulationOptions& options, const Boundaries& boundaries,
                                const NameMatcher& matcher);

}  // namespace zila
