// Choosing an event table's columns by name and by content (event_columns.cpp): choose_event_columns,
// which the loader, the sheet chooser (event_layer_choice.*), the preview and the database source call,
// and the content scores the sheet chooser reuses.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/events.hpp"
#include "core/io/event_options.hpp"

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

// The columns the loader uses among `fields` (also a database source's): the user's choices, which must
// exist, or the first common name present. Throws zila::Error naming `source` without a date column or a
// place (name or coordinates). state_actor_column: ACLED's inter1, which makes some categories operations.
EventColumns choose_event_columns(const std::vector<std::string>& fields, const EventOptions& options,
                                  const std::string& source);
// The same, ranking candidate columns by the first rows' values (`sample[field]`: non-empty UTF-8 text)
// as load_events does (a database source, so that a table gives the columns its file gives). `notes`
// gets the runner-ups.
EventColumns choose_event_columns(const std::vector<std::string>& fields, const EventOptions& options,
                                  const std::string& source, const std::vector<std::vector<std::string>>& sample,
                                  std::vector<std::string>& notes);
// How the date columns are named in messages: "event_date", or "iyear/imonth/iday" for a date in parts.
std::string date_columns_label(const EventColumns& columns);
std::string state_actor_column(const std::vector<std::string>& fields);

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
