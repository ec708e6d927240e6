// Drawn over the map with ImGui's background draw list (under the panels, over the SFML map):
// the current period in large type, the unmapped-events count, district labels and the hover tooltip.
#include <algorithm>
#include <chrono>
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

// What the last placement was made from; labels are placed again only when one of these changes
// (panning, zooming, the period, the map's colours or the label settings), not every frame.
struct LabelCache {
  const Boundaries* districts = nullptr;
  size_t district_count = 0;  // with the address: a reloaded dataset at the same address still differs
  LabelView view;
  LabelBox area;
  std::vector<LabelBox> blocked;
  float text_size = 0;
  size_t frame_version = 0;  // AppState::frame_version: the colours, hence which districts come first
  LabelSettings settings;
  LabelPlacer placer{LabelRequest{}};  // placing, or done

  bool same(const LabelCache& o) const {
    return districts == o.districts && district_count == o.district_count && view.center.x == o.view.center.x && view.center.y == o.view.center.y &&
           view.pixels_per_metre == o.view.pixels_per_metre && view.width == o.view.width && view.height == o.view.height &&
           same_box(area, o.area) && text_size == o.text_size && frame_version == o.frame_version && settings == o.settings &&
           std::equal(blocked.begin(), blocked.end(), o.blocked.begin(), o.blocked.end(), same_box);
  }
  static bool same_box(const LabelBox& a, const LabelBox& b) {
    return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
  }
};

// A new placement runs up to kFirstLabelBudget in the frame that asks for it (a map of a few thousand
// districts is labelled at once), then kLabelBudget a frame until done, the labels placed so far
// drawn meanwhile: the strongest districts come first, and a step over 100k districts never stalls
// the window for the whole placement.
constexpr auto kFirstLabelBudget = std::chrono::milliseconds(50);
constexpr auto kLabelBudget = std::chrono::milliseconds(8);

// Names from core/map/labels (the slides use the same placement): coloured districts first, small
// ones with a leader line and a dot, each name on a light halo. Sets `s.labels_pending` while the
// placement is unfinished (MapApp draws another frame).
void draw_labels(AppState& s, const Dataset& d, ImDrawList* dl, std::vector<LabelBox> blocked) {
  static LabelCache cache;
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize() * 0.92f;
  const PixelRect& a = s.map_area;
  LabelCache next;
  next.districts = &d.boundaries;
  next.district_count = d.boundaries.size();
  next.view = {s.view.center, s.view.pixels_per_metre, 0, 0, s.view.width, s.view.height};
  next.area = {a.x, a.y, a.x + a.w, a.y + a.h};
  next.blocked = std::move(blocked);
  next.text_size = size;
  next.frame_version = s.frame_version;
  next.settings = s.label_settings;
  auto budget = kLabelBudget;
  if (!next.same(cache)) {
    LabelRequest r;
    r.districts = next.districts;
    r.priority = &s.frame.label_priority;
    r.view = next.view;
    r.area = next.area;
    // By value: the placer may go on measuring in later frames.
    r.text_width = [font, size](std::string_view name) {
      return static_cast<double>(font->CalcTextSizeA(size, FLT_MAX, 0, name.data(), name.data() + name.size()).x);
    };
    r.text_height = size;
    r.scale = size / 13.0;
    r.blocked = next.blocked;
    r.settings = next.settings;
    next.placer = LabelPlacer(r);
    cache = std::move(next);
    budget = kFirstLabelBudget;
  }
  if (!cache.placer.done()) cache.placer.run(std::chrono::steady_clock::now() + budget);
  s.labels_pending = !cache.placer.done();
  const ImU32 ink = IM_COL32(25, 25, 25, 255), halo = IM_COL32(255, 255, 255, 200);
  for (const PlacedLabel& l : cache.placer.placement().labels) {
    if (!l.leader) continue;
    const ImVec2 from(static_cast<float>(l.anchor.x), static_cast<float>(l.anchor.y));
    const ImVec2 to(static_cast<float>(l.leader_end.x), static_cast<float>(l.leader_end.y));
    dl->AddLine(from, to, halo, 3.0f);
    dl->AddLine(from, to, ink, 1.2f);
    dl->AddCircleFilled(from, 2.5f, ink);
  }
  for (const PlacedLabel& l : cache.placer.placement().labels)
    halo_text(dl, font, size, ImVec2(static_cast<float>(l.box.x0), static_cast<float>(l.box.y0)), ink, halo,
              d.boundaries.names[l.district].c_str());
}

void hover_tooltip(const AppState& s, const Dataset& d) {
  const size_t i = static_cast<size_t>(s.hovered);
  const DistrictStat st = district_stat(*s.values, s.period(), i);
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
  std::vector<LabelBox> blocked;
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
  blocked.push_back({area.x, area.y, area.x + period_size.x + 2 * pad + 20, area.y + period_size.y + ImGui::GetFontSize() + 2 * pad});

  // Never a silent loss: events that could not be placed on a district are counted on the map, in the
  // words of the exported slide's note.
  const bool loss = !s.frame.note.empty();
  const std::string unmapped = loss ? s.frame.note : fmt::format("All {} events on the map", d->join.events_joined);
  const ImVec2 usize = ImGui::CalcTextSize(unmapped.c_str());
  const ImVec2 upos(static_cast<float>(area.x + area.w) - usize.x - pad - 8, static_cast<float>(area.y) + pad);
  dl->AddRectFilled(ImVec2(upos.x - 8, upos.y - 5), ImVec2(upos.x + usize.x + 8, upos.y + usize.y + 5),
                    loss ? IM_COL32(170, 40, 35, 225) : IM_COL32(45, 60, 80, 200), 6.0f);
  dl->AddText(upos, IM_COL32(255, 255, 255, 255), unmapped.c_str());
  blocked.push_back({upos.x - 10.0, upos.y - 7.0, upos.x + usize.x + 10.0, upos.y + usize.y + 7.0});

  const PixelRect& legend = s.legend_rect;
  if (legend.w > 0) blocked.push_back({legend.x, legend.y, legend.x + legend.w, legend.y + legend.h});
  s.labels_pending = false;
  if (s.show_labels) draw_labels(s, *d, dl, std::move(blocked));
  if (s.hovered >= 0 && static_cast<size_t>(s.hovered) < d->boundaries.size() && !ImGui::GetIO().WantCaptureMouse)
    hover_tooltip(s, *d);
}

}  // namespace zila::ui
