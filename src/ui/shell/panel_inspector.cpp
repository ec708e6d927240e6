// Right column, bottom: the selected district (value, rank, change, time series, totals, top periods)
// and the top-N districts of the current period.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fmt/core.h>
#include <imgui.h>

#include "core/io/output_file.hpp"
#include "core/join/row_audit.hpp"
#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

std::string change_text(const DistrictStat& st) {
  if (!st.has_previous) return "first period";
  const double diff = st.value - st.previous;
  if (diff == 0) return "no change";
  std::string out = fmt::format("{}{} vs previous", diff > 0 ? "+" : "", format_value(diff));
  if (st.previous != 0) out += fmt::format(" ({:+.0f}%)", 100.0 * diff / std::abs(st.previous));
  return out;
}

// The series as bars, with the current period marked by a line across the plot.
void series_plot(const AppState& s, size_t district) {
  const ValueMatrix& m = s.values;
  std::vector<float> series(m.periods);
  for (size_t p = 0; p < m.periods; ++p) series[p] = static_cast<float>(m.windowed_at(p, district));
  const std::string overlay = fmt::format("{}: {}", s.frame.when, format_value(m.windowed_at(s.period(), district)));
  const float lo = std::min(0.0f, *std::min_element(series.begin(), series.end()));
  ImGui::PlotHistogram("##series", series.data(), static_cast<int>(series.size()), 0, overlay.c_str(), lo, FLT_MAX,
                       ImVec2(-FLT_MIN, 90));
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  if (m.periods > 0) {
    const float x = a.x + (b.x - a.x) * (static_cast<float>(s.period()) + 0.5f) / static_cast<float>(m.periods);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), IM_COL32(80, 200, 255, 255), 2.0f);
  }
  if (ImGui::IsItemHovered()) {
    const float f = (ImGui::GetIO().MousePos.x - a.x) / std::max(1.0f, b.x - a.x);
    const size_t p = std::min(m.periods - 1, static_cast<size_t>(std::max(0.0f, f) * static_cast<float>(m.periods)));
    ImGui::SetTooltip("%s: %s (click to go there)", window_text(s.data()->cube, s.choice.window, p).c_str(),
                      format_value(m.windowed_at(p, district)).c_str());
  }
}

// The core's explanation of the line above, as a wrapped tooltip while the mouse is on it.
void explain_hovered(const std::string& text) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// Gi*, Moran and the emerging category of this district (statistics of the shown values); hovering a
// line explains it.
void statistics(const AppState& s, size_t district) {
  const PeriodStats& st = s.stats;
  if (district < st.gi.z.size()) {
    ImGui::BeginGroup();
    ImGui::Text("Gi* z %.2f, p %.3f", st.gi.z[district], st.gi.p[district]);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", significance_label(st.gi.classes[district]).c_str());
    ImGui::EndGroup();
    explain_hovered(explain_gi_star(st.gi, district));
  }
  if (district < st.moran.local_i.size()) {
    ImGui::BeginGroup();
    ImGui::Text("Moran I %.2f, p %.3f", st.moran.local_i[district], st.moran.p[district]);
    ImGui::SameLine();
    ImGui::TextDisabled("%s quadrant%s", quadrant_name(st.moran.quadrant[district]),
                        st.moran.cluster[district] == Quadrant::none ? ", not significant" : ", significant");
    ImGui::EndGroup();
    explain_hovered(explain_local_moran(st.moran, district));
  }
  if (district < s.trends.districts.size()) {
    const DistrictTrend& t = s.trends.districts[district];
    ImGui::BeginGroup();
    ImGui::Text("Trend: %s", emerging_label(t.category).c_str());
    ImGui::TextDisabled("hot in %u, cold in %u of %zu periods; Mann-Kendall z %.2f", t.hot_periods, t.cold_periods,
                        s.values.periods, t.trend.z);
    ImGui::EndGroup();
    explain_hovered(explain_emerging(t, s.trends.options));
  }
  if (!s.has_weights()) ImGui::TextDisabled("No spatial weights: hotspot statistics unavailable.");
}

// "Bannu 2009" -> "bannu-2009": a file name from what the rows are behind.
std::string file_slug(const std::string& what) {
  std::string slug;
  for (char c : what) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) slug += static_cast<char>(std::tolower(u));
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "rows" : slug.substr(0, 80);
}

void export_rows(AppState& s, const Dataset& d, const std::vector<size_t>& rows, const std::string& what) {
  const std::string path = fmt::format("zila-rows-{}.csv", file_slug(what));
  try {
    const std::vector<EventOptions> sources = event_sources(s.options);
    std::vector<NamedPath> inputs;
    for (const EventOptions& source : sources) inputs.push_back({"events", source.path});
    refuse_output_collisions(inputs, {{"rows", path}});
    OutputFile out(path);
    write_row_audit(out.stream(), {d.events, d.boundaries, d.join, s.options.join, sources}, &rows);
    out.commit();
    s.messages.push_back(fmt::format("{} rows behind {} written to {}", rows.size(), what,
                                     std::filesystem::absolute(path).string()));
  } catch (const std::exception& e) {
    s.messages.push_back(fmt::format("Rows behind {} not written: {}", what, e.what()));
  }
}

// Rows behind the selected district in the shown window and categories: what the map's value counts.
void rows_behind(AppState& s, const Dataset& d, size_t district) {
  if (!ImGui::TreeNode("rows", "Rows behind %s", s.frame.when.c_str())) return;
  const std::vector<size_t> rows = rows_in_window(d.events, d.join, d.cube, s.choice.window, s.period(),
                                                  static_cast<int32_t>(district), s.choice.categories);
  rows_table(s, rows, "inspector_rows", d.boundaries.names[district] + " " + s.frame.when);
  ImGui::TreePop();
}

void inspector(AppState& s, const Dataset& d, size_t district) {
  const bool has_parent = district < d.boundaries.parents.size() && !d.boundaries.parents[district].empty();
  ImGui::Text("%s", d.boundaries.names[district].c_str());
  if (has_parent) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", d.boundaries.parents[district].c_str());
  }
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 50);
  if (ImGui::SmallButton("Close")) s.requests.select = -1;
  const DistrictStat st = district_stat(s.values, s.period(), district);
  ImGui::Text("%s %s: %s", s.frame.value_label.c_str(), s.frame.when.c_str(), format_value(st.value).c_str());
  ImGui::TextDisabled("rank %d of %zu, %s", st.rank, st.ranked, change_text(st).c_str());
  statistics(s, district);
  if (s.values.periods > 0) {
    series_plot(s, district);
    if (ImGui::IsItemClicked()) {
      const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      const float f = (ImGui::GetIO().MousePos.x - a.x) / std::max(1.0f, b.x - a.x);
      s.timeline.current = std::min(s.values.periods - 1, static_cast<size_t>(std::max(0.0f, f) * static_cast<float>(s.values.periods)));
    }
  }
  // Totals straight from the cube: every metric, all periods, whatever the map shows.
  const Cube& c = d.cube;
  double totals[kMetricCount] = {};
  for (size_t p = 0; p < c.period_count(); ++p)
    for (int m = 0; m < kMetricCount; ++m) totals[m] += c.at(static_cast<Metric>(m), p, district);
  ImGui::Text("All periods: %s events", format_value(totals[static_cast<int>(Metric::events)]).c_str());
  ImGui::TextDisabled("%s incidents, %s operations, %s other, %s killed",
                      format_value(totals[static_cast<int>(Metric::incidents)]).c_str(),
                      format_value(totals[static_cast<int>(Metric::operations)]).c_str(),
                      format_value(totals[static_cast<int>(Metric::others)]).c_str(),
                      format_value(totals[static_cast<int>(Metric::fatalities)]).c_str());
  const std::vector<size_t> top = top_periods(s.values, district, 5);
  if (!top.empty()) {
    ImGui::TextUnformatted("Top periods:");
    for (size_t p : top) {
      ImGui::SameLine();
      const std::string label = fmt::format("{} ({})", period_text(s, p), format_value(s.values.per_period_at(p, district)));
      if (ImGui::SmallButton(label.c_str())) s.timeline.current = p;
    }
  }
  rows_behind(s, d, district);
}

void top_table(AppState& s, const Dataset& d) {
  const std::vector<size_t> top = top_districts(s.values, s.period(), s.top_n);
  if (top.empty()) {
    ImGui::TextDisabled("No district has a non-zero value in %s.", s.frame.when.c_str());
    return;
  }
  if (ImGui::BeginTable("top", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("District");
    ImGui::TableSetupColumn(s.frame.value_label.c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < top.size(); ++i) {
      const size_t district = top[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", district_stat(s.values, s.period(), district).rank);
      ImGui::TableNextColumn();
      const std::string label = d.boundaries.names[district] + "##top";
      if (ImGui::Selectable(label.c_str(), static_cast<int>(district) == s.selected, ImGuiSelectableFlags_SpanAllColumns))
        s.requests.select = static_cast<int>(district);
      if (ImGui::IsItemHovered()) s.hovered = static_cast<int>(district);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_value(s.values.windowed_at(s.period(), district)).c_str());
    }
    ImGui::EndTable();
  }
}

}  // namespace

void rows_table(AppState& s, const std::vector<size_t>& rows, const char* id, const std::string& what) {
  const Dataset* d = s.data();
  if (!d) return;
  if (d->events.size() + d->events.rejected.size() != d->events.rows_read) {
    ImGui::TextDisabled("The database grouped and counted these rows (a pushed-down join): no row list.");
    return;
  }
  ImGui::PushID(id);
  ImGui::TextDisabled("%zu row%s", rows.size(), rows.size() == 1 ? "" : "s");
  if (!rows.empty()) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Export CSV")) export_rows(s, *d, rows, what);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Write these rows as zila report --rows-out does: date as read, district by name and by "
                        "coordinates, distance, reason");
  }
  const float height = std::min(200.0f, ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(rows.size()) + 1.5f));
  // The source column only when there are several files: one file's name on every line is noise.
  const bool several = d->events.sources.size() > 1;
  if (!rows.empty() && ImGui::BeginTable("rows", several ? 5 : 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                                                      ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp,
                                         ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    if (several) ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Row", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Place", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("District (method)", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const size_t i = rows[static_cast<size_t>(r)];
        const auto [source, file_row] = d->events.locate_row(d->events.source_row(i));
        ImGui::TableNextRow();
        if (several) {
          ImGui::TableNextColumn();
          const std::string& path = source < d->events.sources.size() ? d->events.sources[source].path : d->events.source;
          ImGui::TextUnformatted(std::filesystem::path(path).filename().string().c_str());
        }
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(file_row));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d->events.place[i] == kNoPlace ? "" : d->events.place_names[d->events.place[i]].c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(period_label(Bin::day, d->events.day[i]).c_str());
        ImGui::TableNextColumn();
        const int32_t district = d->join.district[i];
        ImGui::Text("%s (%s)", district >= 0 ? d->boundaries.names[static_cast<size_t>(district)].c_str() : "-",
                    join_method_name(d->join.method[i]));
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopID();
}

void draw_inspector_panel(AppState& s, const PanelLayout& layout) {
  const float top = layout.height * 0.56f;
  ImGui::SetNextWindowPos(ImVec2(layout.width - layout.right, top));
  ImGui::SetNextWindowSize(ImVec2(layout.right, layout.height - top));
  ImGui::Begin("District", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  const Dataset* d = s.data();
  if (!d || s.values.districts != d->boundaries.size()) {
    ImGui::TextDisabled("No data loaded.");
    ImGui::End();
    return;
  }
  if (s.selected >= 0 && static_cast<size_t>(s.selected) < d->boundaries.size()) {
    inspector(s, *d, static_cast<size_t>(s.selected));
  } else {
    ImGui::TextDisabled("Click a district on the map or in the table.");
  }
  section_title(fmt::format("Top districts, {}", s.frame.when).c_str());
  top_table(s, *d);
  ImGui::End();
}

}  // namespace zila::ui
