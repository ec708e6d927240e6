// Left column, below the data files: the join panel (row accounting, unmatched names with one-click
// aliases, rows whose name and point disagree, rows near misplaced seats, the problem report).
#include <algorithm>
#include <fmt/core.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/join/row_audit.hpp"
#include "ui/shell/panel_data_parts.hpp"

namespace zila::ui::data_panel {
namespace {

// Every problem of the run (core/problems.hpp), filterable by stage; errors in red.
void problems_section(AppState& s, const ProblemReport& problems) {
  if (problems.empty() || !ImGui::TreeNode("problems", "Problems (%zu)", problems.size())) return;
  ImGui::TextColored(kMutedColor, "%s", problems.summary().c_str());
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  const char* shown = s.problem_stage ? name_cstr(*s.problem_stage) : "all stages";
  if (ImGui::BeginCombo("Stage", shown)) {
    if (ImGui::Selectable("all stages", !s.problem_stage)) s.problem_stage.reset();
    for (Stage stage : enum_values<Stage>()) {
      if (!problems.count(stage)) continue;
      const std::string item = fmt::format("{} ({})", name_of(stage), problems.count(stage));
      if (ImGui::Selectable(item.c_str(), s.problem_stage == stage)) s.problem_stage = stage;
    }
    ImGui::EndCombo();
  }
  for (const Problem& p : problems.all()) {
    if (s.problem_stage && p.stage != *s.problem_stage) continue;
    const std::string line = fmt::format("[{}] {}", name_of(p.stage), p.text());
    const ImVec4 color = p.severity == Severity::error  ? kErrorColor
                         : p.severity == Severity::info ? kMutedColor
                                                        : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::TreePop();
}

// One unmatched name: counts, suggested districts as one-click aliases, and "Other..." for any district.
void unmatched_row(AppState& s, const UnmatchedName& u, const std::vector<std::string>& districts) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::PushID(u.name.c_str());
  ImGui::PushID(static_cast<int>(u.reason));
  // The rows behind the name, in a popup (worked out only while it is open).
  if (ImGui::SmallButton("rows")) ImGui::OpenPopup("name_rows");
  if (ImGui::BeginPopup("name_rows")) {
    const Dataset& d = *s.data();
    ImGui::Text("Rows behind '%s' (%s)", u.name.c_str(), unmatched_reason_text(u.reason));
    const RowExplainer explainer(d.events, d.boundaries, d.join, s.options.join);
    rows_table(s, rows_of_unmatched_name(d.events, explainer, d.join, u), "unmatched_rows", "unmatched " + u.name);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  ImGui::TextUnformatted(u.name.empty() ? "(no place)" : u.name.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%llu", static_cast<unsigned long long>(u.events));
  ImGui::TableNextColumn();
  ImGui::PopID();
  if (u.name.empty() || u.spellings.empty()) {
    ImGui::TextDisabled("needs a place or coordinates");
    ImGui::PopID();
    return;
  }
  auto accept = [&](const std::string& district) {
    s.options.extra_aliases.push_back({u.name, district});
    s.requests.rejoin = true;
  };
  // A province-level name ("FATA", "KP") spans many districts: an alias would send all its rows to one.
  const bool region = is_region_level_name(u.name);
  if (region) {
    ImGui::TextColored(kErrorColor, "province-level name");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("'%s' names a province or region of many districts: an alias sends every row naming it to "
                        "one district. Prefer the rows' coordinates (--join hybrid).", u.name.c_str());
  }
  for (size_t i = 0; i < u.suggestions.size() && i < 3; ++i) {
    if (i > 0) ImGui::SameLine();
    if (ImGui::SmallButton(u.suggestions[i].c_str())) accept(u.suggestions[i]);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(region ? "Treat '%s' as %s (warning: a province-level name; all of its rows go there)" : "Treat '%s' as %s",
                        u.name.c_str(), u.suggestions[i].c_str());
  }
  if (!u.suggestions.empty()) ImGui::SameLine();
  if (ImGui::SmallButton("Other...")) ImGui::OpenPopup("assign");
  if (ImGui::BeginPopup("assign")) {
    ImGui::Text("'%s' is the district:", u.name.c_str());
    std::string& filter = s.alias_filter;
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##filter", "type a district", &filter);
    ImGui::BeginChild("districts", ImVec2(260, 220));
    const std::string want = normalise_place_name(filter);
    for (const auto& d : districts) {
      if (!want.empty() && normalise_place_name(d).find(want) == std::string::npos) continue;
      if (ImGui::Selectable(d.c_str())) {
        accept(d);
        filter.clear();
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::EndChild();
    ImGui::EndPopup();
  }
  ImGui::PopID();
}

// The accepted rows of listed table rows (Disagreement::row, NearSeat::row).
template <typename Listed>
std::vector<size_t> rows_of(const EventTable& events, const std::vector<Listed>& listed) {
  std::vector<size_t> rows;
  for (const Listed& l : listed)
    if (const int64_t i = event_of_row(events, l.row); i >= 0) rows.push_back(static_cast<size_t>(i));
  return rows;
}

// Every row whose name and point disagree: both districts, the distance, which one placed the row.
void disagreement_list(AppState& s, const Dataset& d) {
  const JoinResult& j = d.join;
  if (j.disagreements.empty()) return;
  if (!ImGui::TreeNode("disagreements", "%zu rows: name and coordinates disagree", j.disagreements.size())) return;
  if (ImGui::BeginTable("disagree", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                        ImVec2(0, std::min(200.0f, ImGui::GetTextLineHeightWithSpacing() *
                                                       (static_cast<float>(j.disagreements.size()) + 1.5f))))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Row", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Place", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Name / point", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Used", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(j.disagreements.size()));
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const JoinResult::Disagreement& g = j.disagreements[static_cast<size_t>(r)];
        const std::string label = d.events.row_label(g.row);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(label.c_str() + (label.rfind("row ", 0) == 0 ? 4 : 0));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(g.place.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s / %s, %.1f km", g.by_name.c_str(), g.by_coords.empty() ? "none" : g.by_coords.c_str(), g.distance_km);
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s, '%s': by name %s (%s); the point lies in %s, %.1f km from %s", label.c_str(), g.place.c_str(),
                            g.by_name.c_str(), join_method_name(g.name_method), g.by_coords.empty() ? "no district" : g.by_coords.c_str(),
                            g.distance_km, g.by_name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(g.name_used ? "name" : g.by_coords.empty() ? "neither" : "point");
      }
    }
    ImGui::EndTable();
  }
  if (ImGui::TreeNode("disagreement_rows", "Their rows")) {
    rows_table(s, rows_of(d.events, j.disagreements), "disagreement_rows", "disagreements");
    ImGui::TreePop();
  }
  ImGui::TreePop();
}

// Rows placed by their points near a district seat the boundary file puts in another district.
void near_seat_list(AppState& s, const Dataset& d) {
  const JoinResult& j = d.join;
  if (j.near_seat_rows == 0) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  const bool open = ImGui::TreeNode("near_seats", "%llu rows near a misplaced district seat",
                                    static_cast<unsigned long long>(j.near_seat_rows));
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Joined by coordinates within %.0f km of a seat (Bannu, Hangu, ...) that the boundary file puts "
                      "in a neighbouring district: they may belong to the seat's district. The hybrid join keeps a "
                      "row's firm name there.", s.options.join.seat_check_km);
  if (!open) return;
  for (const MisplacedSeat& seat : j.misplaced_seats)
    ImGui::TextWrapped("%s", describe_misplaced_seat(seat, d.boundaries).c_str());
  rows_table(s, rows_of(d.events, j.near_seats), "near_seat_rows", "near misplaced seats");
  ImGui::TreePop();
}

}  // namespace

void join_section(AppState& s) {
  const Dataset* d = s.data();
  if (!d) {
    ImGui::TextDisabled("No data loaded.");
    return;
  }
  const JoinResult& j = d->join;
  if (ImGui::BeginTable("accounting", 2, ImGuiTableFlags_SizingStretchProp)) {
    auto row = [](const char* what, uint64_t n, const ImVec4* color = nullptr) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(what);
      ImGui::TableNextColumn();
      if (color)
        ImGui::TextColored(*color, "%llu", static_cast<unsigned long long>(n));
      else
        ImGui::Text("%llu", static_cast<unsigned long long>(n));
    };
    row("Rows read", j.rows_read);
    row("Joined to a district", j.joined);
    row("Unmatched", j.unmatched, j.unmatched ? &kErrorColor : nullptr);
    row("Rejected (bad rows)", j.rejected, j.rejected ? &kErrorColor : nullptr);
    row("Events joined", j.events_joined);
    row("Events unmatched", j.events_unmatched, j.events_unmatched ? &kErrorColor : nullptr);
    ImGui::EndTable();
  }
  std::string methods;
  for (int m = 0; m < kJoinMethodCount; ++m)
    if (j.rows_by_method[static_cast<size_t>(m)] && static_cast<JoinMethod>(m) != JoinMethod::unmatched)
      methods += fmt::format("{}{} {}", methods.empty() ? "" : ", ", j.rows_by_method[static_cast<size_t>(m)],
                             join_method_name(static_cast<JoinMethod>(m)));
  if (!methods.empty()) {
    ImGui::TextColored(kMutedColor, "By method: %s", methods.c_str());
    tooltip_if_clipped("By method: " + methods);
  }
  disagreement_list(s, *d);
  near_seat_list(s, *d);

  if (!j.unmatched_names.empty()) {
    section_title("Unmatched names");
    ImGui::TextWrapped("Click a suggested district to add an alias; the map re-joins at once.");
    const float h = std::min(260.0f, ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(j.unmatched_names.size()) + 1.5f));
    if (ImGui::BeginTable("unmatched", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                          ImVec2(0, h))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn("Events", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("Assign to", ImGuiTableColumnFlags_WidthStretch, 1.6f);
      ImGui::TableHeadersRow();
      for (const auto& u : j.unmatched_names) unmatched_row(s, u, d->boundaries.names);
      ImGui::EndTable();
    }
  }
  if (!s.options.extra_aliases.empty()) {
    section_title("Aliases added this session");
    for (size_t i = 0; i < s.options.extra_aliases.size(); ++i) {
      const AliasEntry& a = s.options.extra_aliases[i];
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::SmallButton("x")) {
        s.options.extra_aliases.erase(s.options.extra_aliases.begin() + static_cast<ptrdiff_t>(i));
        s.requests.rejoin = true;
        ImGui::PopID();
        break;
      }
      ImGui::SameLine();
      ImGui::Text("%s  ->  %s", a.alias.c_str(), a.district.c_str());
      ImGui::PopID();
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 90);
    ImGui::InputTextWithHint("##aliaspath", "alias CSV to write", &s.alias_save_path);
    ImGui::SameLine();
    if (ImGui::Button("Save", ImVec2(-1, 0))) s.requests.save_aliases = true;
  }
  if (!d->events.rejected.empty() && ImGui::TreeNode("rejected", "Rejected rows (%llu)", static_cast<unsigned long long>(j.rejected))) {
    for (size_t i = 0; i < d->events.rejected.size() && i < 200; ++i) {
      const RejectedRow& r = d->events.rejected[i];
      // A database's rejected rows come as groups of equal rows, without row numbers.
      if (r.row == 0)
        ImGui::TextWrapped("%llu row%s: %s", static_cast<unsigned long long>(r.rows), r.rows == 1 ? "" : "s", r.reason.c_str());
      else
        ImGui::TextWrapped("row %llu: %s", static_cast<unsigned long long>(r.row), r.reason.c_str());
    }
    ImGui::TreePop();
  }
  problems_section(s, d->problems);
}

}  // namespace zila::ui::data_panel
