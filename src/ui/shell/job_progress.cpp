// The bar of long work running in the background (ui/logic/background_job.hpp), over the top of the map.
#include <cmath>
#include <fmt/core.h>
#include <imgui.h>

#include "ui/shell/panels.hpp"

namespace zila::ui {
namespace {

// One job's line: what runs, a bar and Cancel. Work that does not report a fraction shows its elapsed
// time on a bar that creeps towards the end (as the loading bar does), never a made-up percentage.
void job_line(const JobStatus& job, bool& cancel) {
  ImGui::PushID(job.what.c_str());
  const bool known = job.fraction >= 0;
  const double shown = known ? job.fraction : 1.0 - std::exp(-job.seconds / 4.0);
  const std::string text = known ? fmt::format("{}: {:.0f}%  ({:.1f} s)", job.what, 100 * job.fraction, job.seconds)
                                 : fmt::format("{}...  {:.1f} s", job.what, job.seconds);
  ImGui::ProgressBar(static_cast<float>(shown), ImVec2(22 * ImGui::GetFontSize(), 0), text.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) cancel = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop it; the map keeps what it shows now");
  ImGui::PopID();
}

}  // namespace

void draw_job_progress(AppState& s, const PanelLayout& layout) {
  if (!s.analysis_work.busy && !s.refresh_work.busy) return;
  const PixelRect area = layout.map_area();
  ImGui::SetNextWindowPos(ImVec2(static_cast<float>(area.x + area.w / 2), static_cast<float>(area.y) + 8), ImGuiCond_Always,
                          ImVec2(0.5f, 0));
  ImGui::SetNextWindowBgAlpha(0.9f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
  if (ImGui::Begin("##background_work", nullptr, flags)) {
    if (s.analysis_work.busy) job_line(s.analysis_work, s.requests.cancel_analysis);
    if (s.refresh_work.busy) job_line(s.refresh_work, s.requests.cancel_refresh);
  }
  ImGui::End();
}

}  // namespace zila::ui
