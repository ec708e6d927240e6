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

// The district's series as bars drawn with ImGui's draw list (Debian ships no ImPlot): a value axis
// with 0 and the largest value, the first, current and last periods under it, the current period's
// bar in the highlight colour with a line through it, the hovered bar's value in a tooltip; a click
// moves the slider there. The old PlotHistogram came out as a thin empty bar once the panel's content
// outgrew it (its height was taken from an exhausted content region); this one has a fixed height.
void series_chart(AppState& s, size_t district) {
  const ValueMatrix& m = *s.values;
  const Cube& cube = s.data()->cube;
  const size_t n = m.periods;
  double lo = 0, hi = 0;
  for (size_t p = 0; p < n; ++p) {
    const double v = m.windowed_at(p, district);
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (hi == lo) hi = lo + 1;
  const float font = ImGui::GetFontSize();
  const std::string top_label = format_value(hi), bottom_label = format_value(lo);
  const float axis_w = std::max(ImGui::CalcTextSize(top_label.c_str()).x, ImGui::CalcTextSize(bottom_label.c_str()).x) + 6;
  const float width = std::max(ImGui::GetContentRegionAvail().x, 120.0f), height = font * 8;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##series", ImVec2(width, height + font * 1.4f));
  const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 plot_min(origin.x + axis_w, origin.y + font * 0.5f), plot_max(origin.x + width, origin.y + height);
  dl->AddRectFilled(plot_min, plot_max, IM_COL32(30, 34, 40, 255));
  const ImU32 axis = IM_COL32(150, 150, 150, 255), text = IM_COL32(200, 200, 200, 255);
  auto y_of = [&](double v) { return plot_max.y - static_cast<float>((v - lo) / (hi - lo)) * (plot_max.y - plot_min.y); };
  dl->AddText(ImVec2(origin.x, plot_min.y - font * 0.5f), text, top_label.c_str());
  dl->AddText(ImVec2(origin.x, y_of(0) - font * 0.5f), text, bottom_label.c_str());
  dl->AddLine(ImVec2(plot_min.x, y_of(0)), ImVec2(plot_max.x, y_of(0)), axis);
  dl->AddLine(ImVec2(plot_min.x, y_of(hi)), ImVec2(plot_max.x, y_of(hi)), IM_COL32(70, 70, 70, 255));
  if (n == 0) return;
  const float step = (plot_max.x - plot_min.x) / static_cast<float>(n), gap = step > 4 ? 1.0f : 0.0f;
  size_t under_mouse = n;
  if (hovered) {
    const float f = (ImGui::GetIO().MousePos.x - plot_min.x) / step;
    if (f >= 0) under_mouse = std::min(n - 1, static_cast<size_t>(f));
  }
  for (size_t p = 0; p < n; ++p) {
    const double v = m.windowed_at(p, district);
    if (!std::isfinite(v) || v == 0) continue;
    const float x0 = plot_min.x + step * static_cast<float>(p), x1 = x0 + step - gap;
    const ImU32 color = p == s.period() ? IM_COL32(80, 200, 255, 255)
                        : p == under_mouse ? IM_COL32(250, 210, 120, 255)
                                           : IM_COL32(230, 160, 40, 255);
    dl->AddRectFilled(ImVec2(x0, std::min(y_of(v), y_of(0))), ImVec2(std::max(x1, x0 + 1), std::max(y_of(v), y_of(0))), color);
  }
  const float current_x = plot_min.x + step * (static_cast<float>(s.period()) + 0.5f);
  dl->AddLine(ImVec2(current_x, plot_min.y), ImVec2(current_x, plot_max.y), IM_COL32(80, 200, 255, 255), 1.5f);
  // Period axis: first and last under their ends, the current one under its line where there is room.
  const std::string first = period_text(s, 0), last = period_text(s, n - 1), now = period_text(s, s.period());
  const float label_y = plot_max.y + 2;
  const float last_w = ImGui::CalcTextSize(last.c_str()).x, first_w = ImGui::CalcTextSize(first.c_str()).x;
  dl->AddText(ImVec2(plot_min.x, label_y), text, first.c_str());
  dl->AddText(ImVec2(plot_max.x - last_w, label_y), text, last.c_str());
  const float now_w = ImGui::CalcTextSize(now.c_str()).x;
  const float now_x = std::clamp(current_x - now_w / 2, plot_min.x, plot_max.x - now_w);
  if (now_x > plot_min.x + first_w + 6 && now_x + now_w < plot_max.x - last_w - 6)
    dl->AddText(ImVec2(now_x, label_y), IM_COL32(80, 200, 255, 255), now.c_str());
  if (under_mouse < n) {
    ImGui::SetTooltip("%s: %s\n(click to go there)", window_text(cube, s.choice.window, under_mouse).c_str(),
                      format_value(m.windowed_at(under_mouse, district)).c_str());
    if (clicked) s.timeline.current = under_mouse;
  }
}

// A line that may be wider than the panel: the whole of it on hover when cut off.
void line(const std::string& text, bool muted = false) {
  if (muted)
    ImGui::TextDisabled("%s", text.c_str());
  else
    ImGui::TextUnformatted(text.c_str());
  tooltip_if_clipped(text);
}

// The core's explanation of the line above, as a wrapped tooltip while the mouse is on it.
void explain_hovered(const std::string& text) {
  if (ImGui::IsItemHovered()) wrapped_tooltip(text);
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
                        s.values->periods, t.trend.z);
    ImGui::EndGroup();
    explain_hovered(explain_emerging(t, s.trends.options));
  }
  const ScanResult& scan = s.scan.result;
  for (size_t k = 0; s.scan.computed && k < scan.clusters.size(); ++k) {
    const ScanCluster& c = scan.clusters[k];
    if (std::find(c.districts.begin(), c.districts.end(), district) == c.districts.end()) continue;
    ImGui::BeginGroup();
    ImGui::Text("Scan cluster %zu: %.0f vs %.2f expected, RR %.3g", k + 1, c.observed, c.expected, c.relative_risk);
    ImGui::TextDisabled("LLR %.2f, p %.3g (%s)", c.llr, c.p, c.p <= 0.05 ? "significant" : "not significant");
    ImGui::EndGroup();
    const Dataset* d = s.data();
    if (d) explain_hovered(explain_scan_cluster(scan, k, d->boundaries.names, s.scan.period_labels));
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
  const DistrictStat st = district_stat(*s.values, s.period(), district);
  line(fmt::format("{} {}: {}", s.frame.value_label, s.frame.when, format_value(st.value)));
  // A district with nothing in the window is not ranked ("rank 3 of 126" read as third worst).
  if (st.value != 0)
    line(fmt::format("rank {} of {}, {}", st.rank, st.ranked, change_text(st)), true);
  else
    line(fmt::format("none in {}, not ranked; {}", s.frame.when, change_text(st)), true);
  statistics(s, district);
  if (s.values->periods > 0) series_chart(s, district);
  // Totals straight from the cube: every metric, all periods, whatever the map shows.
  const Cube& c = d.cube;
  double totals[kMetricCount] = {};
  for (size_t p = 0; p < c.period_count(); ++p)
    for (int m = 0; m < kMetricCount; ++m) totals[m] += c.at(static_cast<Metric>(m), p, district);
  ImGui::Text("All periods: %s events", format_value(totals[static_cast<int>(Metric::events)]).c_str());
  line(fmt::format("{} incidents, {} operations, {} other, {} killed", format_value(totals[static_cast<int>(Metric::incidents)]),
                   format_value(totals[static_cast<int>(Metric::operations)]),
                   format_value(totals[static_cast<int>(Metric::others)]),
                   format_value(totals[static_cast<int>(Metric::fatalities)])),
       true);
  const std::vector<size_t> top = top_periods(*s.values, district, 5);
  if (!top.empty()) {
    ImGui::TextUnformatted("Top periods:");
    for (size_t p : top) {
      ImGui::SameLine();
      const std::string label = fmt::format("{} ({})", period_text(s, p), format_value(s.values->per_period_at(p, district)));
      if (ImGui::SmallButton(label.c_str())) s.timeline.current = p;
    }
  }
  rows_behind(s, d, district);
}

void top_table(AppState& s, const Dataset& d) {
  const std::vector<size_t>& top = s.top;
  if (top.empty()) {
    ImGui::TextDisabled("No district has a non-zero value in %s.", s.frame.when.c_str());
    return;
  }
  // At least eight rows high and scrolling inside: with ScrollY and no height, ImGui gives the table
  // what is left of the panel, which is nothing once the inspector above has filled it (the table
  // collapsed to its header). The panel itself scrolls to reach it.
  const float rows_h = ImGui::GetTextLineHeightWithSpacing() * 9 + ImGui::GetStyle().CellPadding.y * 18;
  const ImVec2 size(0, std::max(ImGui::GetContentRegionAvail().y, rows_h));
  if (ImGui::BeginTable("top", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY, size)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("District");
    ImGui::TableSetupColumn(s.frame.value_label.c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < top.size(); ++i) {
      const size_t district = top[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", i < s.top_rank.size() ? s.top_rank[i] : 0);
      ImGui::TableNextColumn();
      const std::string label = d.boundaries.names[district] + "##top";
      if (ImGui::Selectable(label.c_str(), static_cast<int>(district) == s.selected, ImGuiSelectableFlags_SpanAllColumns))
        s.requests.select = static_cast<int>(district);
      if (ImGui::IsItemHovered()) s.hovered = static_cast<int>(district);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_value(s.values->windowed_at(s.period(), district)).c_str());
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
                    join_method_name(d->join.method_of(d->events, i)));
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
  if (!d || s.values->districts != d->boundaries.size()) {
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
