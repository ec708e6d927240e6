// Ctrl+E / "Export...": a dialog for the format (PNG, SVG, or every period as GIF or MP4), size or
// DPI and path; then the map as shown, composed and written by the same functions as `zila render`
// (render/export.hpp: export_slide for the picture of the window's own MapFrame, export_frames with the
// window's view for animations), and the written path shown in the dialog.
#include <fmt/core.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/text.hpp"
#include "render/export.hpp"
#include "render/headless_display.hpp"
#include "render/slide_content.hpp"
#include "ui/logic/mode_frames.hpp"
#include "ui/shell/map_app.hpp"
#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExtensions[] = {".png", ".svg", ".gif", ".mp4"};
constexpr const char* kFormatNames[] = {"PNG", "SVG", "GIF (every period)", "MP4 (every period)"};

bool is_animation(ExportFormat f) { return f == ExportFormat::gif || f == ExportFormat::mp4; }

// The settings `zila render` would take for this export: size (or DPI), path, formats.
RenderSettings export_settings(const ExportForm& form) {
  RenderSettings r;
  r.width = form.width;
  r.height = form.height;
  if (form.dpi > 0) std::tie(r.width, r.height) = slide_size_at_dpi(form.dpi);  // as `zila render --dpi`
  r.out = form.path;
  const std::string wanted = kExtensions[static_cast<int>(form.format)];
  const std::string extension = ascii_lower(fs::path(form.path).extension().string());
  if (extension != wanted)
    throw Error(fmt::format("'{}': a {} export is a file ending in {}", form.path, kFormatNames[static_cast<int>(form.format)],
                            wanted));
  r.all_periods = is_animation(form.format);
  r.gif = form.format == ExportFormat::gif;
  r.mp4 = form.format == ExportFormat::mp4;
  validate_render_settings(r);
  return r;
}

}  // namespace

BBox visible_extent(const AppState& s) {
  BBox extent;
  const PixelRect& a = s.map_area;
  extent.expand(s.view.to_map({a.x, a.y}));
  extent.expand(s.view.to_map({a.x + a.w, a.y + a.h}));
  return extent;
}

void draw_export_dialog(AppState& s) {
  ExportForm& f = s.export_form;
  if (f.open) {
    ImGui::OpenPopup("Export map");
    f.open = false;
  }
  if (!ImGui::BeginPopupModal("Export map", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::TextUnformatted("Format");
  for (int k = 0; k < 4; ++k) {
    if (k > 0) ImGui::SameLine();
    if (ImGui::RadioButton(kFormatNames[k], static_cast<int>(f.format) == k)) {
      f.format = static_cast<ExportFormat>(k);
      f.path = fs::path(f.path).replace_extension(kExtensions[k]).string();
    }
  }
  ImGui::SetNextItemWidth(420);
  ImGui::InputText("Path", &f.path);
  if (is_animation(f.format)) {
    const Dataset* d = s.data();
    ImGui::TextDisabled("%zu frames (PNG) into %s/, the animation beside them", d ? d->cube.period_count() : 0,
                        fs::path(f.path).replace_extension().string().c_str());
  }
  ImGui::BeginDisabled(f.dpi > 0);
  int size[2] = {f.width, f.height};
  ImGui::SetNextItemWidth(200);
  if (ImGui::InputInt2("Size (pixels)", size)) f.width = size[0], f.height = size[1];
  ImGui::SameLine();
  if (ImGui::SmallButton("1080p")) f.width = 1920, f.height = 1080;
  ImGui::SameLine();
  if (ImGui::SmallButton("4K")) f.width = 3840, f.height = 2160;
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(200);
  ImGui::InputInt("DPI", &f.dpi, 24, 96);
  f.dpi = std::max(f.dpi, 0);
  ImGui::SameLine();
  help_marker("0: the size above. Otherwise a 13.33 x 7.5 in slide (PowerPoint's 16:9) at this DPI: 144 gives "
              "1920x1080, 288 gives 3840x2160.");
  ImGui::Separator();
  if (ImGui::Button("Export", ImVec2(120, 0))) s.requests.export_map = true;
  ImGui::SameLine();
  if (ImGui::Button("Close", ImVec2(120, 0))) ImGui::CloseCurrentPopup();
  if (!f.result.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, f.failed ? ImVec4(0.85f, 0.2f, 0.15f, 1) : ImVec4(0.1f, 0.55f, 0.2f, 1));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 520);
    ImGui::TextUnformatted(f.result.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (!f.failed) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Copy path")) ImGui::SetClipboardText(f.written.c_str());
    }
  }
  ImGui::EndPopup();
}

void MapApp::export_map() {
  ExportForm& form = state_.export_form;
  const Dataset* d = state_.data();
  form.failed = true;
  if (!d) {
    form.result = "Export failed: no data loaded";
    state_.messages.push_back(form.result);
    return;
  }
  try {
    RenderSettings r = export_settings(form);
    std::vector<NamedPath> inputs{{"the boundaries", state_.options.boundaries.path},
                                  {"the provinces", state_.options.parents_path},
                                  {"the events", state_.options.events.path},
                                  {"the aliases", state_.options.aliases_path},
                                  {"the population table", state_.options.population.path},
                                  {"the countries", options_.countries}};
    for (const EventOptions& more : state_.options.more_events) inputs.push_back({"the events", more.path});
    const Boundaries* provinces = d->provinces.size() ? &d->provinces : nullptr;
    // The neighbouring countries `zila render` draws under the same view (ViewOptions::countries).
    Boundaries countries;
    std::string note;
    if (!options_.countries.empty()) {
      try {
        countries = load_countries(options_.countries, d->boundaries);
      } catch (const std::exception& e) {
        note = fmt::format(" (without neighbouring countries: {})", e.what());
      }
    }
    const Boundaries* context = countries.size() ? &countries : nullptr;
    std::string written;
    if (!r.all_periods) {
      refuse_output_collisions(inputs, {{"the export", r.out}});
      SlideContent content = slide_content(*d, state_.frame, {}, {visible_extent(state_), {}}, state_.show_labels);
      content.label_settings = state_.label_settings;
      export_slide(*d, provinces, content, r, context);
      written = r.out;
    } else {
      if (r.mp4 && find_program("ffmpeg").empty())
        throw Error("MP4 needs ffmpeg, which is not installed (apt-get install ffmpeg); GIF works without it");
      const fs::path folder = frames_folder(r);
      written = (folder / (r.gif ? "animation.gif" : "animation.mp4")).string();
      refuse_output_collisions(inputs, {{"the export", written}});
      // The view on screen, every period: the window's mode, metric, classes and extent.
      const BBox e = visible_extent(state_);
      r.extent = fmt::format("{:.17g},{:.17g},{:.17g},{:.17g}", e.min_x, e.min_y, e.max_x, e.max_y);
      r.labels = state_.show_labels;
      r.label_settings = state_.label_settings;
      auto frames = std::make_shared<ModeFrames>(*state_.loaded, state_.spec(), state_.analysis);
      export_frames(*d, provinces, r, {[frames](size_t p, MapFrame& out) { frames->build(p, out); }, context});
    }
    form.failed = false;
    form.written = fs::absolute(written).lexically_normal().string();
    form.result = fmt::format("Exported {}{}", form.written, note);
  } catch (const std::exception& e) {
    form.result = fmt::format("Export failed: {}", e.what());
  }
  state_.messages.push_back(form.result);
  window_.setActive(true);  // the offscreen target took the GL context
}

}  // namespace zila::ui
