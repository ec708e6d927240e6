// The map window under Xvfb (Mesa llvmpipe): load the default data, step the time slider and read
// back the rendered frame at district label points; fix an unmatched name as the join panel does.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/core.h>
#include <SFML/Graphics/Image.hpp>
#include <SFML/Window/Mouse.hpp>
#include <unistd.h>

#include "render/export.hpp"
#include "render/slide_content.hpp"
#include "ui/logic/mode_frames.hpp"
#include "ui/shell/map_app.hpp"
#include "window_fixture.hpp"

using namespace zila;
using namespace zila::ui;

using namespace zila::ui::window_fixture;


TEST_CASE("The window shows each district's class colour for the period on the slider") {
  MapApp app(window_options());
  AppState& s = load(app);
  const Dataset& d = *s.data();
  CHECK(s.region == "Khyber Pakhtunkhwa");  // most reported events are in KP

  const size_t bannu = district_named(d, "Bannu"), nowshera = district_named(d, "Nowshera");
  show_period(s, "2025-02");
  REQUIRE(s.period() == period_labelled(d, "2025-02"));
  app.frame();  // derived colours follow the slider on the next frame
  const Rgb one_event = s.frame.coloring.class_colors.at(static_cast<size_t>(s.classes.class_of(1.0)));
  REQUIRE_FALSE(near(one_event, kZeroColor));
  CHECK(near(pixel_at(app, nowshera), one_event));  // bombing at Akora Khattak, 28 Feb 2025
  CHECK(near(pixel_at(app, bannu), kZeroColor));

  timeline_step(s.timeline, 1, s.values->has_data);  // 2025-03
  app.frame();
  CHECK(near(pixel_at(app, bannu), one_event));  // Bannu cantonment attack, 4 Mar 2025
  CHECK(near(pixel_at(app, nowshera), kZeroColor));
}

TEST_CASE("The join panel's alias fixes an unmatched name: accounting, map colour and the saved alias file change") {
  const std::filesystem::path dir = scratch_dir("zila_join_flow_test");
  std::filesystem::create_directories(dir);
  const std::filesystem::path csv = dir / "events.csv", aliases = dir / "aliases.csv";
  std::filesystem::remove(aliases);
  {
    std::ofstream out(csv);
    out << "date,district,category,events\n"
           "2025-03-04,Bannu,incident,1\n"
           "2025-03-10,Nowshera,incident,1\n"
           "2025-03-12,Miranshah,incident,1\n";  // a town, not a district: unmatched
  }
  ViewOptions options = window_options();
  options.data.events.path = csv.string();
  MapApp app(options);
  AppState& s = load(app);
  const size_t waziristan = district_named(*s.data(), "North Waziristan");
  app.frame();
  REQUIRE(s.data()->join.unmatched == 1);
  REQUIRE(s.data()->join.unmatched_names.at(0).name == "Miranshah");
  CHECK(s.data()->join.events_joined == 2);
  CHECK(near(pixel_at(app, waziristan), kZeroColor));

  // What "Other..." -> "North Waziristan" in the join panel does: add the alias and ask for a re-join.
  s.options.extra_aliases.push_back({"Miranshah", "North Waziristan"});
  s.requests.rejoin = true;
  app.frame();  // handles the request after drawing
  app.frame();  // draws the re-joined data
  CHECK(s.data()->join.unmatched == 0);
  CHECK(s.data()->join.events_joined == 3);
  CHECK(s.data()->join.unmatched_names.empty());
  const Rgb one_event = s.frame.coloring.class_colors.at(static_cast<size_t>(s.classes.class_of(1.0)));
  CHECK(near(pixel_at(app, waziristan), one_event));

  s.alias_save_path = aliases.string();  // never the repository's geodata/aliases.csv
  s.requests.save_aliases = true;
  app.frame();
  const std::vector<AliasEntry> saved = load_aliases(aliases.string());
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].alias == "Miranshah");
  CHECK(saved[0].district == "North Waziristan");
  std::filesystem::remove_all(dir);
}

TEST_CASE("Selection and hover are outlines: the district keeps its class colour") {
  MapApp app(window_options());
  AppState& s = load(app);
  const size_t nowshera = district_named(*s.data(), "Nowshera");
  show_period(s, "2025-02");
  app.frame();
  const Rgb one_event = s.frame.coloring.class_colors.at(static_cast<size_t>(s.classes.class_of(1.0)));
  REQUIRE(near(pixel_at(app, nowshera), one_event));
  s.requests.select = static_cast<int>(nowshera);
  app.frame();  // handles the selection after drawing
  REQUIRE(s.selected == static_cast<int>(nowshera));
  const Rgb selected = pixel_at(app, nowshera);
  INFO("selected fill " << int(selected.r) << "," << int(selected.g) << "," << int(selected.b));
  CHECK(near(selected, one_event));  // was lightened by 30% towards white
}

TEST_CASE("Titles, tooltips and the inspector say the window: cumulative and hot-spot modes") {
  MapApp app(window_options());
  AppState& s = load(app);
  show_period(s, "2025-02");
  app.frame();
  CHECK(s.frame.title == "Events by district");
  CHECK(s.frame.when == "February 2025");
  s.choice.window.mode = WindowMode::cumulative;
  app.frame();
  CHECK(s.frame.when == "Apr 2024 \xE2\x80\x93 Feb 2025");
  CHECK(s.frame.subtitle == s.frame.when);
  CHECK(s.frame.value_label == "Events");  // the inspector: "Events Apr 2024 – Feb 2025: 3"
  s.choice.window = {WindowMode::rolling, 3};
  app.frame();
  CHECK(s.frame.when == "3 months to Feb 2025");
  if (s.has_weights()) {
    s.mode = MapMode::gi_star;
    app.frame();
    CHECK(s.frame.title == "Hot spots (Gi*, 99% / 95% / 90%)");
    CHECK(s.frame.subtitle == "Events, 3 months to Feb 2025");
    CHECK(s.frame.legend.title != "Events");  // the statistic's legend, not the values'
  }
}

namespace {

// Pixels that differ between two PNG files of the same size.
size_t differing_pixels(const std::string& a_path, const std::string& b_path) {
  sf::Image a, b;
  REQUIRE(a.loadFromFile(a_path));
  REQUIRE(b.loadFromFile(b_path));
  REQUIRE(a.getSize() == b.getSize());
  const sf::Uint8* pa = a.getPixelsPtr();
  const sf::Uint8* pb = b.getPixelsPtr();
  const size_t bytes = 4ull * a.getSize().x * a.getSize().y;
  size_t differing = 0;
  for (size_t i = 0; i < bytes; i += 4) differing += !std::equal(pa + i, pa + i + 4, pb + i);
  return differing;
}

}  // namespace

TEST_CASE("The window's export and zila render draw the same view pixel for pixel") {
  const std::filesystem::path dir = scratch_dir("zila_export_render_test");
  std::filesystem::create_directories(dir);
  ViewOptions options = window_options();
  options.labels = true;
  options.data.bin = Bin::year;  // two periods: the all-periods render below stays quick
  // The default events plus a row naming a town, not a district: the unmapped note is on both pictures.
  const std::filesystem::path csv = dir / "events.csv";
  std::filesystem::copy_file(options.data.events.path, csv, std::filesystem::copy_options::overwrite_existing);
  std::ofstream(csv, std::ios::app) << "2025-02-10,day,Miranshah,Khyber Pakhtunkhwa,incident,1,0,town,test\n";
  options.data.events.path = csv.string();
  // Neighbouring countries under both pictures, as `zila render` and `zila view` draw them by default.
  options.countries = std::string(ZILA_GEODATA_DIR) + "/cache/countries-50m.json";
  if (!std::filesystem::exists(options.countries)) FAIL("run geodata/fetch.sh: " << options.countries << " is missing");
  MapApp app(options);
  AppState& s = load(app);
  const Dataset& d = *s.data();
  REQUIRE(d.join.events_unmatched > 0);
  REQUIRE(d.cube.period_count() == 2);
  s.choice.window.mode = WindowMode::cumulative;
  timeline_step(s.timeline, 1, s.values->has_data);  // 2025: cumulative 2024 - 2025

  // `zila render` of the same view: its flags as the window's settings, the extent the window shows.
  auto render_settings = [&] {
    RenderSettings r;
    r.period = "2025";
    r.window = s.choice.window;
    r.metric = s.choice.metric;
    r.classes = s.style.spec;
    r.class_scope = s.style.mode;
    r.ramp = s.style.ramp;
    const BBox e = visible_extent(s);
    r.extent = fmt::format("{:.17g},{:.17g},{:.17g},{:.17g}", e.min_x, e.min_y, e.max_x, e.max_y);
    r.labels = s.show_labels;
    return r;
  };
  auto export_window = [&](const std::string& path) {
    app.frame();
    s.export_form.path = path;
    s.requests.export_map = true;
    app.frame();
    const std::string written =
        s.export_form.format == ExportFormat::gif ? (dir / "window" / "animation.gif").string() : path;
    REQUIRE(s.messages.back() == "Exported " + written);
    REQUIRE(s.export_form.result == "Exported " + written);  // shown in the Export dialog
  };
  const Boundaries* provinces = d.provinces.size() ? &d.provinces : nullptr;
  const Boundaries countries = load_countries(options.countries, d.boundaries);
  ExportExtras with_countries;
  with_countries.countries = &countries;

  SECTION("classes of this period: one slide") {
    s.style.mode = LegendMode::per_period;
    export_window((dir / "window.png").string());
    RenderSettings r = render_settings();
    r.out = (dir / "render.png").string();
    export_picture(d, provinces, r, with_countries);
    CHECK(differing_pixels(s.export_form.path, r.out) == 0);
  }
  SECTION("classes locked over all periods (the window's default): the --all-periods frames, date stamped") {
    REQUIRE(s.style.mode == LegendMode::locked);
    s.export_form.format = ExportFormat::gif;
    export_window((dir / "window.gif").string());
    RenderSettings r = render_settings();
    r.all_periods = true;
    r.out = (dir / "frames").string();
    export_frames(d, provinces, r, with_countries);
    for (const char* frame : {"frame_0001.png", "frame_0002.png"})
      CHECK(differing_pixels((dir / "window" / frame).string(), (dir / "frames" / frame).string()) == 0);
  }
  SECTION("hot spots (Gi*): the window's export and zila render --mode gistar") {
    s.mode = MapMode::gi_star;
    export_window((dir / "window.png").string());
    REQUIRE(s.frame.title == "Hot spots (Gi*, 99% / 95% / 90%)");
    RenderSettings r = render_settings();
    r.mode = MapMode::gi_star;
    r.out = (dir / "render.png").string();
    auto frames = std::make_shared<ModeFrames>(*s.loaded, map_spec(r), s.analysis);
    export_picture(d, provinces, r, {[frames](size_t p, MapFrame& out) { frames->build(p, out); }, &countries});
    CHECK(differing_pixels(s.export_form.path, r.out) == 0);
  }
  SECTION("the Export dialog's GIF: every period, the path it wrote shown") {
    s.export_form.format = ExportFormat::gif;
    s.export_form.width = 640;
    s.export_form.height = 360;
    s.export_form.path = (dir / "anim.gif").string();
    s.export_form.open = true;  // the dialog drawn (ImGui checks its begin/end pairs) while the export runs
    app.frame();
    s.requests.export_map = true;
    app.frame();
    app.frame();
    const std::string gif = (dir / "anim" / "animation.gif").string();
    CHECK(s.export_form.result == "Exported " + gif);
    CHECK_FALSE(s.export_form.failed);
    CHECK(std::filesystem::file_size(gif) > 1000);
    CHECK(std::filesystem::exists(dir / "anim" / "frame_0002.png"));
    // A path whose extension is not the format's is refused, and says so.
    s.export_form.path = (dir / "anim.png").string();
    s.requests.export_map = true;
    app.frame();
    CHECK(s.export_form.failed);
    CHECK(s.export_form.result.find("ending in .gif") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

namespace {

// Pixels of exactly `color` (within 6 per channel) inside a rectangle of the image.
size_t count_color(const sf::Image& image, PixelRect r, sf::Color color) {
  size_t n = 0;
  const unsigned x1 = std::min(image.getSize().x, static_cast<unsigned>(std::max(0.0, r.x + r.w)));
  const unsigned y1 = std::min(image.getSize().y, static_cast<unsigned>(std::max(0.0, r.y + r.h)));
  for (unsigned y = static_cast<unsigned>(std::max(0.0, r.y)); y < y1; ++y)
    for (unsigned x = static_cast<unsigned>(std::max(0.0, r.x)); x < x1; ++x) {
      const sf::Color c = image.getPixel(x, y);
      n += std::abs(c.r - color.r) <= 6 && std::abs(c.g - color.g) <= 6 && std::abs(c.b - color.b) <= 6;
    }
  return n;
}

bool inside(const PixelRect& inner, const PixelRect& outer) {
  return inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.w <= outer.x + outer.w + 0.5 &&
         inner.y + inner.h <= outer.y + outer.h + 0.5;
}

// The legend over the map: whole inside the map area, each entry's swatch painted in it.
void check_legend_in_sight(const sf::Image& image, const AppState& s, size_t swatch_pixels) {
  const PixelRect legend = s.legend_rect;
  REQUIRE(legend.w > 50);
  CHECK(inside(legend, s.map_area));
  REQUIRE_FALSE(s.frame.legend.entries.empty());
  for (const LegendEntry& e : s.frame.legend.entries) {
    INFO("legend entry " << e.label);
    CHECK(count_color(image, legend, {e.color.r, e.color.g, e.color.b}) >= swatch_pixels);
  }
}

}  // namespace

TEST_CASE("Legend overlay and inspector chart on screen at 1280x720 and 1920x1080, panels hidden with Tab") {
  const auto [width, height] = GENERATE(std::pair{1280u, 720u}, std::pair{1920u, 1080u});
  INFO(width << "x" << height);
  MapApp app(window_options(width, height, true));
  AppState& s = load(app);
  show_period(s, "2025-02");
  app.frame();
  app.frame();  // the legend is sized on its first frame, placed on the next

  sf::Image image;
  REQUIRE(app.frame(&image));
  check_legend_in_sight(image, s, 100);

  // The inspector's chart: the selected district's bars, its current-period bar highlighted.
  const std::vector<size_t> top = top_districts(*s.values, s.period(), 1);
  REQUIRE_FALSE(top.empty());
  s.requests.select = static_cast<int>(top.front());
  app.frame();
  REQUIRE(app.frame(&image));
  const PixelRect inspector{s.map_area.x + s.map_area.w, height * 0.56, width - (s.map_area.x + s.map_area.w),
                            height * 0.44};
  CHECK(count_color(image, inspector, {80, 200, 255}) >= 60);   // the current period
  CHECK(count_color(image, inspector, {230, 160, 40}) >= 60);   // other periods' bars
  CHECK(count_color(image, inspector, {30, 34, 40}) >= 2000);   // the plot area, not a thin bar
  if (const char* keep = std::getenv("ZILA_TEST_KEEP_IMAGES")) image.saveToFile(fmt::format("{}/inspector_{}.png", keep, width));

  // Tab: the side panels go, the map takes the width, the legend stays in sight.
  const sf::Color panel = image.getPixel(20, height / 2);
  app.toggle_side_panels();
  app.frame();
  REQUIRE(app.frame(&image));
  CHECK(s.map_area.x == 0);
  CHECK(s.map_area.w == Approx(width));
  CHECK(inside(s.legend_rect, s.map_area));
  CHECK(static_cast<double>(count_color(image, {0, height * 0.25, 40, height * 0.5}, panel)) < 40 * height * 0.5 / 2);  // the map there now
  if (const char* keep = std::getenv("ZILA_TEST_KEEP_IMAGES")) image.saveToFile(fmt::format("{}/tab_{}.png", keep, width));
  app.toggle_side_panels();
  app.frame();
  CHECK(s.map_area.x > 0);
}

TEST_CASE("Each view's legend stays in sight and paints its classes: per period, cumulative, Gi* at 1280x720 and 1920x1080") {
  const auto [width, height] = GENERATE(std::pair{1280u, 720u}, std::pair{1920u, 1080u});
  const int view = GENERATE(0, 1, 2);  // per period, cumulative, Gi* (cumulative)
  INFO(width << "x" << height << ", view " << view);
  MapApp app(window_options(width, height, true));
  AppState& s = load(app);
  show_period(s, "2025-02");
  if (view >= 1) s.choice.window.mode = WindowMode::cumulative;
  if (view == 2) {
    REQUIRE(s.has_weights());
    s.mode = MapMode::gi_star;
  }
  app.frame();
  app.frame();  // the legend is sized on its first frame, placed on the next
  sf::Image image;
  REQUIRE(app.frame(&image));
  // The title says the view (as the slide's would).
  if (view == 0) CHECK(s.frame.when == "February 2025");
  if (view == 1) CHECK(s.frame.subtitle == "Apr 2024 \xE2\x80\x93 Feb 2025");
  if (view == 2) CHECK(s.frame.title == "Hot spots (Gi*, 99% / 95% / 90%)");
  check_legend_in_sight(image, s, 60);
  if (const char* keep = std::getenv("ZILA_TEST_KEEP_IMAGES"))
    image.saveToFile(fmt::format("{}/legend_view{}_{}.png", keep, view, width));
}

TEST_CASE("Changing the time bin keeps the slider's date, not its index") {
  MapApp app(window_options());
  AppState& s = load(app);
  show_period(s, "2024-11");
  app.frame();
  REQUIRE(s.frame.when == "November 2024");
  s.options.bin = Bin::quarter;
  s.requests.rejoin = true;
  app.frame();  // handles the request after drawing
  app.frame();
  CHECK(s.frame.when == "Q4 2024");
  s.options.bin = Bin::week;
  s.requests.rejoin = true;
  app.frame();
  app.frame();
  CHECK(s.frame.when.starts_with("Week of "));
  // Rows known only to the month or the year are not binned by week, so this table's weekly periods begin
  // with its first row known to the day, after 1 October 2024: the slider stands on the first week.
  const Cube& weeks = s.data()->cube;
  REQUIRE(weeks.period_count() > 0);
  CHECK(weeks.period_starts.front() > *parse_date("2024-10-01", DateOptions{}));
  CHECK(s.timeline.current == 0);
  // Back to months: the slider finds the month of that week, not the index it had.
  const int32_t week_start = weeks.period_starts[3];
  s.timeline.current = 3;
  s.options.bin = Bin::month;
  s.requests.rejoin = true;
  app.frame();
  app.frame();
  const Cube& months = s.data()->cube;
  REQUIRE(s.timeline.current < months.period_count());
  CHECK(months.period_starts[s.timeline.current] <= week_start);
  CHECK(next_period_start(Bin::month, months.period_starts[s.timeline.current]) > week_start);
}

TEST_CASE("The window saves its labels (density, pinned, hidden) and view in a project file") {
  MapApp app(window_options());
  AppState& s = load(app);
  s.label_settings = {0.25, {"Peshawar"}, {"Khyber"}};
  s.choice.window.mode = WindowMode::cumulative;
  const std::filesystem::path dir = scratch_dir("zila_window_project");
  std::filesystem::create_directories(dir);
  s.project_path = (dir / "view.zila.json").string();
  s.requests.save_project = true;
  app.frame();
  const Project p = load_project(s.project_path);
  CHECK(p.render.label_settings == s.label_settings);
  CHECK(p.render.window.mode == WindowMode::cumulative);
  CHECK(p.render.labels == s.show_labels);
  CHECK(std::filesystem::equivalent(p.data.events.path, s.options.events.path));
  s.project_path = s.options.events.path;  // never over an input
  s.requests.save_project = true;
  app.frame();
  CHECK(s.messages.back().starts_with("Could not save the project"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("The data panel reads a chosen file's columns, first rows and roles for its drop-downs") {
  MapApp app(window_options());
  AppState& s = app.state();
  s.form.events.path = std::string(ZILA_SHARED_DIR) + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  app.frame();  // the data panel, open before a load, reads the preview of the file now named
  REQUIRE(s.preview_error.empty());
  CHECK(s.preview_of.rfind(s.form.events.path, 0) == 0);
  CHECK(s.preview.rows.size() == 10);
  CHECK(column_role(s.preview.roles, "date") == "date");
  // A database source is read only on request (connecting can take seconds) and never shown with its password.
  s.form.events.path = "PG:host=/nonexistent user=zila password=s3cret dbname=none";
  s.form.events.layer = "events.strikes";
  app.frame();
  CHECK(s.preview_of.find("PG:") == std::string::npos);
}

TEST_CASE("The one time-bin control re-bins live on the same date; join mode changes re-join without reloading") {
  MapApp app(window_options());
  AppState& s = load(app);
  app.frame();
  REQUIRE(s.data()->cube.bin == Bin::month);
  REQUIRE(s.data()->cube.period_count() > 7);
  s.timeline.current = 7;
  const int32_t day = s.data()->cube.period_starts[7];
  const EventTable* events = &s.data()->events;
  const uint64_t rows = s.data()->events.rows_read;

  // What the explore panel's "Time bin" combo does.
  s.options.bin = s.form.bin = Bin::quarter;
  s.requests.rejoin = true;
  app.frame();
  app.frame();
  const Cube& cube = s.data()->cube;
  REQUIRE(cube.bin == Bin::quarter);
  REQUIRE(s.timeline.current < cube.period_count());
  CHECK(cube.period_starts[s.timeline.current] <= day);
  CHECK(next_period_start(Bin::quarter, cube.period_starts[s.timeline.current]) > day);
  CHECK(s.timeline.current > 0);  // not back at the first period

  // What the data panel's "Join by" combo does once data is loaded: the same events, joined again.
  s.form.join.mode = s.options.join.mode = JoinMode::name;
  s.requests.rejoin = true;
  app.frame();
  app.frame();
  CHECK(&s.data()->events == events);
  CHECK(s.data()->events.rows_read == rows);
  CHECK(s.data()->join.rows_by_method[static_cast<size_t>(JoinMethod::coordinates)] == 0);
  CHECK(s.data()->join.joined + s.data()->join.unmatched + s.data()->join.rejected == rows);
  CHECK(s.load_error.empty());
}
