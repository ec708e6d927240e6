#include "ui/logic/window_settings.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/io/output_file.hpp"

namespace zila::ui {

std::string window_settings_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return (std::filesystem::path(xdg) / "zila" / "window.conf").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (std::filesystem::path(home) / ".config" / "zila" / "window.conf").string();
  return {};
}

std::optional<WindowSize> load_window_size(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  WindowSize size;
  std::string line;
  while (std::getline(in, line)) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    char* end = nullptr;
    const unsigned long value = std::strtoul(line.c_str() + eq + 1, &end, 10);
    if (end == line.c_str() + eq + 1 || value < 320 || value > 16384) return std::nullopt;
    if (key == "width") size.width = static_cast<unsigned>(value);
    if (key == "height") size.height = static_cast<unsigned>(value);
  }
  if (size.width == 0 || size.height == 0) return std::nullopt;
  return size;
}

void save_window_size(const std::string& path, WindowSize size) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) throw Error(fmt::format("cannot create the folder of '{}': {}", path, ec.message()));
  OutputFile file(path);
  file.stream() << fmt::format("width={}\nheight={}\n", size.width, size.height);
  file.commit();
}

WindowSize initial_window_size(WindowSize desktop, std::optional<WindowSize> remembered) {
  if (remembered && remembered->width <= desktop.width && remembered->height <= desktop.height) return *remembered;
  auto side = [](unsigned screen, unsigned minimum) {
    return std::min(screen, std::max(minimum, static_cast<unsigned>(std::lround(screen * 0.85))));
  };
  return {side(desktop.width, kMinWindowSize.width), side(desktop.height, kMinWindowSize.height)};
}

float ui_scale_for_desktop(WindowSize desktop) {
  if (desktop.height <= 1200) return 1.0f;
  const double quarters = std::round(desktop.height / 1080.0 * 4);
  return static_cast<float>(std::clamp(quarters / 4, 1.0, 4.0));
}

}  // namespace zila::ui
