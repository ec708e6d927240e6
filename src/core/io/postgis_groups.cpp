// The groups into the cube (see postgis_groups.hpp).
#include "core/io/postgis_groups.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/io/event_rows.hpp"

namespace zila {
namespace {

// One group as a row of text fields for RowReader. A group the database placed in a district carries
// that district's inner point as its coordinates, so that join_events places it the same way.
class GroupRow final : public RowSource {
 public:
  GroupRow(const PGresult& result, int field_count, const FieldIndexes& at, int district_key, const DistrictPoints& points)
      : result_(result), field_count_(field_count), at_(at), district_key_(district_key), points_(points) {}
  int field_count() const override { return field_count_; }
  std::string_view raw(int field) const override {
    if (field < 0 || field >= field_count_) return {};
    if ((field == at_.lon || field == at_.lat) && district_key_ >= 0 && !PQgetisnull(&result_, 0, district_key_)) {
      const size_t district = std::stoul(PQgetvalue(&result_, 0, district_key_));
      return field == at_.lon ? points_.lon.at(district) : points_.lat.at(district);
    }
    if (PQgetisnull(&result_, 0, field)) return {};
    return {PQgetvalue(&result_, 0, field), static_cast<size_t>(PQgetlength(&result_, 0, field))};
  }

 private:
  const PGresult& result_;
  int field_count_;
  const FieldIndexes& at_;
  int district_key_;
  const DistrictPoints& points_;
};

// A sum the grouping query added up: nullopt when NULL (no row of the group had a mapped value).
std::optional<double> group_sum(const PGresult& result, int column) {
  if (column < 0 || PQgetisnull(&result, 0, column)) return std::nullopt;
  return std::strtod(PQgetvalue(&result, 0, column), nullptr);
}

uint64_t group_size(const std::string& source, const PGresult& result, int column) {
  const char* text = PQgetvalue(&result, 0, column);
  uint64_t n = 0;
  auto [end, error] = std::from_chars(text, text + PQgetlength(&result, 0, column), n);
  if (error != std::errc{} || n == 0) throw Error(fmt::format("{}: the database returned a bad group size '{}'", source, text));
  return n;
}

uint32_t as_count(const std::string& source, uint64_t value) {
  if (value > UINT32_MAX) {
    throw Error(fmt::format("{}: one group of rows (one place, date and category) stands for {} events, more than Zila counts per group",
                            source, value));
  }
  return static_cast<uint32_t>(value);
}

}  // namespace

GroupedEvents read_groups(const DatabaseConnection& db, const GroupQuery& query, const DistrictPoints& district_points,
                          EventTable table_columns, const PipelineOptions& options) {
  GroupedEvents groups{std::move(table_columns), {}, {}, 0};
  EventTable& table = groups.table;
  std::vector<uint64_t>& rows_of_entry = groups.rows_of_entry;
  std::vector<double>& fatalities_of_entry = groups.fatalities_of_entry;
  uint64_t& rows = groups.rows;
  EventOptions row_options = options.events;
  row_options.encoding.clear();  // the client encoding is UTF-8
  RowReader reader(row_options, table);
  std::vector<uint64_t> rows_of_rejected;  // rows each rejected entry stands for
  uint64_t entries = 0;
  db.stream(query.sql, query.parameters, "running the grouping query", [&](const PGresult& result) {
    const uint64_t n = group_size(db.source(), result, query.key_count);
    rows += n;
    const GroupRow row(result, query.key_count, query.at, query.district_key, district_points);
    std::optional<double> events_sum = group_sum(result, query.events_sum), fatalities_sum = group_sum(result, query.fatalities_sum);
    // Reads the group as one entry standing for `weight` rows; true when accepted. The sums the
    // database added up go to the first entry read (the others of a group stand for one row each).
    auto read_entry = [&](uint64_t weight) {
      const size_t accepted = table.size(), rejected = table.rejected.size();
      table.rows_read = ++entries;
      reader.read(row, query.at, entries);
      if (table.size() > accepted) {
        rows_of_entry.push_back(weight);
        const double fatalities = table.fatalities.back();
        fatalities_of_entry.push_back(std::isnan(fatalities) ? fatalities
                                      : fatalities_sum     ? *fatalities_sum
                                                           : static_cast<double>(weight) * static_cast<double>(fatalities));
        table.count.back() = as_count(db.source(), events_sum ? static_cast<uint64_t>(*events_sum) : uint64_t{table.count.back()} * weight);
        if (events_sum) events_sum = 0.0;
        if (fatalities_sum) fatalities_sum = 0.0;
        return true;
      }
      if (table.rejected.size() > rejected) rows_of_rejected.push_back(weight);
      return false;
    };
    // join_events counts points outside or placed after swapping per entry: a group with a point the
    // database did not place (a border, outside, unreadable) becomes one entry per row.
    // The report moves rows the bin cannot count to the rejected ones entry by entry (core/report.cpp):
    // a group of such rows becomes one entry per row (the sums stay with the first).
    auto split_unbinnable = [&] {
      if (n == 1 || bin_fits_precision(options.bin, table.date_precision(table.size() - 1))) return;
      rows_of_entry.back() = 1;
      if (!group_sum(result, query.events_sum)) table.count.back() = as_count(db.source(), table.count.back() / n);
      if (!group_sum(result, query.fatalities_sum)) fatalities_of_entry.back() /= static_cast<double>(n);
      for (uint64_t copy = 1; copy < n; ++copy) read_entry(1);
    };
    const bool zila_locates = query.district_key >= 0 && PQgetisnull(&result, 0, query.district_key);
    if (!zila_locates || n == 1) {
      if (read_entry(n)) split_unbinnable();
      return;
    }
    const size_t rejected_before = table.rejected.size();
    if (read_entry(1)) {
      if (!std::isnan(table.lon.back())) {
        for (uint64_t copy = 1; copy < n; ++copy) read_entry(1);
        return;
      }
      rows_of_entry.back() = n;  // no point after all: one entry for the whole group
      if (!group_sum(result, query.events_sum)) table.count.back() = as_count(db.source(), uint64_t{table.count.back()} * n);
      if (!group_sum(result, query.fatalities_sum)) fatalities_of_entry.back() *= static_cast<double>(n);
      split_unbinnable();
    } else if (table.rejected.size() > rejected_before) {
      rows_of_rejected.back() = n;
    }
  });
  reader.finish();
  // RowReader::finish drops the empty rows read last as a workbook's formatted rows; a table has none:
  // its empty rows (one group, read last when the first of them comes after every other group's) stay rejected.
  for (size_t g = table.rejected.size(); g < rows_of_rejected.size(); ++g) table.rejected.push_back({0, std::string(kBlankRowReason)});
  table.blank_rows = 0;
  if (!table.warnings.empty()) {
    table.warnings.insert(table.warnings.begin(), fmt::format("the database grouped {} rows into {} groups of equal values; "
                                                              "the counts in the notes below are of groups", rows, entries));
  }
  // One rejected entry per group, standing for its rows; row 0, as the database has no row numbers (the
  // reader numbered the groups).
  for (size_t g = 0; g < table.rejected.size(); ++g) table.rejected[g].row = 0, table.rejected[g].rows = rows_of_rejected[g];

  return groups;
}

void join_groups(Dataset& data, GroupedEvents groups, const PipelineOptions& options, const NameMatcher& matcher,
                 const std::string& source) {
  EventTable& table = groups.table;
  const std::vector<uint64_t>& rows_of_entry = groups.rows_of_entry;
  const std::vector<double>& fatalities_of_entry = groups.fatalities_of_entry;
  const uint64_t rows = groups.rows;
  // its event totals the row totals, then with the real counts. Names are matched once per distinct place.
  const auto event_counts = table.count;
  for (size_t i = 0; i < table.size(); ++i) table.count[i] = as_count(source, rows_of_entry[i]);
  // What join_events checks its accounting against: an entry per accepted group, the rejected rows.
  table.rows_read = table.size();
  for (const RejectedRow& r : table.rejected) table.rows_read += r.rows;
  const JoinResult by_rows = join_events(table, data.boundaries, matcher, options.join, data.gazetteer);
  table.count = event_counts;
  JoinResult join = join_events(table, data.boundaries, matcher, options.join, data.gazetteer);
  table.rows_read = rows;
  join.rows_read = rows;
  join.joined = by_rows.events_joined;
  join.unmatched = by_rows.events_unmatched;
  join.rows_by_method.fill(0);
  for (size_t i = 0; i < table.size(); ++i) join.rows_by_method[static_cast<size_t>(join.method_of(table, i))] += rows_of_entry[i];
  for (size_t k = 0; k < join.unmatched_names.size(); ++k) {
    if (by_rows.unmatched_names[k].name != join.unmatched_names[k].name) throw Error("internal error: unmatched names out of step");
    join.unmatched_names[k].rows = by_rows.unmatched_names[k].events;
  }
  // join_events orders an unmatched name's spellings by its entries; the file's order is by rows (ties:
  // the first seen, as the groups come in the order of their first row).
  std::vector<uint64_t> rows_of_place(table.place_names.size(), 0);
  for (size_t i = 0; i < table.size(); ++i) {
    if (join.district[i] < 0 && table.place[i] != kNoPlace) rows_of_place[table.place[i]] += rows_of_entry[i];
  }
  std::unordered_map<std::string, uint32_t> place_id;
  for (uint32_t p = 0; p < table.place_names.size(); ++p) place_id.emplace(table.place_names[p], p);
  for (UnmatchedName& name : join.unmatched_names) {
    if (name.spellings.size() < 2) continue;
    std::sort(name.spellings.begin(), name.spellings.end(), [&](const std::string& a, const std::string& b) {
      const uint32_t pa = place_id.at(a), pb = place_id.at(b);
      return rows_of_place[pa] != rows_of_place[pb] ? rows_of_place[pa] > rows_of_place[pb] : pa < pb;
    });
    name.name = name.spellings.front();
  }
  std::sort(join.unmatched_names.begin(), join.unmatched_names.end(),
            [](const UnmatchedName& a, const UnmatchedName& b) { return a.rows != b.rows ? a.rows > b.rows : a.name < b.name; });
  if (join.joined + join.unmatched + join.rejected != rows) {
    throw Error(fmt::format("{}: internal accounting error: {} joined + {} unmatched + {} rejected != {} rows", source,
                            join.joined, join.unmatched, join.rejected, rows));
  }

  // Counts are exact from the weighted entries; fatalities are the rows' values (floats, as a file's
  // rows are read) added in double, by the database where it had the values mapped.
  Cube cube = build_cube(table, join.district, data.boundaries.size(), options.bin);
  auto& fatalities = cube.values[static_cast<size_t>(Metric::fatalities)];
  std::fill(fatalities.begin(), fatalities.end(), 0.0);
  for (size_t i = 0; i < table.size(); ++i) {
    // As build_cube counts: rows whose date is coarser than the bin are left out.
    if (join.district[i] < 0 || std::isnan(fatalities_of_entry[i]) || !bin_fits_precision(options.bin, table.date_precision(i))) continue;
    const size_t period = static_cast<size_t>(std::upper_bound(cube.period_starts.begin(), cube.period_starts.end(), table.day[i]) -
                                              cube.period_starts.begin() - 1);
    fatalities[period * cube.district_count + static_cast<size_t>(join.district[i])] += fatalities_of_entry[i];
  }
  data.events = std::move(table);
  data.join = std::move(join);
  data.cube = std::move(cube);
}

}  // namespace zila
