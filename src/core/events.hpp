// Event records, columnar: one entry per accepted input row.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"

namespace zila {

enum class Category : uint8_t { incident = 0, operation = 1, other = 2 };
inline constexpr int kCategoryCount = 3;
inline constexpr EnumTable<Category, kCategoryCount> kCategoryValueNames{
    {{Category::incident, "incident"}, {Category::operation, "operation"}, {Category::other, "other"}}};
constexpr const auto& enum_table(Category) { return kCategoryValueNames; }
inline const char* category_name(Category c) { return name_cstr(c); }
inline Category parse_category(const std::string& text) { return parse_enum<Category>(text, "category"); }

inline constexpr uint32_t kNoPlace = std::numeric_limits<uint32_t>::max();

struct RejectedRow {
  uint64_t row = 0;    // 1-based data row (header excluded) in the source file
  std::string reason;  // e.g. "bad date '31/02/2019' in column 'date'"
};

// Which input columns were used; empty = not present / not used.
struct EventColumns {
  std::string date, place, category, count, fatalities, lon, lat;
  std::vector<std::string> extra_places;  // fallbacks tried when `place` is empty (e.g. city, province)
};

// One file (or layer) the events came from. Several sources make one table: their rows are numbered on
// from the previous source's last row, so rows first_row + 1 .. first_row + rows_read are this source's.
struct EventSource {
  std::string path;
  std::string citation;   // a short citation shown instead of the file name on slides; empty when none is known
  EventColumns columns;
  Category default_category = Category::incident;
  uint64_t first_row = 0, rows_read = 0;
  size_t first_event = 0, events = 0;  // accepted rows [first_event, first_event + events)
};

struct EventTable {
  std::string source;                    // the path; several sources: their paths joined by " + "
  EventColumns columns;                  // the first source's columns (each source's: `sources`)
  uint64_t rows_read = 0;                // data rows seen in the file(s)
  std::vector<int32_t> day;              // days since 1970-01-01
  std::vector<Category> category;
  std::vector<uint32_t> count;           // events the row stands for (1 for per-event rows)
  std::vector<float> fatalities;         // NaN when not given
  std::vector<uint32_t> place;           // index into place_names or kNoPlace
  std::vector<std::string> place_names;  // distinct raw place strings
  std::vector<double> lon, lat;          // NaN when not given
  std::vector<RejectedRow> rejected;
  std::vector<std::string> warnings;     // file-level notes (encoding fallback, swapped lat/lon, ...)
  std::vector<EventSource> sources;      // one per file read, in reading order

  size_t size() const { return day.size(); }
  // Where table row `row` (1-based, as in RejectedRow) comes from: the source's index and its own row.
  std::pair<size_t, uint64_t> locate_row(uint64_t row) const;
  // "row 17" for one source, "pak_drone_strikes.csv row 17" for several: how a row is named to people.
  std::string row_label(uint64_t row) const;
  // Each source's citation (or else file name) with its row count, for a slide's source line.
  std::string source_names() const;
  // 1-based data row of accepted row `i`, derived from the rejected rows (in file order) rather than
  // stored: 8 bytes an event saved, and only rejected and disagreeing rows ever need it.
  uint64_t source_row(size_t i) const;
};

}  // namespace zila
