#include "core/io/population.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/io/table_source.hpp"
#include "core/text.hpp"

namespace zila {

namespace {

// "population", "pop", or the first column whose name holds "population" ("Population 2023").
std::string population_field(const std::vector<std::string>& fields) {
  std::string found = find_field(fields, {"population", "pop", "total_population", "pop_total"});
  for (size_t i = 0; found.empty() && i < fields.size(); ++i) {
    const std::string lower = ascii_lower(fields[i]);
    if (lower.find("population") != std::string::npos) found = fields[i];
  }
  return found;
}

}  // namespace

size_t PopulationTable::districts_without_figure() const {
  size_t n = 0;
  for (double p : population) n += std::isnan(p);
  return n;
}

PopulationTable load_population(const PopulationOptions& options, const Boundaries& boundaries,
                                const NameMatcher& matcher) {
  TableSource table = TableSource::open(options.path, {}, "population table");
  TableLayer& layer = table.layer(options.layer);
  const std::vector<std::string> fields = layer.field_names();
  PopulationTable out;
  out.name_column = options.name_column.empty()
                        ? find_field(fields, {"district", "district_name", "name", "admin2", "adm2_en", "shapename", "name_2"})
                        : find_field(fields, {options.name_column});
  out.value_column = options.value_column.empty() ? population_field(fields) : find_field(fields, {options.value_column});
  if (out.name_column.empty() || out.value_column.empty()) {
    throw Error(fmt::format("{}: a population table needs a district-name column and a population column "
                            "(--population-district-column, --population-column); it has: {}",
                            options.path, fmt::join(fields, ", ")));
  }

  out.population.assign(boundaries.size(), 0.0);
  std::vector<uint32_t> rows_per_district(boundaries.size(), 0);
  const int name_index = layer.field_index(out.name_column), value_index = layer.field_index(out.value_column);
  layer.rewind();
  while (const TableRow* table_row = layer.next()) {
    const uint64_t row = ++out.rows_read;
    const std::string name(trim(to_utf8(table_row->text(name_index), "")));
    const std::string value_text(trim(to_utf8(table_row->text(value_index), "")));
    if (name.empty()) {
      out.rejected.push_back({row, fmt::format("no district name in column '{}'", out.name_column)});
      continue;
    }
    const std::optional<double> value = parse_number(value_text);
    if (!value || *value < 0 || !std::isfinite(*value)) {
      out.rejected.push_back({row, fmt::format("bad population '{}' in column '{}'", value_text, out.value_column)});
      continue;
    }
    const int32_t district = matcher.match(name).district;
    if (district < 0) {
      out.unmatched.push_back(name);
      continue;
    }
    out.population[static_cast<size_t>(district)] += *value;
    ++rows_per_district[static_cast<size_t>(district)];
    ++out.joined;
  }
  for (size_t d = 0; d < rows_per_district.size(); ++d) {
    if (rows_per_district[d] == 0) out.population[d] = std::numeric_limits<double>::quiet_NaN();
    if (rows_per_district[d] > 1) out.summed.push_back(fmt::format("{} ({} rows)", boundaries.names[d], rows_per_district[d]));
  }
  return out;
}

}  // namespace zila
