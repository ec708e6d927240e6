#include "ui/shell/imgui_sfml_platform.hpp"

#include <algorithm>
#include <string>

#include <SFML/Window/Clipboard.hpp>
#include <SFML/Window/Keyboard.hpp>
#include <SFML/Window/Mouse.hpp>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

namespace zila::ui {
namespace {

// ImGui keeps the returned pointer until the next call, so the text must outlive this function.
std::string g_clipboard;

const char* get_clipboard(void*) {
  auto utf8 = sf::Clipboard::getString().toUtf8();
  g_clipboard.assign(utf8.begin(), utf8.end());
  return g_clipboard.c_str();
}

void set_clipboard(void*, const char* text) {
  sf::Clipboard::setString(sf::String::fromUtf8(text, text + std::char_traits<char>::length(text)));
}

int mouse_index(sf::Mouse::Button button) {
  switch (button) {
    case sf::Mouse::Left: return 0;
    case sf::Mouse::Right: return 1;
    case sf::Mouse::Middle: return 2;
    case sf::Mouse::XButton1: return 3;
    case sf::Mouse::XButton2: return 4;
    default: return -1;
  }
}

void set_modifiers(ImGuiIO& io, const sf::Event::KeyEvent& key) {
  io.KeyCtrl = key.control;
  io.KeyShift = key.shift;
  io.KeyAlt = key.alt;
  io.KeySuper = key.system;
}

}  // namespace

ImGuiSfmlPlatform::ImGuiSfmlPlatform(sf::Window& window) : window_(window) {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "zila_imgui_sfml";
  // sf::Keyboard::Key values are small non-negative ints: they index KeysDown[512] directly.
  io.KeyMap[ImGuiKey_Tab] = sf::Keyboard::Tab;
  io.KeyMap[ImGuiKey_LeftArrow] = sf::Keyboard::Left;
  io.KeyMap[ImGuiKey_RightArrow] = sf::Keyboard::Right;
  io.KeyMap[ImGuiKey_UpArrow] = sf::Keyboard::Up;
  io.KeyMap[ImGuiKey_DownArrow] = sf::Keyboard::Down;
  io.KeyMap[ImGuiKey_PageUp] = sf::Keyboard::PageUp;
  io.KeyMap[ImGuiKey_PageDown] = sf::Keyboard::PageDown;
  io.KeyMap[ImGuiKey_Home] = sf::Keyboard::Home;
  io.KeyMap[ImGuiKey_End] = sf::Keyboard::End;
  io.KeyMap[ImGuiKey_Insert] = sf::Keyboard::Insert;
  io.KeyMap[ImGuiKey_Delete] = sf::Keyboard::Delete;
  io.KeyMap[ImGuiKey_Backspace] = sf::Keyboard::Backspace;
  io.KeyMap[ImGuiKey_Space] = sf::Keyboard::Space;
  io.KeyMap[ImGuiKey_Enter] = sf::Keyboard::Enter;
  io.KeyMap[ImGuiKey_Escape] = sf::Keyboard::Escape;
  io.KeyMap[ImGuiKey_KeyPadEnter] = sf::Keyboard::Enter;  // SFML 2.5 does not tell keypad Enter apart
  io.KeyMap[ImGuiKey_A] = sf::Keyboard::A;
  io.KeyMap[ImGuiKey_C] = sf::Keyboard::C;
  io.KeyMap[ImGuiKey_V] = sf::Keyboard::V;
  io.KeyMap[ImGuiKey_X] = sf::Keyboard::X;
  io.KeyMap[ImGuiKey_Y] = sf::Keyboard::Y;
  io.KeyMap[ImGuiKey_Z] = sf::Keyboard::Z;
  io.GetClipboardTextFn = get_clipboard;
  io.SetClipboardTextFn = set_clipboard;

  ImGui_ImplOpenGL3_Init("#version 130");
}

ImGuiSfmlPlatform::~ImGuiSfmlPlatform() { ImGui_ImplOpenGL3_Shutdown(); }

void ImGuiSfmlPlatform::process_event(const sf::Event& event) {
  ImGuiIO& io = ImGui::GetIO();
  switch (event.type) {
    case sf::Event::KeyPressed:
    case sf::Event::KeyReleased:
      if (event.key.code >= 0 && event.key.code < static_cast<int>(IM_ARRAYSIZE(io.KeysDown)))
        io.KeysDown[event.key.code] = event.type == sf::Event::KeyPressed;
      set_modifiers(io, event.key);
      break;
    case sf::Event::TextEntered:
      // Control characters arrive as text too (Backspace = 8, Tab = 9, Delete = 127): keys handle them.
      if (event.text.unicode >= 32 && event.text.unicode != 127) io.AddInputCharacter(event.text.unicode);
      break;
    case sf::Event::MouseButtonPressed: {
      int i = mouse_index(event.mouseButton.button);
      if (i >= 0) mouse_pressed_[static_cast<size_t>(i)] = true;
      break;
    }
    case sf::Event::MouseWheelScrolled:
      if (event.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel)
        io.MouseWheel += event.mouseWheelScroll.delta;
      else
        io.MouseWheelH += event.mouseWheelScroll.delta;
      break;
    case sf::Event::LostFocus:
      // Keys released while unfocused never arrive: forget them so none stays stuck down.
      focused_ = false;
      std::fill(std::begin(io.KeysDown), std::end(io.KeysDown), false);
      io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
      break;
    case sf::Event::GainedFocus: focused_ = true; break;
    default: break;
  }
}

void ImGuiSfmlPlatform::new_frame() {
  ImGuiIO& io = ImGui::GetIO();
  sf::Vector2u size = window_.getSize();
  io.DisplaySize = ImVec2(static_cast<float>(size.x), static_cast<float>(size.y));
  // SFML 2.5 reports sizes in framebuffer pixels on every platform it supports, so the scale is 1;
  // HiDPI screens are handled by the UI scale (fonts and style), chosen by the application.
  io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  float dt = clock_.restart().asSeconds();
  io.DeltaTime = dt > 0 ? dt : 1.0f / 60.0f;

  if (focused_) {
    sf::Vector2i pos = sf::Mouse::getPosition(window_);
    io.MousePos = ImVec2(static_cast<float>(pos.x), static_cast<float>(pos.y));
  } else {
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }
  const sf::Mouse::Button buttons[] = {sf::Mouse::Left, sf::Mouse::Right, sf::Mouse::Middle, sf::Mouse::XButton1,
                                       sf::Mouse::XButton2};
  for (size_t i = 0; i < mouse_pressed_.size(); ++i) {
    io.MouseDown[i] = mouse_pressed_[i] || (focused_ && sf::Mouse::isButtonPressed(buttons[i]));
    mouse_pressed_[i] = false;
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
}

void ImGuiSfmlPlatform::render_draw_data() { ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData()); }

}  // namespace zila::ui
