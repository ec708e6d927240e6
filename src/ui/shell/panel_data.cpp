// Left column: the data panel (files, layer, columns, join mode) and the join panel (row accounting,
// unmatched names, aliases). Edits go to AppState; loading and re-joining are raised as requests.
#include <algorithm>
#include <filesystem>
#include <fmt/core.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/join/row_audit.hpp"
#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

const ImVec4 kErrorColor{0.95f, 0.35f, 0.3f, 1.0f};
const ImVec4 kMutedColor{0.65f, 0.65f, 0.65f, 1.0f};

// A path field with a "..." button opening a small folder browser beside it.
void path_field(const char* label, const char* id, std::string& path) {
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - ImGui::GetStyle().ItemSpacing.x);
  ImGui::InputTextWithHint("##path", label, &path);
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
      if (ImGui::Selectable(name.c_str(), false, folder ? ImGuiSelectableFlags_DontClosePopups : 0))
        path = folder ? (e.path() / "").string() : e.path().string();
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
}

void text_field(const char* label, std::string& value, const char* hint = "auto") {
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  ImGui::InputTextWithHint(label, hint, &value);
}

template <typename Enum, size_t N>
bool enum_combo(const char* label, Enum& value, const Enum (&items)[N], const char* (*name)(Enum)) {
  bool changed = false;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  if (ImGui::BeginCombo(label, name(value))) {
    for (Enum item : items)
      if (ImGui::Selectable(name(item), item == value)) {
        changed = item != value;
        value = item;
      }
    ImGui::EndCombo();
  }
  return changed;
}

const char* date_order_label(DateOrder d) {
  switch (d) {
    case DateOrder::automatic: return "automatic";
    case DateOrder::month_first: return "month first (US)";
    case DateOrder::day_first: return "day first (PK, UK)";
  }
  return "?";
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
    const DateOrder orders[] = {DateOrder::automatic, DateOrder::day_first, DateOrder::month_first};
    enum_combo("Date order", f.events.date_order, orders, date_order_label);
    text_field("Date format", f.events.date_format, "e.g. %d.%m.%Y");
    if (const Dataset* d = s.data()) {
      const EventColumns& u = d->events.columns;
      ImGui::TextColored(kMutedColor, "Used: date=%s place=%s category=%s count=%s fatalities=%s lon=%s lat=%s",
                         u.date.c_str(), u.place.c_str(), u.category.c_str(), u.count.c_str(), u.fatalities.c_str(),
                         u.lon.c_str(), u.lat.c_str());
    }
    ImGui::TreePop();
  }
  const JoinMode modes[] = {JoinMode::name, JoinMode::coords, JoinMode::hybrid};
  enum_combo("Join by", f.join.mode, modes, join_mode_name);
  help_marker("name: place column against district names (aliases, abbreviations, fuzzy).\n"
              "coords: longitude/latitude inside district polygons.\nhybrid: name first, then coordinates.");
  const Bin bins[] = {Bin::day, Bin::week, Bin::month, Bin::quarter, Bin::year};
  enum_combo("Time bin", f.bin, bins, bin_name);
  path_field("alias CSV (alias,district), optional", "aliases", f.aliases_path);

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
  if (!methods.empty()) ImGui::TextColored(kMutedColor, "By method: %s", methods.c_str());
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
  if (!d->events.warnings.empty() && ImGui::TreeNode("warnings", "File notes (%zu)", d->events.warnings.size())) {
    for (const auto& w : d->events.warnings) ImGui::TextWrapped("%s", w.c_str());
    ImGui::TreePop();
  }
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
