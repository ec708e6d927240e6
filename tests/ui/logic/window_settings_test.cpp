#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "ui/logic/window_settings.hpp"

using namespace zila::ui;

TEST_CASE("The window opens fitted to the desktop, or at its remembered size when that fits") {
  CHECK(initial_window_size({1920, 1080}, std::nullopt) == WindowSize{1632, 918});
  CHECK(initial_window_size({3840, 2160}, std::nullopt) == WindowSize{3264, 1836});
  CHECK(initial_window_size({1024, 600}, std::nullopt) == WindowSize{870, 600});  // minimum, not above the screen
  CHECK(initial_window_size({1920, 1080}, WindowSize{1280, 720}) == WindowSize{1280, 720});
  CHECK(initial_window_size({1280, 720}, WindowSize{3000, 2000}) == WindowSize{1088, 612});  // no longer fits
}

TEST_CASE("UI scale follows the desktop height in quarter steps") {
  CHECK(ui_scale_for_desktop({1920, 1080}) == 1.0f);
  CHECK(ui_scale_for_desktop({1920, 1200}) == 1.0f);
  CHECK(ui_scale_for_desktop({2560, 1440}) == 1.25f);
  CHECK(ui_scale_for_desktop({2560, 1600}) == 1.5f);
  CHECK(ui_scale_for_desktop({3840, 2160}) == 2.0f);
  CHECK(ui_scale_for_desktop({7680, 4320}) == 4.0f);
}

TEST_CASE("The last window size is saved under XDG_CONFIG_HOME and read back, junk ignored") {
  const auto dir = std::filesystem::temp_directory_path() / ("zila_window_settings_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  const std::string path = window_settings_path();
  CHECK(path == (dir / "zila" / "window.conf").string());
  CHECK_FALSE(load_window_size(path));
  save_window_size(path, {1500, 850});
  CHECK(load_window_size(path) == WindowSize{1500, 850});
  for (const char* junk : {"width=abc\nheight=900\n", "width=10\nheight=900\n", "height=900\n", ""}) {
    std::ofstream(path) << junk;
    INFO(junk);
    CHECK_FALSE(load_window_size(path));
  }
  std::filesystem::remove_all(dir);
}
