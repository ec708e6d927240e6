// The one problem report: everything that did not stop a run but was dropped, repaired, guessed or
// left out, from every loader, the name matcher, the join, the spatial weights and the tessellation.
// Carried in `Dataset::problems`; printed by `zila report`, written into the join report JSON,
// listed in the window's problems panel and counted on slides.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/enum_names.hpp"

namespace zila {

// error: something was dropped (a feature or row rejected, a file not read); warning: something was
// repaired, guessed or left unmatched; info: worth knowing, nothing changed.
enum class Severity : uint8_t { info, warning, error };
inline constexpr EnumTable<Severity, 3> kSeverityNames{
    {{Severity::info, "info"}, {Severity::warning, "warning"}, {Severity::error, "error"}}};
constexpr const auto& enum_table(Severity) { return kSeverityNames; }

// Where in the run the problem arose. `other` is for notes not yet given a stage.
enum class Stage : uint8_t { boundaries, provinces, events, population, gazetteer, aliases, join, weights, tessellation, other };
inline constexpr EnumTable<Stage, 10> kStageNames{{{Stage::boundaries, "boundaries"},
                                                   {Stage::provinces, "provinces"},
                                                   {Stage::events, "events"},
                                                   {Stage::population, "population"},
                                                   {Stage::gazetteer, "gazetteer"},
                                                   {Stage::aliases, "aliases"},
                                                   {Stage::join, "join"},
                                                   {Stage::weights, "weights"},
                                                   {Stage::tessellation, "tessellation"},
                                                   {Stage::other, "other"}}};
constexpr const auto& enum_table(Stage) { return kStageNames; }

struct Problem {
  Severity severity = Severity::warning;
  Stage stage = Stage::other;
  std::string source;   // the file (or connection) it concerns; empty when none
  std::string where;    // "feature 3 ('Kurram')", "row 17", a name; empty for the whole file
  std::string message;  // what happened, e.g. "invalid geometry repaired with MakeValid"

  // "source where: message" (the parts that are given), as a line for people.
  std::string text() const;
  bool operator==(const Problem&) const = default;
};

class ProblemReport {
 public:
  void add(Problem problem) { problems_.push_back(std::move(problem)); }
  void add(Severity severity, Stage stage, std::string source, std::string where, std::string message) {
    problems_.push_back({severity, stage, std::move(source), std::move(where), std::move(message)});
  }
  void add_all(const std::vector<Problem>& problems) { problems_.insert(problems_.end(), problems.begin(), problems.end()); }
  // Drops the problems of one stage (before a stage runs again, e.g. the join on rejoin()).
  void clear_stage(Stage stage);

  const std::vector<Problem>& all() const { return problems_; }
  size_t size() const { return problems_.size(); }
  bool empty() const { return problems_.empty(); }
  size_t count(Stage stage) const;
  size_t count(Severity severity) const;
  // Problems of reading and joining the data (every stage but weights and tessellation, which only
  // the window or a renderer meets): what a slide counts, the same for the window's export and `zila render`.
  size_t data_problem_count() const;
  // "12 problems (2 errors, 10 warnings): boundaries 3, events 2, join 7" or "no problems".
  std::string summary() const;

 private:
  std::vector<Problem> problems_;
};

// Each problem as {"severity", "stage", "source", "where", "message"}: see core/report.cpp.

}  // namespace zila
