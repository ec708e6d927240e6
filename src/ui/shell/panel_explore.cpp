// Right column, top: what the map shows (metric, categories, window, classes) and its legend.
// Bottom bar: the time slider. Also the helpers shared by all panels.
#include <algorithm>
#include <cmath>
#include <fmt/core.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/shell/panels.hpp"

namespace zila::ui {

PanelLayout compute_layout(float width, float height, float ui_scale, bool side_panels_hidden) {
  PanelLayout l;
  l.width = width;
  l.height = height;
  // Columns shrink on small windows so the map keeps at least ~40% of the width.
  l.left = side_panels_hidden ? 0 : std::min(380.0f * ui_scale, width * 0.3f);
  l.right = side_panels_hidden ? 0 : std::min(360.0f * ui_scale, width * 0.3f);
  l.bottom = std::min(112.0f * ui_scale, height * 0.3f);
  return l;
}

void tooltip_if_clipped(const std::string& text) {
  if (!ImGui::IsItemHovered()) return;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x <= right + 0.5f && ImGui::GetItemRectMin().x >= ImGui::GetWindowPos().x) return;
  wrapped_tooltip(text);
}

void wrapped_tooltip(const std::string& text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void section_title(const char* text) {
  ImGui::Spacing();
  ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), "%s", text);
  ImGui::Separator();
}

std::string format_value(double v) {
  if (std::isnan(v)) return "no data";
  if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{:.0f}", v);
  return fmt::format("{:.1f}", v);
}

std::string period_text(const AppState& s, size_t period) {
  const Dataset* d = s.data();
  if (!d || period >= d->cube.period_count()) return "-";
  return period_label(d->cube.bin, d->cube.period_starts[period]);
}

namespace {

void metric_section(AppState& s) {
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##metric", metric_label(s.choice.metric))) {
    for (Metric metric : enum_values<Metric>()) {
      if (ImGui::Selectable(metric_label(metric), metric == s.choice.metric)) s.choice.metric = metric;
    }
    ImGui::EndCombo();
  }
  ImGui::BeginDisabled(!category_filter_applies(s.choice.metric));
  const char* names[] = {"Incidents", "Operations", "Other"};
  for (size_t k = 0; k < s.choice.categories.size(); ++k) {
    if (k > 0) ImGui::SameLine();
    ImGui::Checkbox(names[k], &s.choice.categories[k]);
  }
  ImGui::EndDisabled();
  if (!category_filter_applies(s.choice.metric)) help_marker("The category filter applies to the Events metric.");

  int mode = static_cast<int>(s.choice.window.mode);
  ImGui::RadioButton("Per period", &mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Cumulative", &mode, 1);
  ImGui::SameLine();
  ImGui::RadioButton("Rolling", &mode, 2);
  s.choice.window.mode = static_cast<WindowMode>(mode);
  if (s.choice.window.mode == WindowMode::rolling) {
    ImGui::SetNextItemWidth(120);
    ImGui::SliderInt("periods", &s.choice.window.rolling_periods, 2, 24);
  }
  if (const Dataset* d = s.data()) {
    // The one time-bin control: live (rejoin re-bins; the timeline keeps its date), and the next Load uses it.
    ImGui::SetNextItemWidth(120);
    if (ImGui::BeginCombo("Time bin", name_cstr(d->cube.bin))) {
      for (Bin bin : enum_values<Bin>()) {
        if (ImGui::Selectable(name_cstr(bin), bin == d->cube.bin) && bin != d->cube.bin) {
          s.options.bin = s.form.bin = bin;
          s.requests.rejoin = true;
        }
      }
      ImGui::EndCombo();
    }
  }
}

void mode_section(AppState& s) {
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##mode", map_mode_label(s.mode))) {
    for (int m = 0; m < kMapModeCount; ++m) {
      const auto mode = static_cast<MapMode>(m);
      ImGui::BeginDisabled((mode_needs_weights(mode) && !s.has_weights()) ||
                           (mode == MapMode::rate_per_population && !s.has_population()));
      if (ImGui::Selectable(map_mode_label(mode), mode == s.mode)) s.mode = mode;
      ImGui::EndDisabled();
    }
    ImGui::EndCombo();
  }
  AnalysisSettings& a = s.analysis;
  if (s.mode == MapMode::change) {
    int percent = a.change_percent ? 1 : 0;
    ImGui::RadioButton("Absolute", &percent, 0);
    ImGui::SameLine();
    ImGui::RadioButton("Percent", &percent, 1);
    a.change_percent = percent == 1;
    help_marker("Change of the shown values against the previous period. Districts with few events before and "
                "now are 'limited change': 1 to 3 events is +200% but says nothing.");
  }
  if (mode_needs_weights(s.mode)) {
    const int choices[] = {0, 99, 999, 9999};
    ImGui::SetNextItemWidth(110);
    if (ImGui::BeginCombo("Permutations", a.permutations ? std::to_string(a.permutations).c_str() : "none")) {
      for (int n : choices)
        if (ImGui::Selectable(n ? std::to_string(n).c_str() : "none (analytic p)", n == a.permutations)) a.permutations = n;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox("FDR", &a.false_discovery_rate);
    help_marker("Conditional permutation pseudo p-values (seeded, reproducible); FDR applies the "
                "Benjamini-Hochberg correction across districts. Neighbours: queen contiguity.");
    if (s.mode == MapMode::scan)
      help_marker("Space-time scan (Kulldorff, as SaTScan) over all periods: the permutations setting is its number of "
                  "Monte Carlo replications (at least 99). Expected counts from population when loaded, else area; "
                  "clusters are connected sets of up to half of it over up to half of the periods. A significant "
                  "cluster is coloured in the periods it spans and pale in the others. FDR does not apply. The window "
                  "waits while it runs: seconds for years, up to a minute for months at 999; 99 gives a quick look.");
  }
  if (!s.analysis_error.empty()) ImGui::TextColored(ImVec4(0.95f, 0.35f, 0.3f, 1), "%s", s.analysis_error.c_str());
}

void classes_section(AppState& s) {
  ClassSpec& spec = s.style.spec;
  const ClassMethod methods[] = {ClassMethod::natural_breaks, ClassMethod::quantile, ClassMethod::equal_interval,
                                 ClassMethod::std_dev};
  ImGui::SetNextItemWidth(150);
  if (ImGui::BeginCombo("Method", class_method_label(spec.method))) {
    for (ClassMethod m : methods)
      if (ImGui::Selectable(class_method_label(m), m == spec.method)) spec.method = m;
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(150);
  ImGui::SliderInt("Classes", &spec.classes, 2, 9);
  ImGui::SetNextItemWidth(150);
  const bool diverging = metric_is_diverging(s.choice.metric);
  std::string& ramp = diverging ? s.style.diverging_ramp : s.style.ramp;
  if (ImGui::BeginCombo("Colours", ramp.c_str())) {
    for (const auto& name : ramp_names()) {
      const std::string label = ramp_is_colorblind_safe(name) ? name + "  (colour-blind safe)" : name;
      if (ImGui::Selectable(label.c_str(), name == ramp)) ramp = name;
    }
    ImGui::EndCombo();
  }
  ImGui::Checkbox("Zero class", &spec.zero_class);
  ImGui::SameLine();
  bool locked = s.style.mode == LegendMode::locked;
  if (ImGui::Checkbox("Lock classes", &locked)) s.style.mode = locked ? LegendMode::locked : LegendMode::per_period;
  help_marker("Locked: one set of class breaks over all periods, so colours compare across time.\n"
              "Unlocked: breaks recomputed for each period.");
}

// Coloured districts are always named; the density adds the largest of the others. The selected
// district's name can be pinned (always shown, leadered when small) or hidden.
void label_controls(AppState& s) {
  LabelSettings& ls = s.label_settings;
  float density = static_cast<float>(ls.density * 100);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  if (ImGui::SliderFloat("Label density", &density, 0, 100, "%.0f%%")) ls.density = density / 100.0;
  help_marker("Districts the map colours are always labelled (a leader line when the name does not fit).\n"
              "This adds the largest of the others: 0% none, 100% every one with room.");
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 130);
  ImGui::InputTextWithHint("##project", "project path", &s.project_path);
  ImGui::SameLine();
  if (ImGui::Button("Save project", ImVec2(-FLT_MIN, 0))) s.requests.save_project = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Data, view and labels (density, pinned, hidden) as JSON: zila render --project / zila view --project");
  const Dataset* d = s.data();
  if (!d || s.selected < 0 || static_cast<size_t>(s.selected) >= d->boundaries.size()) return;
  const std::string& name = d->boundaries.names[static_cast<size_t>(s.selected)];
  auto in = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), name) != v.end(); };
  auto drop = [&](std::vector<std::string>& v) { v.erase(std::remove(v.begin(), v.end(), name), v.end()); };
  int choice = in(ls.pinned) ? 1 : in(ls.hidden) ? 2 : 0;
  ImGui::TextDisabled("Label of %s:", name.c_str());
  bool changed = ImGui::RadioButton("auto", &choice, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("pinned", &choice, 1);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("hidden", &choice, 2);
  if (changed) {
    drop(ls.pinned);
    drop(ls.hidden);
    if (choice == 1) ls.pinned.push_back(name);
    if (choice == 2) ls.hidden.push_back(name);
  }
}

void view_section(AppState& s) {
  if (ImGui::Button("Fit all (F)")) s.requests.fit = true;
  ImGui::SameLine();
  const Dataset* d = s.data();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (d && ImGui::BeginCombo("##region", s.region.empty() ? "Zoom to province" : s.region.c_str())) {
    std::vector<std::string> parents = d->boundaries.parents;
    std::sort(parents.begin(), parents.end());
    parents.erase(std::unique(parents.begin(), parents.end()), parents.end());
    for (const auto& p : parents)
      if (!p.empty() && ImGui::Selectable(p.c_str(), p == s.region)) {
        s.region = p;
        s.requests.zoom_region = true;
      }
    ImGui::EndCombo();
  }
  ImGui::Checkbox("District labels (L)", &s.show_labels);
  label_controls(s);
  if (ImGui::Button("Export...", ImVec2(-FLT_MIN, 0))) s.export_form.open = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The current map as a slide: PNG, SVG, GIF or MP4, size and path (Ctrl+E)");
}

}  // namespace

void draw_explore_panel(AppState& s, const PanelLayout& layout) {
  ImGui::SetNextWindowPos(ImVec2(layout.width - layout.right, 0));
  ImGui::SetNextWindowSize(ImVec2(layout.right, layout.height * 0.56f));
  ImGui::Begin("Map", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  mode_section(s);
  metric_section(s);
  if (ImGui::CollapsingHeader("Classes and colours")) classes_section(s);
  if (ImGui::CollapsingHeader("View", ImGuiTreeNodeFlags_DefaultOpen)) view_section(s);
  ImGui::End();
}

void draw_timeline_bar(AppState& s, const PanelLayout& layout) {
  ImGui::SetNextWindowPos(ImVec2(layout.left, layout.height - layout.bottom));
  ImGui::SetNextWindowSize(ImVec2(layout.width - layout.left - layout.right, layout.bottom));
  ImGui::Begin("Time", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  Timeline& t = s.timeline;
  if (t.period_count == 0) {
    ImGui::TextDisabled(s.load.busy ? "Loading..." : "No periods: load events with dates.");
    ImGui::End();
    return;
  }
  const std::span<const uint8_t> has_data(s.values->has_data);
  ImGui::BeginDisabled(t.current == 0);
  if (ImGui::Button("|<")) t.current = 0;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::ArrowButton("back", ImGuiDir_Left)) timeline_step(t, -1, has_data);
  ImGui::SameLine();
  if (ImGui::Button(t.playing ? "Pause" : "Play", ImVec2(64, 0))) timeline_toggle_play(t);
  ImGui::SameLine();
  if (ImGui::ArrowButton("forward", ImGuiDir_Right)) timeline_step(t, 1, has_data);
  ImGui::SameLine();
  ImGui::BeginDisabled(t.current + 1 >= t.period_count);
  if (ImGui::Button(">|")) t.current = t.period_count - 1;
  ImGui::EndDisabled();
  ImGui::SameLine();
  // Events per period over the whole range, so the user sees where the data is before scrubbing.
  const float plot_x = ImGui::GetCursorPosX();
  std::vector<float> totals(s.values->periods, 0.0f);
  for (size_t p = 0; p < s.values->periods; ++p)
    for (size_t d = 0; d < s.values->districts; ++d)
      totals[p] += static_cast<float>(std::abs(s.values->per_period_at(p, d)));
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::PlotHistogram("##totals", totals.data(), static_cast<int>(totals.size()), 0, nullptr, 0.0f, FLT_MAX,
                       ImVec2(width, ImGui::GetFrameHeight()));
  ImGui::SetCursorPosX(plot_x);
  int current = static_cast<int>(t.current);
  ImGui::SetNextItemWidth(width);
  if (ImGui::SliderInt("##period", &current, 0, static_cast<int>(t.period_count) - 1, period_text(s, t.current).c_str()))
    t.current = static_cast<size_t>(current);

  ImGui::Checkbox("Loop", &t.loop);
  ImGui::SameLine();
  ImGui::Checkbox("Skip empty", &t.skip_empty);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(150);
  ImGui::SliderFloat("##speed", &t.periods_per_second, 0.5f, 20.0f, "%.1f periods/s", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(130);
  const bool entered = ImGui::InputTextWithHint("##jump", "jump to date", &s.jump_text, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button("Go") || entered)
    s.jump_failed = !timeline_jump_to_date(t, s.data()->cube.period_starts, s.jump_text);
  if (s.jump_failed) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.95f, 0.35f, 0.3f, 1), "not a date");
  }
  ImGui::SameLine();
  ImGui::TextDisabled("Space play  Left/Right step  Home/End");
  ImGui::End();
}

}  // namespace zila::ui
