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
// With `side_panels_hidden` (Tab) the columns take no room; the time bar stays.
PanelLayout compute_layout(float width, float height, float ui_scale, bool side_panels_hidden = false);

void draw_data_panel(AppState& s, const PanelLayout& layout);       // files, columns, join accounting
void draw_explore_panel(AppState& s, const PanelLayout& layout);    // metric, filter, window, classes, legend
void draw_timeline_bar(AppState& s, const PanelLayout& layout);     // slider, play, speed, jump
void draw_inspector_panel(AppState& s, const PanelLayout& layout);  // selected district, top-N table
void draw_export_dialog(AppState& s);  // size, DPI, path, format; then the written path (export_map.cpp)
// On the map itself: period title, unmapped count, labels, hover tooltip, loading progress.
void draw_map_overlay(AppState& s, const PanelLayout& layout, ImFont* title_font);
// The legend as a movable window over the map (title, what is shown, classes with the number of
// districts in view), kept inside the map area whatever the window size.
void draw_legend_overlay(AppState& s, const PanelLayout& layout);
// Long work running in the background (the scan, emerging hot spots, a Refresh): a bar with the
// elapsed time and a Cancel button at the top of the map, which keeps showing the previous state.
void draw_job_progress(AppState& s, const PanelLayout& layout);

// Shared helpers for panels.
void help_marker(const char* text);
// After a line of text: its whole text as a tooltip when the panel cuts it off and the mouse is on it.
void tooltip_if_clipped(const std::string& text);
// A tooltip of `text` wrapped at 36 font sizes (call while the item is hovered).
void wrapped_tooltip(const std::string& text);
void section_title(const char* text);  // ImGui 1.86 has no SeparatorText
std::string format_value(double v);
std::string period_text(const AppState& s, size_t period);
// The input rows behind a number (core/join/row_audit.hpp): a table (source, row, place, date, district
// and method) and a button exporting them with the `zila report --rows-out` writer to
// zila-rows-<what>.csv. `id` keeps the widgets of several lists apart.
void rows_table(AppState& s, const std::vector<size_t>& rows, const char* id, const std::string& what);

}  // namespace zila::ui
