// Report outputs of the pipeline: the long CSV and the join report (JSON + a short human summary).
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "core/pipeline.hpp"

namespace zila {

// Header: district,period,events,incidents,operations,others,fatalities. One row per district x period,
// empty cells only with `include_zeros`.
void write_long_csv(std::ostream& out, const Dataset& data, bool include_zeros);

// Row accounting (joined + unmatched + rejected = rows read), per-method counts, unmatched names with
// counts and suggestions, rejected rows with reasons, warnings and boundary messages.
nlohmann::json join_report_json(const Dataset& data, const PipelineOptions& options);

// A few lines for a terminal: the accounting, the top unmatched names, the warnings.
// Also: the sheet, the columns used (and the runner-ups), the date range and precision mix.
std::string join_summary(const Dataset& data, size_t max_names = 10);

// Why a run placed no row in any district (every row rejected, or none matched), or "" when some row
// was joined and binned. `zila report` exits non-zero with it.
std::string nothing_joined_reason(const Dataset& data);

}  // namespace zila
