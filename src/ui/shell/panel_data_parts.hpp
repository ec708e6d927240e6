// The data column's parts, one file each, for the data panel (panel_data.cpp): the events source and
// its preview (panel_data_events.cpp), the database dialog (panel_data_database.cpp), the join panel
// (panel_join.cpp), and the form widgets they share (panel_data_widgets.cpp).
#pragma once
#include <imgui.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "ui/shell/panels.hpp"

namespace zila::ui::data_panel {

inline const ImVec4 kErrorColor{0.95f, 0.35f, 0.3f, 1.0f};
inline const ImVec4 kMutedColor{0.65f, 0.65f, 0.65f, 1.0f};

// What each path field's browser lists by default (lower case, with the dot); "All files" lifts it.
inline constexpr std::string_view kBoundaryTypes[] = {".geojson", ".json", ".gpkg", ".shp", ".fgb", ".topojson", ".kml", ".gml", ".zip"};
inline constexpr std::string_view kEventTypes[] = {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".gpkg", ".geojson", ".json",
                                                  ".parquet", ".shp", ".fgb", ".sqlite"};
inline constexpr std::string_view kCsvTypes[] = {".csv", ".tsv", ".txt"};

// panel_data_widgets.cpp
// A path field with a "..." button opening a small folder browser beside it: folders and the files of
// the field's types; hidden entries (.git/) never.
// True once an edit is finished (the field left, or a file picked), not on every keystroke.
bool path_field(const char* label, const char* id, std::string& path, std::span<const std::string_view> types);
void text_field(const char* label, std::string& value, const char* hint = "auto");
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

// panel_data_events.cpp: the events source (a file or a database) and the look at its first rows.
// Reads the first rows of the events source now named (AppState::preview, or preview_error).
void read_preview(AppState& s);
// A file's first rows are read as soon as the path names a file; a database's on request only.
void keep_preview_current(AppState& s);
// The events source: a file (path field) or a database, and the "Database..." button.
void events_source(AppState& s);
// Further event files added up with the first.
void more_events_section(AppState& s);
// A column chooser over the previewed columns; empty means the loader's choice.
void column_combo(const char* label, std::string& value, const std::vector<std::string>& columns, const EventColumns& roles,
                  const std::string& used, const char* none = "none");
// The first rows under their column names, with the role each column has for the load.
void preview_table(const AppState& s, const EventColumns& roles);

// panel_data_database.cpp: the "Database..." dialog (popup "database").
void database_popup(AppState& s);

// panel_join.cpp: row accounting, unmatched names and aliases, disagreements, problems.
void join_section(AppState& s);

}  // namespace zila::ui::data_panel
