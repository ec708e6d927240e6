// Dear ImGui 1.86 platform layer for SFML 2.5: keys (old io.KeyMap/KeysDown API), text input, mouse,
// wheel, clipboard, display size, framebuffer scale and delta time.
// No cursor shapes: SFML 2.5's X11 sf::Cursor fails with BadCursor under Xvfb, and Xlib then exits.
// Rendering is ImGui's own OpenGL3 backend; this file only feeds input and window facts to ImGui.
#pragma once
#include <array>

#include <SFML/System/Clock.hpp>
#include <SFML/Window/Event.hpp>
#include <SFML/Window/Window.hpp>

namespace zila::ui {

class ImGuiSfmlPlatform {
 public:
  // Requires a current ImGui context and the window's GL context active (OpenGL3 backend init).
  explicit ImGuiSfmlPlatform(sf::Window& window);
  ~ImGuiSfmlPlatform();
  ImGuiSfmlPlatform(const ImGuiSfmlPlatform&) = delete;
  ImGuiSfmlPlatform& operator=(const ImGuiSfmlPlatform&) = delete;

  void process_event(const sf::Event& event);
  // Display size, delta time and mouse; then ImGui_ImplOpenGL3_NewFrame + ImGui::NewFrame.
  void new_frame();
  // ImGui::Render then draws ImGui's draw data with the OpenGL3 backend into the current GL context.
  static void render_draw_data();

 private:
  sf::Window& window_;
  sf::Clock clock_;
  bool focused_ = true;
  // Presses shorter than a frame still count: ImGui sees the button down for at least one frame.
  std::array<bool, 5> mouse_pressed_{};
};

}  // namespace zila::ui
