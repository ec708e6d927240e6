// Left column: the data panel (boundary and events files, columns, join mode, Load / Refresh) over
// the join panel (panel_join.cpp). Edits go to AppState; loading and re-joining are raised as requests.
// Its parts: panel_data_parts.hpp.
#include <fmt/core.h>
#include <imgui.h>

#include "core/io/event_columns.hpp"
#include "core/io/postgis_source.hpp"
#include "ui/logic/refresh_job.hpp"
#include "ui/shell/panel_data_parts.hpp"

namespace zila::ui {
namespace {

using namespace data_panel;

const char* date_order_label(DateOrder d) {
  static constexpr EnumTable<DateOrder, 3> kLabels{{{DateOrder::automatic, "automatic"},
                                                    {DateOrder::month_first, "month first (US)"},
                                                    {DateOrder::day_first, "day first (PK, UK)"}}};
  return text_in(kLabels, d);
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
    // In the background (the map keeps its data meanwhile; the bar over the map can cancel it).
    ImGui::BeginDisabled(s.refresh_work.busy);
    if (ImGui::Button("Refresh")) s.requests.refresh = true;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(s.refresh_work.busy ? "Refreshing (see the bar over the map)"
                                            : "Re-run the aggregation in the database and rebuild the cube (the boundaries stay loaded)");
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
