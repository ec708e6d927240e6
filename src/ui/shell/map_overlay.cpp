// Drawn over the map with ImGui's background draw list (under the panels, over the SFML map):
// the current period in large type, the unmapped-events count, district labels and the hover tooltip.
#include <algorithm>
#include <cmath>
#include <fmt/core.h>
#include <imgui.h>

#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

// Text with a light halo so it reads on any fill colour.
void halo_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 color, ImU32 halo, const char* text) {
  // Four diagonal copies read as well as eight and halve the text llvmpipe has to fill.
  for (const ImVec2 d : {ImVec2(-1, -1), ImVec2(1, -1), ImVec2(-1, 1), ImVec2(1, 1)})
    dl->AddText(font, size, ImVec2(pos.x + d.x, pos.y + d.y), halo, text);
  dl->AddText(font, size, pos, color, text);
}

void draw_labels(const AppState& s, const Dataset& d, ImDrawList* dl, std::span<const PixelRect> blocked) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize() * 0.92f;
  std::vector<LabelCandidate> candidates;
  const Boundaries& b = d.boundaries;
  for (size_t i = 0; i < b.size() && i < b.label_points.size() && i < s.boxes.size(); ++i) {
    const Point anchor = s.view.to_pixel(b.label_points[i]);
    if (!s.map_area.contains(anchor)) continue;
    const ImVec2 text = font->CalcTextSizeA(size, FLT_MAX, 0, b.names[i].c_str());
    const double room = s.boxes[i].width() * s.view.pixels_per_metre;
    double priority = i < b.area_km2.size() ? b.area_km2[i] : 0;
    if (static_cast<int>(i) == s.selected || static_cast<int>(i) == s.hovered) priority += 1e12;  // always try first
    candidates.push_back({static_cast<int>(i), anchor, text.x, text.y, room, priority});
  }
  for (size_t k : place_labels(candidates, s.map_area, blocked)) {
    const LabelCandidate& c = candidates[k];
    const ImVec2 pos(static_cast<float>(c.anchor.x - c.text_w / 2), static_cast<float>(c.anchor.y - c.text_h / 2));
    halo_text(dl, font, size, pos, IM_COL32(25, 25, 25, 255), IM_COL32(255, 255, 255, 170),
              b.names[static_cast<size_t>(c.district)].c_str());
  }
}

void hover_tooltip(const AppState& s, const Dataset& d) {
  const size_t i = static_cast<size_t>(s.hovered);
  const DistrictStat st = district_stat(s.values, s.period(), i);
  const MapFrame& f = s.frame;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(d.boundaries.names[i].c_str());
  if (i < d.boundaries.parents.size() && !d.boundaries.parents[i].empty())
    ImGui::TextDisabled("%s", d.boundaries.parents[i].c_str());
  ImGui::Separator();
  ImGui::Text("%s %s: %s", f.value_label.c_str(), f.when.c_str(), format_value(st.value).c_str());
  if (st.value != 0)
    ImGui::Text("Rank %d of %zu districts", st.rank, st.ranked);
  else
    ImGui::TextDisabled("None reported in %s", f.when.c_str());
  if (st.has_previous) {
    const double diff = st.value - st.previous;
    ImGui::Text("Change vs %s: %s%s", window_text(d.cube, s.choice.window, s.period() - 1).c_str(), diff > 0 ? "+" : "",
                format_value(diff).c_str());
  }
  ImGui::TextDisabled("Click for details");
  ImGui::EndTooltip();
}

}  // namespace

void draw_map_overlay(AppState& s, const PanelLayout& layout, ImFont* title_font) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const PixelRect area = layout.map_area();
  const float pad = 14;
  std::vector<PixelRect> blocked;
  const Dataset* d = s.data();

  if (!d) {
    const std::string text = s.load.busy ? fmt::format("{}...  {:.1f} s", s.load.stage, s.load.seconds)
                                          : (s.load_error.empty() ? "No data" : "Could not load the data: see the Data panel");
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    dl->AddText(ImVec2(static_cast<float>(area.x + area.w / 2) - size.x / 2, static_cast<float>(area.y + area.h / 2)),
                IM_COL32(60, 60, 60, 255), text.c_str());
    return;
  }

  // The window shown ("2012", "2004 – 2012", "3 years to 2012"), large, top-left of the map; under it
  // what is shown.
  const ImVec2 origin(static_cast<float>(area.x) + pad, static_cast<float>(area.y) + pad);
  const std::string& period = s.frame.when;
  const float title_size = title_font ? title_font->FontSize : ImGui::GetFontSize() * 2.5f;
  ImFont* font = title_font ? title_font : ImGui::GetFont();
  const ImVec2 period_size = font->CalcTextSizeA(title_size, FLT_MAX, 0, period.c_str());
  halo_text(dl, font, title_size, origin, IM_COL32(30, 30, 30, 255), IM_COL32(255, 255, 255, 200), period.c_str());
  const std::string subtitle = fmt::format("{}{}", s.frame.title, s.timeline.playing ? "   playing" : "");
  const ImVec2 sub_pos(origin.x + 2, origin.y + period_size.y);
  halo_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), sub_pos, IM_COL32(70, 70, 70, 255), IM_COL32(255, 255, 255, 200),
            subtitle.c_str());
  blocked.push_back({area.x, area.y, period_size.x + 2 * pad + 20, period_size.y + ImGui::GetFontSize() + 2 * pad});

  // Never a silent loss: events that could not be placed on a district are counted on the map, in the
  // words of the exported slide's note.
  const bool loss = !s.frame.note.empty();
  const std::string unmapped = loss ? s.frame.note : fmt::format("All {} events on the map", d->join.events_joined);
  const ImVec2 usize = ImGui::CalcTextSize(unmapped.c_str());
  const ImVec2 upos(static_cast<float>(area.x + area.w) - usize.x - pad - 8, static_cast<float>(area.y) + pad);
  dl->AddRectFilled(ImVec2(upos.x - 8, upos.y - 5), ImVec2(upos.x + usize.x + 8, upos.y + usize.y + 5),
                    loss ? IM_COL32(170, 40, 35, 225) : IM_COL32(45, 60, 80, 200), 6.0f);
  dl->AddText(upos, IM_COL32(255, 255, 255, 255), unmapped.c_str());
  blocked.push_back({upos.x - 10.0, upos.y - 7.0, usize.x + 20.0, usize.y + 14.0});

  if (s.show_labels) draw_labels(s, *d, dl, blocked);
  if (s.hovered >= 0 && static_cast<size_t>(s.hovered) < d->boundaries.size() && !ImGui::GetIO().WantCaptureMouse)
    hover_tooltip(s, *d);
}

}  // namespace zila::ui
