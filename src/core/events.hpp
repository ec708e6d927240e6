// Event records, columnar: one entry per accepted input row.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace zila {

enum class Category : uint8_t { incident = 0, operation = 1, other = 2 };
inline constexpr int kCategoryCount = 3;
const char* category_name(Category c);
Category parse_category(const std::string& text);  // "incident", "operation", "other"; throws zila::Error

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

struct EventTable {
  std::string source;
  EventColumns columns;
  uint64_t rows_read = 0;                // data rows seen in the file
  std::vector<int32_t> day;              // days since 1970-01-01
  std::vector<Category> category;
  std::vector<uint32_t> count;           // events the row stands for (1 for per-event rows)
  std::vector<float> fatalities;         // NaN when not given
  std::vector<uint32_t> place;           // index into place_names or kNoPlace
  std::vector<std::string> place_names;  // distinct raw place strings
  std::vector<double> lon, lat;          // NaN when not given
  std::vector<RejectedRow> rejected;
  std::vector<std::string> warnings;     // file-level notes (encoding fallback, swapped lat/lon, ...)

  size_t size() const { return day.size(); }
  // 1-based data row of accepted row `i`, derived from the rejected rows (in file order) rather than
  // stored: 8 bytes an event saved, and only rejected and disagreeing rows ever need it.
  uint64_t source_row(size_t i) const;
};

}  // namespace zila
