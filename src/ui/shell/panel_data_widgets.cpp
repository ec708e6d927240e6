// Form widgets of the data column: path fields with a small file browser, short text fields.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/shell/panel_data_parts.hpp"

namespace zila::ui::data_panel {
namespace {

bool has_type(const std::filesystem::path& file, std::span<const std::string_view> types) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(types.begin(), types.end(), ext) != types.end();
}

}  // namespace

// A path field with a "..." button opening a small folder browser beside it: folders and the files of
// the field's types; hidden entries (.git/) never.
// True once an edit is finished (the field left, or a file picked), not on every keystroke.
bool path_field(const char* label, const char* id, std::string& path, std::span<const std::string_view> types) {
  bool done = false;
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - ImGui::GetStyle().ItemSpacing.x);
  ImGui::InputTextWithHint("##path", label, &path);
  done = ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SameLine();
  if (ImGui::Button("...", ImVec2(ImGui::GetFrameHeight(), 0))) ImGui::OpenPopup("browse");
  if (ImGui::BeginPopup("browse")) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::current_path(ec);
    if (!fs::is_directory(dir, ec)) dir = fs::current_path(ec);
    ImGui::TextDisabled("%s", dir.string().c_str());
    static bool all_files = false;
    ImGui::Checkbox("All files", &all_files);
    ImGui::Separator();
    if (ImGui::Selectable("../", false, ImGuiSelectableFlags_DontClosePopups)) path = (dir.parent_path() / "").string();
    std::vector<fs::directory_entry> entries;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      entries.push_back(*it);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& e : entries) {
      const bool folder = e.is_directory(ec);
      if (e.path().filename().string().starts_with(".")) continue;
      if (!folder && !all_files && !has_type(e.path(), types)) continue;
      const std::string name = e.path().filename().string() + (folder ? "/" : "");
      if (ImGui::Selectable(name.c_str(), false, folder ? ImGuiSelectableFlags_DontClosePopups : 0)) {
        path = folder ? (e.path() / "").string() : e.path().string();
        done = !folder;
      }
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
  return done;
}

void text_field(const char* label, std::string& value, const char* hint) {
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  ImGui::InputTextWithHint(label, hint, &value);
}

}  // namespace zila::ui::data_panel
