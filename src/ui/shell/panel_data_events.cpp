// The data panel's events source: a file or a database, the first rows with the role of each column,
// and further event files.
#include <algorithm>
#include <filesystem>
#include <fmt/core.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/io/event_preview.hpp"
#include "core/io/event_rows.hpp"
#include "core/io/postgis_source.hpp"
#include "ui/shell/panel_data_parts.hpp"

namespace zila::ui::data_panel {
namespace {

// The key a preview is read for: a change of source, layer or query reads it again.
std::string preview_key(const EventOptions& e) { return e.path + '\n' + e.layer + '\n' + e.sql; }

}  // namespace

void read_preview(AppState& s) {
  s.preview_of = preview_key(s.form.events);
  s.preview = {};
  s.preview_error.clear();
  if (s.form.events.path.empty()) return;
  try {
    s.preview = preview_events(s.form.events);
  } catch (const std::exception& e) {
    s.preview_error = mask_password(e.what());
  }
}

// A file's first rows are read as soon as the path names a file (ten rows are cheap); a database's on
// request only (connecting can take seconds).
void keep_preview_current(AppState& s) {
  const EventOptions& e = s.form.events;
  if (s.preview_of == preview_key(e) || is_database_source(e.path)) return;
  std::error_code ec;
  if (std::filesystem::is_regular_file(e.path, ec)) read_preview(s);
}

// A column chooser: the file's columns when they are known (else free text); empty means the
// loader's choice, shown as "auto: <column>".
void column_combo(const char* label, std::string& value, const std::vector<std::string>& columns, const EventColumns& roles,
                  const std::string& used, const char* none) {
  if (columns.empty()) {
    text_field(label, value, none);
    return;
  }
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  const std::string shown = !value.empty() ? value : used.empty() ? fmt::format("auto: {}", none) : "auto: " + used;
  if (ImGui::BeginCombo(label, shown.c_str())) {
    if (ImGui::Selectable("auto (detected from the column names)", value.empty())) value.clear();
    for (const std::string& column : columns) {
      const std::string role = column_role(roles, column);
      const std::string item = role.empty() ? column : fmt::format("{}  ({})", column, role);
      ImGui::PushID(column.c_str());
      if (ImGui::Selectable(item.c_str(), column == value)) value = column;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
}

// The first rows under their column names, with the role each column has for the load.
void preview_table(const AppState& s, const EventColumns& roles) {
  const EventPreview& p = s.preview;
  const int shown = static_cast<int>(std::min<size_t>(p.columns.size(), 64));  // ImGui 1.86: 64 columns at most
  const float height = ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(p.rows.size()) + 3.5f);
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Borders |
                                ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("preview", shown, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 2);
  for (int c = 0; c < shown; ++c) ImGui::TableSetupColumn(p.columns[static_cast<size_t>(c)].c_str());
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  for (int c = 0; c < shown; ++c) {
    ImGui::TableNextColumn();
    const std::string role = column_role(roles, p.columns[static_cast<size_t>(c)]);
    if (role.empty())
      ImGui::TextDisabled("not read");
    else
      ImGui::TextColored(ImVec4(0.45f, 0.75f, 1.0f, 1.0f), "%s", role.c_str());
  }
  for (const std::vector<std::string>& row : p.rows) {
    ImGui::TableNextRow();
    for (int c = 0; c < shown; ++c) {
      ImGui::TableNextColumn();
      const std::string& text = row[static_cast<size_t>(c)];
      ImGui::TextUnformatted(text.size() > 60 ? (text.substr(0, 57) + "...").c_str() : text.c_str());
      if (text.size() > 60 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
    }
  }
  ImGui::EndTable();
}

// The events source: a file (path field) or a database (its connection shown with the password
// masked, never in an editable field), and the "Database..." dialog.
void events_source(AppState& s) {
  EventOptions& e = s.form.events;
  if (is_database_source(e.path)) {
    const std::string what = !e.sql.empty() ? "query" : e.layer.empty() ? "(no table)" : e.layer;
    ImGui::TextWrapped("Database: %s, %s", mask_password(e.path).c_str(), what.c_str());
    if (ImGui::SmallButton("Read columns")) read_preview(s);
    ImGui::SameLine();
    if (ImGui::SmallButton("Use a file instead")) e.path.clear(), e.layer.clear(), e.sql.clear();
  } else {
    path_field("CSV, XLSX, ODS, GeoPackage, ...", "events", e.path, kEventTypes);
    text_field("Layer##e", e.layer, "first layer");
  }
  if (ImGui::Button("Database...")) {
    if (is_database_source(e.path) && s.db_connection.empty()) {
      s.db_connection = without_password(e.path).substr(3);
      s.db_table = e.layer;
      s.db_sql = e.sql;
    }
    ImGui::OpenPopup("database");
  }
  database_popup(s);
}

// Further event files added up with the first (e.g. operations beside incidents), each with the
// category of its rows that have none.
void more_events_section(AppState& s) {
  std::vector<EventOptions>& more = s.form.more_events;
  for (size_t i = 0; i < more.size(); ++i) {
    ImGui::PushID(static_cast<int>(i) + 1000);
    ImGui::Text("More events (%zu)", i + 2);
    path_field("another events file", "more", more[i].path, kEventTypes);
    enum_combo("Category##more", more[i].default_category);
    ImGui::SameLine();
    const bool removed = ImGui::SmallButton("Remove");
    ImGui::PopID();
    if (removed) {
      more.erase(more.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  ImGui::BeginDisabled(is_database_source(s.form.events.path));
  if (ImGui::SmallButton("Add an events file")) more.emplace_back().default_category = Category::operation;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Rows of all files add up on the map; a file's rows without a category get the one chosen here");
}

}  // namespace zila::ui::data_panel
