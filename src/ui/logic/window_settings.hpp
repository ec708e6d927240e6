// The window's size: fitted to the desktop the first time, then the size it had when last closed,
// remembered in a small file under $XDG_CONFIG_HOME/zila. No SFML: unit-tested headless.
#pragma once
#include <optional>
#include <string>

namespace zila::ui {

struct WindowSize {
  unsigned width = 0, height = 0;
  bool operator==(const WindowSize&) const = default;
};

inline constexpr WindowSize kMinWindowSize{800, 600};

// $XDG_CONFIG_HOME/zila/window.conf, else $HOME/.config/zila/window.conf; empty when neither is set.
std::string window_settings_path();
// The size in `path` ("width=1600" and "height=900" lines); nullopt when the file is missing or holds
// no plausible size (each side 320 to 16384).
std::optional<WindowSize> load_window_size(const std::string& path);
// Writes `size` to `path` through OutputFile, creating the folder; throws zila::Error naming the file.
void save_window_size(const std::string& path, WindowSize size);
// The remembered size when it fits on the desktop, else 85% of the desktop (at least kMinWindowSize
// where the desktop is that large, never larger than the desktop).
WindowSize initial_window_size(WindowSize desktop, std::optional<WindowSize> remembered);
// Scale of text and panels from the desktop's height, as SFML 2.5 reports no DPI: 1 up to 1200 px,
// then in quarter steps of height / 1080 (1440 px: 1.25, 1600: 1.5, 2160 (4K): 2), at most 4.
float ui_scale_for_desktop(WindowSize desktop);

}  // namespace zila::ui
