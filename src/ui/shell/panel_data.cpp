// Left column: the data panel (files, layer, columns, join mode) and the join panel (row accounting,
// unmatched names, aliases). Edits go to AppState; loading and re-joining are raised as requests.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fmt/core.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <span>
#include <string_view>

#include "core/io/event_rows.hpp"
#include "core/io/postgis_source.hpp"
#include "core/join/row_audit.hpp"
#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

const ImVec4 kErrorColor{0.95f, 0.35f, 0.3f, 1.0f};
const ImVec4 kMutedColor{0.65f, 0.65f, 0.65f, 1.0f};

// What each path field's browser lists by default (lower case, with the dot); "All files" lifts it.
constexpr std::string_view kBoundaryTypes[] = {".geojson", ".json", ".gpkg", ".shp", ".fgb", ".topojson", ".kml", ".gml", ".zip"};
constexpr std::string_view kEventTypes[] = {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".gpkg", ".geojson", ".json",
                                           ".parquet", ".shp", ".fgb", ".sqlite"};
constexpr std::string_view kCsvTypes[] = {".csv", ".tsv", ".txt"};

bool has_type(const std::filesystem::path& file, std::span<const std::string_view> types) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(types.begin(), types.end(), ext) != types.end();
}

// A path field with a "..." button opening a small folder browser beside it: folders and the files of
// the field's types; hidden entries (.git/) never.
// True once an edit is finished (the field left, or a file picked), not on every keystroke.
bool path_field(const char* label, const char* id, std::string& path, std::span<const std::string_view> types) {
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
    static bool all_files = false;
    ImGui::Checkbox("All files", &all_files);
    ImGui::Separator();
    if (ImGui::Selectable("../", false, ImGuiSelectableFlags_DontClosePopups)) path = (dir.parent_path() / "").string();
    std::vector<fs::directory_entry> entries;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      entries.push_back(*it);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& e : entries) {
      const bool folder = e.is_directory(ec);
      if (e.path().filename().string().starts_with(".")) continue;
      if (!folder && !all_files && !has_type(e.path(), types)) continue;
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

// The key a preview is read for: a change of source, layer or query reads it again.
std::string preview_key(const EventOptions& e) { return e.path + '\n' + e.layer + '\n' + e.sql; }

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

bool refreshes_in_database(const PipelineOptions& options) {
  try {
    return aggregates_in_database(options);
  } catch (const std::exception&) {
    return false;
  }
}

// A column chooser: the file's columns when they are known (else free text); empty means the
// loader's choice, shown as "auto: <column>".
void column_combo(const char* label, std::string& value, const std::vector<std::string>& columns, const EventColumns& roles,
                  const std::string& used, const char* none = "none") {
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

void data_section(AppState& s) {
  PipelineOptions& f = s.form;
  ImGui::TextUnformatted("Boundaries (districts)");
  path_field("boundary file, folder or PG: connection", "boundaries", f.boundaries.path, kBoundaryTypes);
  text_field("Layer##b", f.boundaries.layer, "first polygon layer");
  text_field("Name field", f.boundaries.name_field);
  ImGui::TextUnformatted("Provinces (outlines, parent names)");
  path_field("ADM1 file (optional)", "parents", f.parents_path, kBoundaryTypes);
  ImGui::Spacing();
  ImGui::TextUnformatted("Events");
  events_source(s);
  keep_preview_current(s);
  // The roles a load would give the columns now (the choices below, else the loader's detection).
  EventColumns roles;
  std::string roles_problem;
  if (!s.preview.columns.empty()) {
    try {
      roles = choose_event_columns(s.preview.columns, f.events, "the events");
    } catch (const std::exception& e) {
      roles_problem = mask_password(e.what());
    }
  }
  if (ImGui::TreeNode("Columns")) {
    EventColumns& c = f.events.columns;
    column_combo("Date", c.date, s.preview.columns, roles, roles.date);
    column_combo("Place (district)", c.place, s.preview.columns, roles, roles.place);
    column_combo("Category", c.category, s.preview.columns, roles, roles.category);
    column_combo("Count", c.count, s.preview.columns, roles, roles.count, "1 per row");
    column_combo("Fatalities", c.fatalities, s.preview.columns, roles, roles.fatalities);
    column_combo("Longitude", c.lon, s.preview.columns, roles, roles.lon);
    column_combo("Latitude", c.lat, s.preview.columns, roles, roles.lat);
    enum_combo("Date order", f.events.date_order, date_order_label);
    text_field("Date format", f.events.date_format, "e.g. %d.%m.%Y");
    if (!roles_problem.empty()) ImGui::TextColored(kErrorColor, "%s", roles_problem.c_str());
    if (const Dataset* d = s.data()) {
      const EventColumns& u = d->events.columns;
      ImGui::TextColored(kMutedColor, "Used: date=%s place=%s category=%s count=%s fatalities=%s lon=%s lat=%s",
                         u.date.c_str(), u.place.c_str(), u.category.c_str(), u.count.c_str(), u.fatalities.c_str(),
                         u.lon.c_str(), u.lat.c_str());
    }
    ImGui::TreePop();
  }
  if (!s.preview_error.empty()) ImGui::TextColored(kErrorColor, "%s", s.preview_error.c_str());
  if (!s.preview.columns.empty() && ImGui::TreeNode("preview", "First rows (%zu)", s.preview.rows.size())) {
    preview_table(s, roles);
    ImGui::TreePop();
  }
  more_events_section(s);
  // Join mode and alias table act at once on loaded data: join and cube only (rejoin), files stay loaded.
  // The time bin is set beside the timeline (the explore panel), also live.
  if (enum_combo("Join by", f.join.mode) && s.loaded) {
    s.options.join.mode = f.join.mode;
    s.requests.rejoin = true;
  }
  help_marker("name: place column against district names (aliases, abbreviations, fuzzy).\n"
              "coords: longitude/latitude inside district polygons.\nhybrid: name first, then coordinates.");
  if (path_field("alias CSV (alias,district), optional", "aliases", f.aliases_path, kCsvTypes) && s.loaded) {
    s.options.aliases_path = f.aliases_path;
    s.requests.rejoin = true;
  }

  ImGui::Spacing();
  ImGui::BeginDisabled(s.load.busy);
  if (ImGui::Button(s.loaded ? "Reload" : "Load", ImVec2(120, 0))) {
    // Further tables are read with the first one's settings, as on the command line.
    std::erase_if(f.more_events, [](const EventOptions& more) { return more.path.empty(); });
    for (EventOptions& more : f.more_events) {
      EventOptions settings = f.events;
      settings.path = more.path, settings.default_category = more.default_category, settings.citation = more.citation;
      more = std::move(settings);
    }
    s.requests.load = true;
  }
  if (s.loaded && refreshes_in_database(s.options)) {
    ImGui::SameLine();
    if (ImGui::Button("Refresh")) s.requests.rejoin = true;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Re-run the aggregation in the database and rebuild the cube (the boundaries stay loaded)");
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (s.load.busy) {
    ImGui::ProgressBar(s.load.fraction, ImVec2(-1, 0), fmt::format("{} ({:.1f} s)", s.load.stage, s.load.seconds).c_str());
  } else if (ImGui::Button("Current settings")) {
    s.form = s.options;  // undo edits not yet loaded
  }
  if (!s.load_error.empty()) ImGui::TextColored(kErrorColor, "%s", mask_password(s.load_error).c_str());
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
