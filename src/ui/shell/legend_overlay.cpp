// The legend over the map: always in sight (the side panels can be hidden, the legend cannot), movable
// with the mouse, pulled back inside the map area when the window shrinks or the panels open.
#include <algorithm>
#include <fmt/core.h>
#include <imgui.h>

#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

// The corner of the map area where the legend hides least of the coloured districts (their on-screen
// boxes, by overlapping area). The current corner is kept unless another is clearly better, so the
// legend does not jump about while panning. Top corners start below the title and the note.
int best_corner(const AppState& s, const PixelRect& area, float w, float h, float pad, float top_margin) {
  const LabelPriority& priority = s.frame.label_priority;
  auto rect = [&](int corner) {
    const double x = corner % 2 == 0 ? area.x + pad : area.x + area.w - pad - w;
    const double y = corner < 2 ? area.y + area.h - pad - h : area.y + top_margin;
    return LabelBox{x, y, x + w, y + h};
  };
  double hidden[4] = {0, 0, 0, 0};
  for (size_t d = 0; d < s.boxes.size() && d < priority.coloured.size(); ++d) {
    if (!priority.coloured[d]) continue;
    const Point a = s.view.to_pixel({s.boxes[d].min_x, s.boxes[d].max_y});
    const Point b = s.view.to_pixel({s.boxes[d].max_x, s.boxes[d].min_y});
    for (int c = 0; c < 4; ++c) {
      const LabelBox r = rect(c);
      const double ox = std::min(r.x1, b.x) - std::max(r.x0, a.x), oy = std::min(r.y1, b.y) - std::max(r.y0, a.y);
      if (ox > 0 && oy > 0) hidden[c] += ox * oy;
    }
  }
  int best = s.legend_corner;
  for (int c = 0; c < 4; ++c)
    if (hidden[c] < 0.8 * hidden[best] - 1) best = c;
  return best;
}

}  // namespace

void draw_legend_overlay(AppState& s, const PanelLayout& layout) {
  if (!s.data() || s.frame.legend.entries.empty()) {
    s.legend_rect = {};
    return;
  }
  const PixelRect area = layout.map_area();
  const float pad = 12;
  // In the corner that hides least of the coloured districts until the user drags it; then where it
  // was left, clamped below.
  if (!s.legend_moved) {
    const float w = static_cast<float>(s.legend_rect.w), h = static_cast<float>(s.legend_rect.h);
    s.legend_corner = best_corner(s, area, w, h, pad, ImGui::GetFontSize() * 5.5f);
    const int c = s.legend_corner;
    ImGui::SetNextWindowPos(ImVec2(c % 2 == 0 ? static_cast<float>(area.x) + pad : static_cast<float>(area.x + area.w) - pad - w,
                                   c < 2 ? static_cast<float>(area.y + area.h) - pad - h
                                         : static_cast<float>(area.y) + ImGui::GetFontSize() * 5.5f));
  }
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(252, 252, 250, 245));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(30, 30, 30, 255));
  ImGui::PushStyleColor(ImGuiCol_TextDisabled, IM_COL32(95, 95, 95, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(160, 160, 160, 255));
  ImGui::Begin("Legend##overlay", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  if (ImGui::IsWindowHovered() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) s.legend_moved = true;
  const Legend& legend = s.frame.legend;
  const float wrap = 230 * ImGui::GetFontSize() / 16;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextUnformatted(s.frame.title.c_str());
  ImGui::TextDisabled("%s", s.frame.subtitle.c_str());
  if (legend.title != s.frame.value_label) ImGui::TextUnformatted(legend.title.c_str());
  ImGui::PopTextWrapPos();
  // The classes' method and whether they are fixed over time: on hover, to keep the legend small.
  if (ImGui::IsWindowHovered() && !legend.mode_note.empty()) ImGui::SetTooltip("%s", legend.mode_note.c_str());
  size_t in_view = 0;
  const std::vector<size_t> counts = legend_counts_in_view(s.frame, s.boxes, s.view, s.map_area, in_view);
  const float swatch_w = ImGui::GetFontSize() * 2, line = ImGui::GetTextLineHeight();
  if (ImGui::BeginTable("legend", 3, ImGuiTableFlags_SizingFixedFit)) {
    for (size_t i = 0; i < legend.entries.size(); ++i) {
      const LegendEntry& row = legend.entries[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddRectFilled(at, ImVec2(at.x + swatch_w, at.y + line), IM_COL32(row.color.r, row.color.g, row.color.b, 255));
      dl->AddRect(at, ImVec2(at.x + swatch_w, at.y + line), IM_COL32(120, 120, 120, 255));
      ImGui::Dummy(ImVec2(swatch_w, line));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.label.c_str());
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%zu", counts[i]);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%zu district%s in view (%zu on the whole map)", counts[i], counts[i] == 1 ? "" : "s",
                          row.districts);
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%zu of %zu districts in view", in_view, s.frame.district_colors.size());

  // Never clipped: pulled back inside the map area (its top-left first when it is the larger).
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  const float max_x = static_cast<float>(area.x + area.w) - size.x, max_y = static_cast<float>(area.y + area.h) - size.y;
  const ImVec2 clamped(std::max(std::min(pos.x, max_x), static_cast<float>(area.x)),
                       std::max(std::min(pos.y, max_y), static_cast<float>(area.y)));
  if (clamped.x != pos.x || clamped.y != pos.y) ImGui::SetWindowPos(clamped);
  s.legend_rect = {clamped.x, clamped.y, size.x, size.y};
  ImGui::End();
  ImGui::PopStyleColor(4);
}

}  // namespace zila::ui
