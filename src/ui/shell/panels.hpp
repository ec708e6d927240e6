// The window's panels: one function each over AppState (Dear ImGui immediate mode, no panel state).
#pragma once
#include "ui/logic/app_state.hpp"

struct ImFont;

namespace zila::ui {

// Fixed layout: a left column (data, join), a right column (map settings, legend, inspector) and a
// time bar along the bottom of the map; the map fills the rest.
struct PanelLayout {
  float width = 0, height = 0;
  float left = 0, right = 0, bottom = 0;  // column widths and bar height in pixels
  PixelRect map_area() const {
    return {left, 0, static_cast<double>(width - left - right), static_cast<double>(height - bottom)};
  }
};
PanelLayout compute_layout(float width, float height, float ui_scale);

void draw_data_panel(AppState& s, const PanelLayout& layout);       // files, columns, join accounting
void draw_explore_panel(AppState& s, const PanelLayout& layout);    // metric, filter, window, classes, legend
void draw_timeline_bar(AppState& s, const PanelLayout& layout);     // slider, play, speed, jump
void draw_inspector_panel(AppState& s, const PanelLayout& layout);  // selected district, top-N table
// On the map itself: period title, unmapped count, labels, hover tooltip, loading progress.
void draw_map_overlay(AppState& s, const PanelLayout& layout, ImFont* title_font);

// Shared helpers for panels.
void help_marker(const char* text);
void section_title(const char* text);  // ImGui 1.86 has no SeparatorText
std::string format_value(double v);
std::string period_text(const AppState& s, size_t period);
// The input rows behind a number (core/join/row_audit.hpp): a table (source, row, place, date, district
// and method) and a button exporting them with the `zila report --rows-out` writer to
// zila-rows-<what>.csv. `id` keeps the widgets of several lists apart.
void rows_table(AppState& s, const std::vector<size_t>& rows, const char* id, const std::string& what);

}  // namespace zila::ui
