// SFML 2.5 aborts without an X display, even offscreen. Headless commands (render, bench) call
// ensure_display() before any GL use. No GL here.
#pragma once
#include <string>

namespace zila {

// Uses $DISPLAY when set. Otherwise starts `Xvfb -displayfd` (it picks a free display number and
// reports it once it accepts connections), sets DISPLAY, and stops it at process exit — after SFML's
// own static clean-up, which still talks to the server — or, when zila crashes or is killed, when
// the kernel sees its parent gone (stop_with_parent). Returns a line saying which display is used.
// Throws zila::Error when Xvfb is not installed or does not start.
std::string ensure_display();

// Empty when an X display can be opened; otherwise why not ("no X display (DISPLAY is not set)").
// The window checks this before SFML, which aborts without a display.
std::string display_problem();

// In a child process between fork and exec: the kernel sends it SIGTERM when `parent` (the process
// that forked it) ends in any way, a crash or SIGKILL included. Exits at once if it already has.
void stop_with_parent(int parent);

// Full path of `program` found on $PATH, empty when absent.
std::string find_program(const std::string& program);

}  // namespace zila
