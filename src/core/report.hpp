// Report outputs of the pipeline: the long CSV and the join report (JSON + a short human summary).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "core/pipeline.hpp"

namespace zila {

// Header: district,period,events,incidents,operations,others,fatalities. One row per district x period,
// empty cells only with `include_zeros`.
void write_long_csv(std::ostream& out, const Dataset& data, bool include_zeros);

// Row accounting (joined + unmatched + rejected = rows read), per-method counts, unmatched names with
// counts and suggestions, rejected rows with reasons, and every problem of the run (`problems`).
nlohmann::json join_report_json(const Dataset& data, const PipelineOptions& options);

// A few lines for a terminal: the accounting, the sheet, the columns used (and the runner-ups), the
// date range and precision mix, the top unmatched names, then problems_listing.
std::string join_summary(const Dataset& data, size_t max_names = 10);

// Why a run placed no row in any district (every row rejected, or none matched), or "" when some row
// was joined and binned. `zila report` exits non-zero with it.
std::string nothing_joined_reason(const Dataset& data);

// The problem report as the join report's "problems" array: {severity, stage, source, where, message}.
nlohmann::json problems_json(const ProblemReport& problems);
// "problems: <summary>" and the first `per_stage` problems of each stage (except `listed_elsewhere`),
// one a line, for a terminal.
std::string problems_listing(const ProblemReport& problems, size_t per_stage = 5,
                             std::optional<Stage> listed_elsewhere = std::nullopt);

}  // namespace zila
