// The data panel's "Database..." dialog: events in PostgreSQL / PostGIS (core/io/postgis_source.hpp).
// The password lives only in AppState and the connection string, never in a project file.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/io/postgis_source.hpp"
#include "ui/shell/panel_data_parts.hpp"

namespace zila::ui::data_panel {
namespace {

// "PG:" + the connection + the password typed in its own (hidden) field; libpq's quoting.
std::string database_source(const AppState& s) {
  std::string source = "PG:" + s.db_connection;
  if (!s.db_password.empty() && s.db_connection.find("://") == std::string::npos) {
    std::string quoted;
    for (char c : s.db_password) quoted += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    source += " password='" + quoted + "'";
  }
  return source;
}

}  // namespace

// The "Database..." dialog: connection, password, a table of the database or a query; "Connect"
// lists the tables and reads the first rows, "Use" makes it the events source.
void database_popup(AppState& s) {
  if (!ImGui::BeginPopup("database")) return;
  EventOptions& e = s.form.events;
  const float width = 26 * ImGui::GetFontSize();
  ImGui::TextUnformatted("Events in PostgreSQL / PostGIS");
  ImGui::SetNextItemWidth(width);
  ImGui::InputTextWithHint("Connection", "service=events   or   host=... dbname=... user=...", &s.db_connection);
  help_marker("Any libpq connection string or a service from pg_service.conf.\n"
              "The password is kept only while the window runs; a project file stores the connection without it\n"
              "(libpq then reads ~/.pgpass or PGPASSWORD).");
  ImGui::SetNextItemWidth(width);
  ImGui::InputTextWithHint("Password", "optional", &s.db_password, ImGuiInputTextFlags_Password);
  const bool connected = s.preview_of.rfind(database_source(s) + '\n', 0) == 0;
  if (ImGui::Button("Connect")) {
    e.path = database_source(s);
    e.layer = s.db_table;
    e.sql.clear();
    read_preview(s);
  }
  if (connected && !s.preview.layers.empty()) {
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo("Table", s.db_table.empty() ? "(choose a table)" : s.db_table.c_str())) {
      for (const std::string& table : s.preview.layers)
        if (ImGui::Selectable(table.c_str(), table == s.db_table)) s.db_table = table, s.db_sql.clear();
      ImGui::EndCombo();
    }
  } else {
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("Table", "schema.table", &s.db_table);
  }
  ImGui::TextUnformatted("or a query whose rows are the events:");
  ImGui::InputTextMultiline("##sql", &s.db_sql, ImVec2(width, 4 * ImGui::GetTextLineHeightWithSpacing()));
  if (!s.preview_error.empty()) ImGui::TextColored(kErrorColor, "%s", s.preview_error.c_str());
  ImGui::BeginDisabled(s.db_connection.empty() || (s.db_table.empty() && s.db_sql.empty()));
  if (ImGui::Button("Use")) {
    e.path = database_source(s);
    e.layer = s.db_sql.empty() ? s.db_table : "";
    e.sql = s.db_sql;
    // The database aggregates for the name and coordinates joins; hybrid would read every row.
    if (s.form.join.mode == JoinMode::hybrid) s.form.join.mode = JoinMode::name;
    s.form.more_events.clear();  // a database source is aggregated on its own
    read_preview(s);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace zila::ui::data_panel
