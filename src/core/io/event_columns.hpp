// Choosing an event table's columns by name and by content, internal to the event loader: the
// content scores the sheet chooser (event_layer_choice.*) reuses. choose_event_columns itself, which
// the database source also calls, is declared in event_rows.hpp and defined in event_columns.cpp.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/io/event_loader.hpp"

namespace zila {

// Rows read to rank candidate columns (and sheets) by their content.
inline constexpr size_t kSampleRows = 1000;

// The first kSampleRows rows' non-empty values per field, as UTF-8 text.
using ColumnSample = std::vector<std::vector<std::string>>;

// A candidate column and its content score (0..1); the best is chosen, the next named as runner-up.
struct Ranked {
  std::string field;
  double score = 0;
  std::string why;  // "62% of 40 names are districts"
};

// The sampled values of `field` (nullptr without a sample or for a field not among `fields`).
const std::vector<std::string>* values_of(const std::vector<std::string>& fields, const ColumnSample* sample,
                                          const std::string& field);
// Share of `values` that read as numbers (0 when there are none).
double share_numeric(const std::vector<std::string>& values);
// Date columns by the share of sampled values that read as dates (known to the day counting whole).
Ranked rank_date(const std::string& field, const std::vector<std::string>* values);
// Place columns by the share of their distinct values that resolve to districts; numeric codes never
// (score -1).
Ranked rank_place(const std::string& field, const std::vector<std::string>* values, const EventOptions& options);

}  // namespace zila
