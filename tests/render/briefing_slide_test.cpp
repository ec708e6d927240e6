// Briefing slides from the real default data (../shared): a Gi* slide as `zila render --mode gistar`
// draws it (golden image + its title), one class scale over a set of single-period slides, a region
// slide's context and legend counts, the neighbouring countries, and the GIF's exact fill colours.
#include <catch2/catch.hpp>
#include <gif_lib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "core/io/event_loader.hpp"
#include "golden.hpp"
#include "render/animation.hpp"
#include "render/export.hpp"
#include "render/slide_content.hpp"
#include "render/slide_png.hpp"
#include "render/slide_svg.hpp"
#include "ui/logic/mode_frames.hpp"

using namespace zila;
namespace fs = std::filesystem;

namespace {

// The default demo's data (app/data_flags.cpp): suicide attacks as incidents, drone strikes as
// operations, the project's aliases; yearly periods.
PipelineOptions default_data() {
  const std::string shared = ZILA_SHARED_DIR, geodata = ZILA_GEODATA_DIR;
  PipelineOptions o;
  o.boundaries.path = shared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.parents_path = shared + "/geodata/pak/geoBoundaries-PAK-ADM1_simplified.geojson";
  o.events = with_category_suffix({}, shared + "/events/real/pak_suicide_attacks_v11_2017-11-30.csv:incident");
  o.more_events.push_back(
      with_category_suffix({}, shared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv:operation"));
  o.aliases_path = geodata + "/aliases.csv";
  o.bin = Bin::year;
  return o;
}

const ui::LoadedData& real_data() {
  static const std::unique_ptr<ui::LoadedData> loaded = ui::load_dataset(default_data());
  return *loaded;
}

RenderSettings gistar_2012() {
  RenderSettings s;
  s.mode = MapMode::gi_star;
  s.period = "2012";
  s.labels = true;
  s.inset = true;
  return s;
}

// The frames `zila render` draws: ModeFrames with the render settings' spec and analysis.
FrameBuilder mode_frames(const RenderSettings& s) {
  ui::AnalysisSettings analysis;
  analysis.permutations = s.permutations;
  auto frames = std::make_shared<ui::ModeFrames>(real_data(), map_spec(s), analysis);
  return [frames](size_t period, MapFrame& out) { frames->build(period, out); };
}

std::vector<std::pair<double, double>> breaks(const SlideContent& c) {
  std::vector<std::pair<double, double>> out;
  for (const LegendEntry& e : c.legend.entries)
    if (e.kind == LegendEntry::Kind::range) out.emplace_back(e.lower, e.upper);
  return out;
}

size_t legend_total(const SlideContent& c) {
  size_t n = 0;
  for (const LegendEntry& e : c.legend.entries) n += e.districts;
  return n;
}

}  // namespace

TEST_CASE("Real data, Gi* 2012: the slide zila render --mode gistar draws (golden), titled by mode and region") {
  const Dataset& d = real_data().data;
  const RenderSettings s = gistar_2012();
  const size_t period = resolve_period(d.cube, s.period);
  const SlideContent c = make_slide_content(d, s, period, mode_frames(s));
  CHECK(c.title == "Hot spots (Gi*, 99% / 95% / 90%) in Khyber Pakhtunkhwa");
  CHECK(c.subtitle == "Events, 2012");
  CHECK(c.legend.title == "Getis-Ord Gi* hot spots (z, normal p)");
  CHECK(c.legend.mode_note.find("999 permutations") != std::string::npos);
  // Some hot spot in 2012 (the drone campaign in North Waziristan), and counts over KP only.
  REQUIRE(c.legend.entries.size() >= 3);
  CHECK(c.legend.entries[0].districts + c.legend.entries[1].districts + c.legend.entries[2].districts > 0);
  size_t kp = 0;
  for (const std::string& parent : d.boundaries.parents) kp += parent == "Khyber Pakhtunkhwa";
  CHECK(legend_total(c) == kp);

  TextMetrics metrics;
  const SlideLayout layout = layout_slide(c, d.boundaries, 1600, 900, metrics);
  SlideRasterizer raster(d.boundaries, &d.provinces, 1600, 900);
  auto result = test::compare_golden(raster.render(layout), "slide_gistar_2012_kp");
  INFO(result.message);
  CHECK(result.ok);
}

TEST_CASE("--classes global: single-period slides share one scale; period: each its own") {
  const Dataset& d = real_data().data;
  RenderSettings s;
  s.extent = "all";
  const size_t p2009 = resolve_period(d.cube, "2009"), p2015 = resolve_period(d.cube, "2015");
  REQUIRE(s.class_scope == LegendMode::locked);  // the default, as the window
  const SlideContent a = make_slide_content(d, s, p2009), b = make_slide_content(d, s, p2015);
  CHECK_FALSE(breaks(a).empty());
  CHECK(breaks(a) == breaks(b));
  CHECK(a.legend.mode_note.find("over all periods") != std::string::npos);
  s.class_scope = LegendMode::per_period;
  const SlideContent c = make_slide_content(d, s, p2009), e = make_slide_content(d, s, p2015);
  CHECK(breaks(c) != breaks(e));
  CHECK(c.legend.mode_note.find("this period") != std::string::npos);
}

TEST_CASE("A region slide: the rest painted as context, legend counts and labels of the region only") {
  const Dataset& d = real_data().data;
  RenderSettings s;
  s.extent = "Khyber Pakhtunkhwa";
  s.labels = true;
  const size_t period = resolve_period(d.cube, "2012");
  const SlideContent c = make_slide_content(d, s, period);
  size_t kp = 0;
  for (size_t i = 0; i < d.boundaries.size(); ++i) {
    const bool in = d.boundaries.parents[i] == "Khyber Pakhtunkhwa";
    kp += in;
    if (!in) CHECK(c.district_colors[i] == Rgba{kContextColor.r, kContextColor.g, kContextColor.b, 255});
  }
  REQUIRE(kp > 20);
  CHECK(legend_total(c) == kp);  // not "118 districts at 0" over all of Pakistan
  CHECK(c.title == "Events by district in Khyber Pakhtunkhwa");
  CHECK(c.context_label == "Outside Khyber Pakhtunkhwa");
  // The extent has the map area's shape: the province fills it (no third left empty).
  const double aspect = map_area_aspect(1920, 1080);
  CHECK(std::abs(c.extent.width() / c.extent.height() - aspect) < 1e-6);
  // Labels only inside the region.
  TextMetrics metrics;
  const SlideLayout layout = layout_slide(c, d.boundaries, 1920, 1080, metrics);
  std::set<std::string> texts;
  for (const TextItem& t : layout.texts) texts.insert(t.text);
  CHECK(texts.count("North Waziristan") == 1);
  CHECK(texts.count("Lahore") == 0);
}

TEST_CASE("Neighbouring countries from Natural Earth (geodata/fetch.sh): near ones only, projected") {
  const std::string path = std::string(ZILA_GEODATA_DIR) + "/cache/countries-50m.json";
  if (!fs::exists(path)) FAIL("run geodata/fetch.sh: " << path << " is missing");
  const Dataset& d = real_data().data;
  const Boundaries countries = load_countries(path, d.boundaries);
  std::set<std::string> names(countries.names.begin(), countries.names.end());
  for (const char* neighbour : {"Afghanistan", "India", "Iran", "China"}) CHECK(names.count(neighbour) == 1);
  CHECK(names.count("Russia") == 0);   // spans the antimeridian
  CHECK(names.count("Brazil") == 0);   // far away
  for (const Point& p : countries.projected.vertices) REQUIRE((std::isfinite(p.x) && std::isfinite(p.y)));
  CHECK(countries.display_crs == d.boundaries.display_crs);
  // Names of the countries with a fair share of a KP slide, placed inside them; never the districts' own.
  RenderSettings s;
  s.extent = "Khyber Pakhtunkhwa";
  SlideContent c = make_slide_content(d, s, resolve_period(d.cube, ""));
  add_country_names(c, &countries, d.boundaries);
  std::set<std::string> named;
  for (const SlideContent::Place& place : c.context_names) {
    named.insert(place.name);
    const size_t f = static_cast<size_t>(std::find(countries.names.begin(), countries.names.end(), place.name) -
                                         countries.names.begin());
    CHECK(feature_contains(countries.projected, f, place.at));
    CHECK(c.extent.contains(place.at));
  }
  CHECK(named.count("Afghanistan") == 1);
  CHECK(named.count("Pakistan") == 0);
}

TEST_CASE("GIF: fills keep their exact colours (the zero class stays grey), the last frame is held") {
  const int w = 64, h = 48;
  std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4);
  // Left half the zero class; right half 3000 distinct colours, as antialiased edges give.
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &rgba[(static_cast<size_t>(y) * w + x) * 4];
      const int i = y * w + x;
      if (x < w / 2) p[0] = kZeroColor.r, p[1] = kZeroColor.g, p[2] = kZeroColor.b;
      else p[0] = static_cast<uint8_t>(i * 7), p[1] = static_cast<uint8_t>(i * 13 / 3), p[2] = static_cast<uint8_t>(i / 11);
      p[3] = 255;
    }
  const fs::path dir = fs::path(ZILA_RENDER_OUT_DIR) / "gif";
  fs::create_directories(dir);
  const std::string path = (dir / "palette.gif").string();
  GifWriter gif(path, w, h, 0.5);
  gif.add_frame(rgba.data());
  gif.add_frame(rgba.data(), true);
  gif.close();

  int error = 0;
  GifFileType* read = DGifOpenFileName(path.c_str(), &error);
  REQUIRE(read);
  REQUIRE(DGifSlurp(read) == GIF_OK);
  REQUIRE(read->ImageCount == 2);
  for (int f = 0; f < 2; ++f) {
    const SavedImage& image = read->SavedImages[f];
    const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : read->SColorMap;
    const GifColorType zero = map->Colors[image.RasterBits[5 * w + 3]];
    CHECK(Rgb{zero.Red, zero.Green, zero.Blue} == kZeroColor);
    GraphicsControlBlock control;
    REQUIRE(DGifSavedExtensionToGCB(read, f, &control) == GIF_OK);
    CHECK(control.DelayTime == (f == 0 ? 50 : 250));
  }
  DGifCloseFile(read, &error);
}
