#include "render/headless_display.hpp"

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fmt/core.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.hpp"

#include <X11/Xlib.h>  // last: its macros (None, Status, Bool) clash with other headers

namespace zila {
namespace {

pid_t xvfb_pid = -1;

void stop_xvfb() {
  if (xvfb_pid <= 0) return;
  kill(xvfb_pid, SIGTERM);
  waitpid(xvfb_pid, nullptr, 0);
  xvfb_pid = -1;
}

}  // namespace

void stop_with_parent(int parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) _exit(1);  // the parent died before prctl: nobody is left to send it
}

std::string display_problem() {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) return "no X display (DISPLAY is not set)";
  // What SFML does first, without its abort on failure.
  Display* connection = XOpenDisplay(display);
  if (!connection) return fmt::format("cannot open X display '{}'", display);
  XCloseDisplay(connection);
  return {};
}

std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

std::string ensure_display() {
  if (const char* display = std::getenv("DISPLAY"); display && *display)
    return fmt::format("using X display {}", display);
  std::string xvfb = find_program("Xvfb");
  if (xvfb.empty())
    throw Error("no X display: SFML needs one even to render offscreen. Install Xvfb (apt-get install xvfb) "
                "or set DISPLAY");
  int fds[2];
  if (pipe(fds) != 0) throw Error("cannot create a pipe to start Xvfb");
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw Error("cannot fork to start Xvfb");
  if (pid == 0) {
    stop_with_parent(parent);  // also when zila crashes or is killed, where atexit does not run
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, STDIN_FILENO), dup2(devnull, STDOUT_FILENO), dup2(devnull, STDERR_FILENO);
    close(fds[0]);
    std::string fd = std::to_string(fds[1]);
    // -noreset: SFML disconnects and reconnects between windows; a reset in between refuses it.
    execl(xvfb.c_str(), "Xvfb", "-displayfd", fd.c_str(), "-noreset", "-screen", "0", "1920x1200x24", "-nolisten",
          "tcp", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  xvfb_pid = pid;
  std::atexit(stop_xvfb);  // registered before any SFML static exists, so it runs after their clean-up
  // Xvfb writes the display number and a newline once it accepts connections.
  std::string number;
  pollfd reader{fds[0], POLLIN, 0};
  while (poll(&reader, 1, 15000) > 0) {
    char ch;
    if (read(fds[0], &ch, 1) != 1 || ch == '\n') break;
    number += ch;
  }
  close(fds[0]);
  if (number.empty()) {
    stop_xvfb();
    throw Error(fmt::format("Xvfb ({}) did not start; set DISPLAY or check that it runs", xvfb));
  }
  std::string display = ":" + number;
  setenv("DISPLAY", display.c_str(), 1);
  return fmt::format("started Xvfb on display {}", display);
}

}  // namespace zila
