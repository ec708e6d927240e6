#include "core/problems.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace zila {

std::string Problem::text() const {
  std::string place = source;
  if (!where.empty()) place += (place.empty() ? "" : " ") + where;
  return place.empty() ? message : place + ": " + message;
}

void ProblemReport::clear_stage(Stage stage) {
  std::erase_if(problems_, [stage](const Problem& p) { return p.stage == stage; });
}

size_t ProblemReport::count(Stage stage) const {
  return static_cast<size_t>(std::count_if(problems_.begin(), problems_.end(), [stage](const Problem& p) { return p.stage == stage; }));
}

size_t ProblemReport::count(Severity severity) const {
  return static_cast<size_t>(
      std::count_if(problems_.begin(), problems_.end(), [severity](const Problem& p) { return p.severity == severity; }));
}

size_t ProblemReport::data_problem_count() const {
  return problems_.size() - count(Stage::weights) - count(Stage::tessellation);
}

std::string ProblemReport::summary() const {
  if (problems_.empty()) return "no problems";
  std::string severities, stages;
  for (Severity s : {Severity::error, Severity::warning, Severity::info}) {
    if (size_t n = count(s)) severities += fmt::format("{}{} {}{}", severities.empty() ? "" : ", ", n, name_of(s), n == 1 ? "" : "s");
  }
  for (Stage stage : enum_values<Stage>()) {
    if (size_t n = count(stage)) stages += fmt::format("{}{} {}", stages.empty() ? "" : ", ", name_of(stage), n);
  }
  return fmt::format("{} problem{} ({}): {}", problems_.size(), problems_.size() == 1 ? "" : "s", severities, stages);
}

}  // namespace zila
