// SFML 2.5 aborts without an X display, even offscreen. Headless commands (render, bench) call
// ensure_display() before any GL use. No GL here.
#pragma once
#include <string>

namespace zila {

// Uses $DISPLAY when set. Otherwise starts `Xvfb -displayfd` (it picks a free display number and
// reports it once it accepts connections), sets DISPLAY, and stops it at process exit — after SFML's
// own static clean-up, which still talks to the server. Returns a line saying which display is used.
// Throws zila::Error when Xvfb is not installed or does not start.
std::string ensure_display();

// Full path of `program` found on $PATH, empty when absent.
std::string find_program(const std::string& program);

}  // namespace zila
