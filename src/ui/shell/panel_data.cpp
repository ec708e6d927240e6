// Left column: the data panel (files, layer, columns, join mode) and the join panel (row accounting,
// unmatched names, aliases). Edits go to AppState; loading and re-joining are raised as requests.
#include <algorithm>
#include <filesystem>
#include <fmt/core.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

const ImVec4 kErrorColor{0.95f, 0.35f, 0.3f, 1.0f};
const ImVec4 kMutedColor{0.65f, 0.65f, 0.65f, 1.0f};

// A path field with a "..." button opening a small folder browser beside it. True once an edit is
// finished (the field left, or a file picked), not on every keystroke.
bool path_field(const char* label, const char* id, std::string& path) {
  bool done = false;
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - ImGui::GetStyle().ItemSpacing.x);
  ImGui::InputTextWithHint("##path", label, &path);
  done = ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SameLine();
  if (ImGui::Button("...", ImVec2(ImGui::GetFrameHeight(), 0))) ImGui::OpenPopup("browse");
  if (ImGui::BeginPopup("browse")) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::current_path(ec);
    if (!fs::is_directory(dir, ec)) dir = fs::current_path(ec);
    ImGui::TextDisabled("%s", dir.string().c_str());
    ImGui::Separator();
    if (ImGui::Selectable("../", false, ImGuiSelectableFlags_DontClosePopups)) path = (dir.parent_path() / "").string();
    std::vector<fs::directory_entry> entries;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      entries.push_back(*it);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& e : entries) {
      const bool folder = e.is_directory(ec);
      const std::string name = e.path().filename().string() + (folder ? "/" : "");
      if (ImGui::Selectable(name.c_str(), false, folder ? ImGuiSelectableFlags_DontClosePopups : 0)) {
        path = folder ? (e.path() / "").string() : e.path().string();
        done = !folder;
      }
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
  return done;
}

void text_field(const char* label, std::string& value, const char* hint = "auto") {
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  ImGui::InputTextWithHint(label, hint, &value);
}

// A combo over every value of an enum, named by `name` (its name table, core/enum_names.hpp, unless
// the window words it differently).
template <typename Enum>
bool enum_combo(const char* label, Enum& value, const char* (*name)(Enum) = &name_cstr<Enum>) {
  bool changed = false;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  if (ImGui::BeginCombo(label, name(value))) {
    for (Enum item : enum_values<Enum>())
      if (ImGui::Selectable(name(item), item == value)) {
        changed = item != value;
        value = item;
      }
    ImGui::EndCombo();
  }
  return changed;
}

const char* date_order_label(DateOrder d) {
  static constexpr EnumTable<DateOrder, 3> kLabels{{{DateOrder::automatic, "automatic"},
                                                    {DateOrder::month_first, "month first (US)"},
                                                    {DateOrder::day_first, "day first (PK, UK)"}}};
  return text_in(kLabels, d);
}

void data_section(AppState& s) {
  PipelineOptions& f = s.form;
  ImGui::TextUnformatted("Boundaries (districts)");
  path_field("boundary file, folder or PG: connection", "boundaries", f.boundaries.path);
  text_field("Layer##b", f.boundaries.layer, "first polygon layer");
  text_field("Name field", f.boundaries.name_field);
  ImGui::TextUnformatted("Provinces (outlines, parent names)");
  path_field("ADM1 file (optional)", "parents", f.parents_path);
  ImGui::Spacing();
  ImGui::TextUnformatted("Events");
  path_field("CSV, XLSX, ODS, GeoPackage, ...", "events", f.events.path);
  text_field("Layer##e", f.events.layer, "first layer");
  if (ImGui::TreeNode("Columns")) {
    EventColumns& c = f.events.columns;
    text_field("Date", c.date);
    text_field("Place (district)", c.place);
    text_field("Category", c.category);
    text_field("Count", c.count, "1 per row");
    text_field("Fatalities", c.fatalities);
    text_field("Longitude", c.lon);
    text_field("Latitude", c.lat);
    enum_combo("Date order", f.events.date_order, date_order_label);
    text_field("Date format", f.events.date_format, "e.g. %d.%m.%Y");
    if (const Dataset* d = s.data()) {
      const EventColumns& u = d->events.columns;
      ImGui::TextColored(kMutedColor, "Used: date=%s place=%s category=%s count=%s fatalities=%s lon=%s lat=%s",
                         u.date.c_str(), u.place.c_str(), u.category.c_str(), u.count.c_str(), u.fatalities.c_str(),
                         u.lon.c_str(), u.lat.c_str());
    }
    ImGui::TreePop();
  }
  // Join mode and alias table act at once on loaded data: join and cube only (rejoin), files stay loaded.
  // The time bin is set beside the timeline (the explore panel), also live.
  if (enum_combo("Join by", f.join.mode) && s.loaded) {
    s.options.join.mode = f.join.mode;
    s.requests.rejoin = true;
  }
  help_marker("name: place column against district names (aliases, abbreviations, fuzzy).\n"
              "coords: longitude/latitude inside district polygons.\nhybrid: name first, then coordinates.");
  if (path_field("alias CSV (alias,district), optional", "aliases", f.aliases_path) && s.loaded) {
    s.options.aliases_path = f.aliases_path;
    s.requests.rejoin = true;
  }

  ImGui::Spacing();
  ImGui::BeginDisabled(s.load.busy);
  if (ImGui::Button(s.loaded ? "Reload" : "Load", ImVec2(120, 0))) s.requests.load = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (s.load.busy) {
    ImGui::ProgressBar(s.load.fraction, ImVec2(-1, 0), fmt::format("{} ({:.1f} s)", s.load.stage, s.load.seconds).c_str());
  } else if (ImGui::Button("Current settings")) {
    s.form = s.options;  // undo edits not yet loaded
  }
  if (!s.load_error.empty()) ImGui::TextColored(kErrorColor, "%s", s.load_error.c_str());
  for (const auto& m : s.messages) ImGui::TextWrapped("%s", m.c_str());
}

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
  ImGui::TextUnformatted(u.name.empty() ? "(no place)" : u.name.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%llu", static_cast<unsigned long long>(u.events));
  ImGui::TableNextColumn();
  if (u.name.empty()) {
    ImGui::TextDisabled("needs a place or coordinates");
    return;
  }
  ImGui::PushID(u.name.c_str());
  auto accept = [&](const std::string& district) {
    s.options.extra_aliases.push_back({u.name, district});
    s.requests.rejoin = true;
  };
  for (size_t i = 0; i < u.suggestions.size() && i < 3; ++i) {
    if (i > 0) ImGui::SameLine();
    if (ImGui::SmallButton(u.suggestions[i].c_str())) accept(u.suggestions[i]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Treat '%s' as %s", u.name.c_str(), u.suggestions[i].c_str());
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
  if (!methods.empty()) ImGui::TextColored(kMutedColor, "By method: %s", methods.c_str());
  if (!j.disagreements.empty())
    ImGui::TextColored(kMutedColor, "%zu rows: name and coordinates disagree (name used)", j.disagreements.size());

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
  if (!d->events.rejected.empty() && ImGui::TreeNode("rejected", "Rejected rows (%zu)", d->events.rejected.size())) {
    for (size_t i = 0; i < d->events.rejected.size() && i < 200; ++i)
      ImGui::TextWrapped("row %llu: %s", static_cast<unsigned long long>(d->events.rejected[i].row),
                         d->events.rejected[i].reason.c_str());
    ImGui::TreePop();
  }
  problems_section(s, d->problems);
}

}  // namespace

void draw_data_panel(AppState& s, const PanelLayout& layout) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(layout.left, layout.height));
  ImGui::Begin("Data", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  if (ImGui::CollapsingHeader("Data files", s.loaded ? 0 : ImGuiTreeNodeFlags_DefaultOpen)) data_section(s);
  if (ImGui::CollapsingHeader("Join", ImGuiTreeNodeFlags_DefaultOpen)) join_section(s);
  ImGui::End();
}

}  // namespace zila::ui
