// The window: SFML events, ImGui panels, the GPU map, and the requests panels raise.
// Sections: style and fonts | construction and loading (load_now, install) | derived state (values,
// analysis, mode colouring) | drawing the map | input (events, hover) | the frame and the main loop.
// The panels' requests (re-join, refresh, aliases, saving, export): map_app_requests.cpp.
#include "ui/shell/map_app.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <utility>
#include <fmt/core.h>
#include <imgui.h>

#include <SFML/Graphics/Sprite.hpp>
#include <SFML/Graphics/Texture.hpp>
#include <SFML/System/Sleep.hpp>
#include <SFML/Window/VideoMode.hpp>

#include "core/error.hpp"

namespace zila::ui {
namespace {

constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBoldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const sf::Color kMapBackground(208, 216, 224);
const sf::Time kProgressRedraw = sf::milliseconds(250);

void apply_style(float scale) {
  ImGui::StyleColorsDark();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowRounding = 0;
  st.FrameRounding = 4;
  st.GrabRounding = 4;
  st.PopupRounding = 4;
  st.WindowBorderSize = 0;
  st.FramePadding = ImVec2(6, 4);
  st.ItemSpacing = ImVec2(8, 6);
  st.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);  // opaque: the map is not drawn under panels
  st.Colors[ImGuiCol_TitleBg] = st.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
  st.ScaleAllSizes(scale);
}

ImFont* load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  std::error_code ec;
  if (!std::filesystem::exists(kFont, ec) || !std::filesystem::exists(kBoldFont, ec)) {
    io.Fonts->AddFontDefault();
    return nullptr;  // the overlay falls back to the default font, scaled
  }
  // Latin-1 plus general punctuation: legend ranges use an en dash, and minus signs appear in changes.
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2212, 0x2212, 0};
  io.Fonts->AddFontFromFileTTF(kFont, 15.0f * scale, nullptr, ranges);
  return io.Fonts->AddFontFromFileTTF(kBoldFont, 40.0f * scale, nullptr, ranges);
}

}  // namespace

MapApp::MapApp(const ViewOptions& options) : options_(options) {
  // Interactive runs read the data while the window and fonts are being set up.
  if (!scripted()) loader_.start(options.data);
  const sf::VideoMode desktop_mode = sf::VideoMode::getDesktopMode();
  const WindowSize desktop{desktop_mode.width, desktop_mode.height};
  ui_scale_ = options.ui_scale > 0 ? options.ui_scale : ui_scale_for_desktop(desktop);
  // No size asked for: the size the window last had, or one fitted to the desktop.
  WindowSize size{options.width, options.height};
  if (size.width == 0 || size.height == 0) size = initial_window_size(desktop, load_window_size(window_settings_path()));
  sf::ContextSettings gl;
  gl.antialiasingLevel = 0;
  window_.create(sf::VideoMode(size.width, size.height), "Zila - security events by district", sf::Style::Default, gl);
  // The map's background at once: the window was black until the first full frame (~0.3 s).
  window_.clear(kMapBackground);
  window_.display();
  window_.setVerticalSyncEnabled(options.exit_after_frames == 0 && !options.exit_after_first_map);
  window_.setActive(true);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed; nothing worth persisting
  apply_style(ui_scale_);
  title_font_ = load_fonts(ui_scale_);
  platform_ = std::make_unique<ImGuiSfmlPlatform>(window_);

  state_.form = state_.options = options.data;
  state_.show_labels = options.labels;
  state_.label_settings = options.label_settings;
  state_.region = options.region;
  state_.choice.metric = options.metric;
  state_.mode = options.mode;
  state_.alias_save_path = options.data.aliases_path.empty() ? "aliases.csv" : options.data.aliases_path;
}

MapApp::~MapApp() {
  renderer_.reset();  // GL resources go while the context exists
  platform_.reset();
  ImGui::DestroyContext();
}

bool MapApp::load_now() {
  LoadOutcome outcome;
  outcome.options = state_.form;
  try {
    outcome.loaded = load_dataset(state_.form);
  } catch (const std::exception& e) {
    outcome.error = e.what();
  }
  install(std::move(outcome));
  return state_.loaded != nullptr;
}

std::unique_ptr<MapRenderer> MapApp::make_renderer(const Boundaries& districts, const Boundaries& provinces) const {
  auto renderer = std::make_unique<MapRenderer>(districts, provinces.size() ? &provinces : nullptr);
  MapStyle style = renderer->style();
  style.line_scale = ui_scale_;
  renderer->set_style(style);
  return renderer;
}

void MapApp::show_boundaries(LoadedBoundaries boundaries) {
  try {
    window_.setActive(true);
    auto renderer = make_renderer(boundaries.districts, boundaries.provinces);
    renderer->set_district_colors(std::vector<Rgb>(boundaries.districts.size(), kNoDataColor));
    renderer_ = std::move(renderer);
    renderer_before_data_ = true;
  } catch (const std::exception&) {
    return;  // the same failure ends the load, which reports it
  }
  layout_ = compute_layout(static_cast<float>(window_.getSize().x), static_cast<float>(window_.getSize().y), ui_scale_);
  state_.view = fit_in_area(boundaries.districts.projected.bbox(), layout_.width, layout_.height, layout_.map_area());
  state_.view_ready = true;
  map_dirty_ = true;
}

void MapApp::install(LoadOutcome outcome) {
  // The districts shown while loading are this load's (taken before it): its renderer is reused.
  const bool reuse_renderer = std::exchange(renderer_before_data_, false) && renderer_;
  if (!outcome.loaded) {
    if (reuse_renderer) renderer_.reset();  // no map of a load that failed
    state_.load_error = outcome.error;
    return;
  }
  // Build the GPU side before replacing anything, so a failure keeps the previous map.
  try {
    if (!reuse_renderer) {
      window_.setActive(true);
      renderer_ = make_renderer(outcome.loaded->data.boundaries, outcome.loaded->data.provinces);
    }
    map_dirty_ = true;
  } catch (const std::exception& e) {
    state_.load_error = e.what();
    return;
  }
  state_.load_error.clear();
  refresh_job_.supersede();  // a refresh of the previous data would bring it back
  state_.options = outcome.options;
  state_.loaded = std::move(outcome.loaded);
  const Dataset& d = state_.loaded->data;
  state_.loaded->data.problems.add_all(renderer_->problems());
  state_.messages.clear();
  state_.messages.push_back(fmt::format("Loaded {} districts and {} event rows in {:.2f} s ({} triangles).",
                                        d.boundaries.size(), d.events.rows_read, outcome.seconds,
                                        renderer_->triangle_count()));
  state_.boxes = district_boxes(d.boundaries);
  state_.selected = state_.hovered = -1;
  timeline_resize(state_.timeline, d.cube.period_count());
  ++data_version_;
  refresh_derived();
  zoom_default();
}

void MapApp::zoom_default() {
  const Dataset* d = state_.data();
  if (!d) return;
  if (state_.region.empty()) state_.region = default_region(d->boundaries, d->cube);
  BBox box = parent_bbox(d->boundaries, state_.region);
  if (box.empty()) box = d->boundaries.projected.bbox();
  layout_ = compute_layout(static_cast<float>(window_.getSize().x), static_cast<float>(window_.getSize().y), ui_scale_,
                           state_.side_panels_hidden);
  state_.view = fit_in_area(box, layout_.width, layout_.height, layout_.map_area());
  state_.view_ready = true;
}

void MapApp::refresh_derived() {
  const Dataset* d = state_.data();
  if (!d) return;
  bool classes_stale = false;
  const bool rate_toggled = built_mode_ != state_.mode && (is_rate_mode(built_mode_) || is_rate_mode(state_.mode));
  if (built_version_ != data_version_ || !built_choice_ || !(*built_choice_ == state_.choice) || rate_toggled) {
    state_.values = std::make_shared<const ValueMatrix>(mode_values(*d, state_.choice, state_.mode));
    built_version_ = data_version_;
    built_choice_ = state_.choice;
    timeline_resize(state_.timeline, state_.values->periods);
    classes_stale = true;
  }
  const bool diverging = metric_is_diverging(state_.choice.metric);
  const bool period_changed = built_period_ != state_.period();
  if (classes_stale || !built_style_ || !(*built_style_ == state_.style) ||
      (state_.style.mode == LegendMode::per_period && period_changed)) {
    state_.classes = classify_for(*state_.values, state_.style, diverging, state_.period());
    // Locked classes hold for every period: classified once here, a slider step only reads them.
    state_.period_classes =
        state_.style.mode == LegendMode::locked ? classify_periods(*state_.values, state_.classes) : PeriodClasses{};
    built_style_ = state_.style;
    classes_stale = true;
  }
  const bool analysis_changed = refresh_analysis(classes_stale);
  // While the mode's statistic is computed in the background, the map keeps what it shows.
  const bool waiting = analysis_jobs_.pending(state_.mode) && state_.frame.district_colors.size() == d->boundaries.size();
  if (!waiting && (classes_stale || period_changed || analysis_changed || built_mode_ != state_.mode)) {
    const std::optional<ModeColoring> painted = mode_coloring(state_.mode, state_.stats, state_.trends, state_.scan, state_.period(),
                                                              d->boundaries.names, state_.analysis, state_.has_weights());
    build_map_frame(d->cube, d->join, *state_.values, state_.classes, state_.spec(), state_.period(), state_.frame,
                    painted ? &*painted : nullptr, &state_.period_classes, state_.values);
    if (renderer_) renderer_->set_district_colors(state_.frame.district_colors);
    // What the overlays and the inspector read every frame, made once per frame built.
    // Unique in the process: the label cache (map_overlay.cpp) outlives a window and its state.
    static std::atomic<size_t> frames_built{0};
    state_.frame_version = ++frames_built;
    built_period_ = state_.period();
    built_mode_ = state_.mode;
    map_dirty_ = true;
  }
  if (classes_stale || built_top_period_ != state_.period() || built_top_n_ != state_.top_n) {
    state_.top = top_districts(*state_.values, state_.period(), state_.top_n);
    state_.top_rank = top_ranks(*state_.values, state_.period(), state_.top);
    built_top_period_ = state_.period();
    built_top_n_ = state_.top_n;
  }
}

bool MapApp::refresh_analysis(bool values_changed) {
  if (values_changed || !built_analysis_ || !(*built_analysis_ == state_.analysis)) {
    state_.stats = {};
    state_.trends = {};
    state_.scan = {};
    state_.analysis_error.clear();
    analysis_jobs_.supersede();  // results for the old values never arrive
    built_analysis_ = state_.analysis;
  }
  // Computed only while a mode or the inspector shows them: permutations cost milliseconds per period.
  const MapMode m = state_.mode;
  const bool inspecting = state_.selected >= 0;
  const SpatialWeights no_weights;
  const SpatialWeights& weights = state_.has_weights() ? state_.loaded->weights : no_weights;
  bool changed = false;
  try {
    if ((mode_shows_period_stats(m) || inspecting) &&
        state_.stats.period != state_.period() && state_.period() < state_.values->periods) {
      state_.stats = compute_period_stats(*state_.values, state_.period(), weights, state_.analysis);
      changed = true;
    }
  } catch (const std::exception& e) {
    state_.analysis_error = e.what();
    state_.stats.period = state_.period();  // no retry every frame; the next change tries again
  }
  // Statistics over all periods (seconds): background jobs, their results installed as they arrive.
  return analysis_jobs_.update(state_) || changed;
}

void MapApp::draw_map() {
  if (!renderer_) {
    window_.clear(kMapBackground);
    return;
  }
  // The selected and the hovered district are outlined; their fills keep the legend's colours.
  const MapKey key{state_.view.center.x, state_.view.center.y, state_.view.pixels_per_metre, state_.view.width,
                   state_.view.height, state_.selected, state_.hovered};
  const sf::Vector2u size = window_.getSize();
  // On llvmpipe the fills and outline shaders cost most of a frame; the map layer is redrawn into a
  // texture only when the view, colours, selection or hover change, and other frames copy it (one quad).
  if (map_layer_.getSize() != size && !map_layer_.create(size.x, size.y)) {
    window_.clear(kMapBackground);
    renderer_->set_highlight(key.selected, key.hovered);
    renderer_->draw(window_, state_.view);
    return;
  }
  // Only the map area: the opaque panels cover the rest (copying all 1920x1080 costs llvmpipe ~8 ms).
  const PixelRect a = state_.map_area;
  const sf::IntRect visible(static_cast<int>(a.x), static_cast<int>(a.y), static_cast<int>(std::ceil(a.w)),
                            static_cast<int>(std::ceil(a.h)));
  if (map_dirty_ || !(key == drawn_key_)) {
    map_layer_.clear(kMapBackground);
    renderer_->set_highlight(key.selected, key.hovered);
    // The view layers, composed on the CPU, then this layer's map area copied: on llvmpipe a textured
    // quad with shaders/view_layers.fragment.glsl straight into the window cost several times more
    // (`zila bench`: window map frame).
    renderer_->set_visible_area(visible);
    renderer_->draw(map_layer_, state_.view);
    map_layer_.display();
    drawn_key_ = key;
    map_dirty_ = false;
    window_.setActive(true);
  }
  sf::Sprite layer(map_layer_.getTexture(), visible);
  layer.setPosition(static_cast<float>(visible.left), static_cast<float>(visible.top));
  window_.clear(kMapBackground);
  window_.draw(layer, sf::RenderStates(sf::BlendNone));
}

void MapApp::handle_event(const sf::Event& e) {
  platform_->process_event(e);
  const ImGuiIO& io = ImGui::GetIO();
  switch (e.type) {
    case sf::Event::Closed: window_.close(); break;
    case sf::Event::Resized:
      window_.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(e.size.width), static_cast<float>(e.size.height))));
      break;
    case sf::Event::MouseWheelScrolled:
      if (!io.WantCaptureMouse && state_.view_ready && e.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel)
        state_.view.zoom_at({static_cast<double>(e.mouseWheelScroll.x), static_cast<double>(e.mouseWheelScroll.y)},
                            std::pow(1.2, e.mouseWheelScroll.delta));
      break;
    case sf::Event::MouseButtonPressed:
      if (!io.WantCaptureMouse && e.mouseButton.button == sf::Mouse::Left) {
        pressing_ = true;
        dragging_ = false;
        press_at_ = last_mouse_ = {e.mouseButton.x, e.mouseButton.y};
      }
      break;
    case sf::Event::MouseMoved:
      if (pressing_) {
        const sf::Vector2i at(e.mouseMove.x, e.mouseMove.y);
        if (std::abs(at.x - press_at_.x) + std::abs(at.y - press_at_.y) > 4) dragging_ = true;
        if (dragging_) state_.view.pan_pixels(at.x - last_mouse_.x, at.y - last_mouse_.y);
        last_mouse_ = at;
      }
      break;
    case sf::Event::MouseButtonReleased:
      if (pressing_ && e.mouseButton.button == sf::Mouse::Left) {
        if (!dragging_) state_.requests.select = state_.hovered;  // click on empty map clears the selection
        pressing_ = dragging_ = false;
      }
      break;
    case sf::Event::KeyPressed: {
      if (io.WantCaptureKeyboard) break;
      const std::span<const uint8_t> has_data(state_.values->has_data);
      Timeline& t = state_.timeline;
      const Point centre{state_.map_area.x + state_.map_area.w / 2, state_.map_area.y + state_.map_area.h / 2};
      switch (e.key.code) {
        case sf::Keyboard::Space: timeline_toggle_play(t); break;
        case sf::Keyboard::Right: timeline_step(t, e.key.shift ? 10 : 1, has_data); break;
        case sf::Keyboard::Left: timeline_step(t, e.key.shift ? -10 : -1, has_data); break;
        case sf::Keyboard::Home: t.current = 0; break;
        case sf::Keyboard::End: t.current = t.period_count ? t.period_count - 1 : 0; break;
        case sf::Keyboard::F: state_.requests.fit = true; break;
        case sf::Keyboard::R: state_.requests.zoom_region = true; break;
        case sf::Keyboard::L: state_.show_labels = !state_.show_labels; break;
        case sf::Keyboard::Tab: toggle_side_panels(); break;
        case sf::Keyboard::Escape: state_.requests.select = -1; break;
        case sf::Keyboard::Add:
        case sf::Keyboard::Equal: state_.view.zoom_at(centre, 1.25); break;
        case sf::Keyboard::Subtract:
        case sf::Keyboard::Hyphen: state_.view.zoom_at(centre, 1 / 1.25); break;
        case sf::Keyboard::E:
          if (e.key.control) state_.export_form.open = true;
          break;
        default: break;
      }
      break;
    }
    default: break;
  }
}

void MapApp::toggle_side_panels() {
  const PixelRect before = layout_.map_area();
  state_.side_panels_hidden = !state_.side_panels_hidden;
  layout_ = compute_layout(layout_.width, layout_.height, ui_scale_, state_.side_panels_hidden);
  const PixelRect after = layout_.map_area();
  state_.view.pan_pixels((after.x + after.w / 2) - (before.x + before.w / 2), (after.y + after.h / 2) - (before.y + before.h / 2));
  state_.map_area = after;
}

void MapApp::update_hover() {
  const ImGuiIO& io = ImGui::GetIO();
  const sf::Vector2i m = sf::Mouse::getPosition(window_);
  const Point p{static_cast<double>(m.x), static_cast<double>(m.y)};
  const Dataset* d = state_.data();
  state_.hovered = (d && !io.WantCaptureMouse && state_.map_area.contains(p) && window_.hasFocus())
                       ? district_at(d->boundaries, state_.boxes, state_.view, p)
                       : -1;
}

bool MapApp::frame(sf::Image* capture, bool skip_if_idle) {
  sf::Event e;
  bool input = false;
  while (window_.pollEvent(e)) {
    handle_event(e);
    input = true;
  }
  if (!window_.isOpen()) return false;

  // A first load's districts before its events (later loads keep the previous map until done).
  // Its events are read once the districts are on screen (or at once: a later load keeps the old map).
  if (auto boundaries = loader_.take_boundaries()) {
    if (state_.loaded) {
      loader_.start_events();
    } else {
      show_boundaries(std::move(*boundaries));
      start_events_after_frame_ = true;
      input = true;
    }
  }
  if (auto outcome = loader_.take()) {
    install(std::move(*outcome));
    input = true;
  }
  if (auto refreshed = refresh_job_.take()) {
    if (!refreshed->value)
      state_.load_error = refreshed->cancelled ? "Refresh cancelled; the map shows the data as it was."
                                               : "Refresh failed: " + refreshed->error;
    else if (state_.loaded)
      install_refresh(std::move(*refreshed->value));
    input = true;
  }
  state_.refresh_work = refresh_job_.status();
  // ImGui settles a click or hover over a few frames; after that, with nothing playing or loading,
  // the picture cannot change and the frame is skipped.
  if (input || state_.timeline.playing) {
    settle_frames_ = 3;
  } else if (state_.labels_pending) {
    settle_frames_ = std::max(settle_frames_, 1);  // the labels go on being placed (map_overlay.cpp)
  } else if ((loader_.busy() || state_.refresh_work.busy || state_.analysis_work.busy) &&
             frame_clock_.getElapsedTime() >= kProgressRedraw) {
    // Background work changes only its progress bar: four frames a second show it moving. Each frame
    // costs llvmpipe ~15 ms of CPU at 1080p, taken from the cores the work runs on.
    settle_frames_ = std::max(settle_frames_, 1);
  }
  rendered_ = !skip_if_idle || settle_frames_ > 0;
  if (!rendered_) {
    sf::sleep(sf::milliseconds(8));
    return true;
  }
  if (settle_frames_ > 0) --settle_frames_;
  state_.load.busy = loader_.busy();
  if (state_.load.busy) {
    state_.load.stage = loader_.stage_name();
    state_.load.seconds = loader_.elapsed_seconds();
    // Stages have no inner progress: creep within the stage so the bar visibly moves.
    const double creep = 1.0 - std::exp(-state_.load.seconds);
    state_.load.fraction = static_cast<float>((loader_.stage() + 0.8 * creep) / DatasetLoader::stage_count());
  }

  const sf::Vector2u size = window_.getSize();
  layout_ = compute_layout(static_cast<float>(size.x), static_cast<float>(size.y), ui_scale_, state_.side_panels_hidden);
  state_.map_area = layout_.map_area();
  state_.view.width = size.x;
  state_.view.height = size.y;
  const double dt = frame_clock_.restart().asSeconds();
  timeline_tick(state_.timeline, dt, state_.values->has_data);
  update_hover();
  refresh_derived();

  platform_->new_frame();
  if (!state_.side_panels_hidden) {
    draw_data_panel(state_, layout_);
    draw_explore_panel(state_, layout_);
    draw_inspector_panel(state_, layout_);
  }
  draw_timeline_bar(state_, layout_);
  draw_map_overlay(state_, layout_, title_font_);
  draw_legend_overlay(state_, layout_);
  draw_job_progress(state_, layout_);
  draw_export_dialog(state_);  // last: a modal begun before other windows makes ImGui 1.86 assert
  ImGui::Render();

  window_.resetGLStates();
  draw_map();
  ImGuiSfmlPlatform::render_draw_data();
  if (capture) {
    sf::Texture texture;
    if (texture.create(size.x, size.y)) {
      texture.update(window_);
      *capture = texture.copyToImage();
    }
  }
  window_.display();
  if (std::exchange(start_events_after_frame_, false)) loader_.start_events();
  handle_requests();
  return window_.isOpen();
}

int MapApp::run() {
  if (scripted()) {
    // Scripted runs want the data in the first frame, not after a background load.
    if (!load_now()) {
      fmt::print(stderr, "zila view: {}\n", state_.load_error);
      return 1;
    }
    timeline_step(state_.timeline, options_.step, state_.values->has_data);
  }
  std::vector<double> frame_ms;
  sf::Clock clock;
  for (int n = 1;; ++n) {
    const bool last = options_.exit_after_frames > 0 && n >= options_.exit_after_frames;
    sf::Image image;
    // A screenshot shows the finished statistics, not the bar of their background job.
    if (last && !options_.screenshot.empty()) {
      refresh_derived();  // starts what the mode needs
      analysis_jobs_.wait(std::chrono::minutes(10));
    }
    clock.restart();
    if (!frame(last && !options_.screenshot.empty() ? &image : nullptr, options_.exit_after_frames == 0)) break;
    if (rendered_) frame_ms.push_back(clock.getElapsedTime().asSeconds() * 1000.0);
    if (rendered_ && renderer_ && !first_map_frame_) first_map_frame_ = std::chrono::steady_clock::now();
    if (rendered_ && renderer_ && state_.loaded && !first_data_frame_) {
      first_data_frame_ = std::chrono::steady_clock::now();
      if (options_.exit_after_first_map) break;
    }
    if (options_.exit_after_first_map && !renderer_ && !loader_.busy() && !state_.load_error.empty()) {
      fmt::print(stderr, "zila view: {}\n", state_.load_error);
      return 1;
    }
    if (last) {
      if (!options_.screenshot.empty() && !image.saveToFile(options_.screenshot)) {
        fmt::print(stderr, "zila view: cannot write screenshot '{}'\n", options_.screenshot);
        return 1;
      }
      break;
    }
  }
  // An interactive window remembers its size for the next start (tests and screenshots do not).
  if (!scripted() && !options_.exit_after_first_map && layout_.width >= 320 && layout_.height >= 240) {
    const std::string path = window_settings_path();
    try {
      if (!path.empty())
        save_window_size(path, {static_cast<unsigned>(layout_.width), static_cast<unsigned>(layout_.height)});
    } catch (const std::exception& e) {
      fmt::print(stderr, "zila view: could not remember the window size: {}\n", e.what());
    }
  }
  if (options_.frame_stats && frame_ms.size() > 2) {
    // The first frames build fonts and GPU buffers; they are not the steady state.
    std::vector<double> steady(frame_ms.begin() + 2, frame_ms.end());
    std::sort(steady.begin(), steady.end());
    double sum = 0;
    for (double v : steady) sum += v;
    fmt::print("frames {} at {}x{}: mean {:.1f} ms, median {:.1f} ms, p95 {:.1f} ms\n", steady.size(),
               window_.getSize().x, window_.getSize().y, sum / static_cast<double>(steady.size()),
               steady[steady.size() / 2], steady[std::min(steady.size() - 1, steady.size() * 95 / 100)]);
  }
  return 0;
}

}  // namespace zila::ui
