#include "render/export.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/core.h>
#include <memory>

#include "core/error.hpp"
#include "core/text.hpp"
#include "render/animation.hpp"
#include "render/png_writer.hpp"
#include "render/slide_content.hpp"
#include "render/slide_png.hpp"
#include "render/slide_svg.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// frame_0001.png ... in `folder` beyond the first `written`: left by an earlier, longer run.
size_t older_frames_beyond(const fs::path& folder, size_t written) {
  size_t older = 0;
  for (size_t n = written + 1; fs::exists(folder / frame_name(n)); ++n) ++older;
  return older;
}

}  // namespace

std::string frame_name(size_t number) { return fmt::format("frame_{:04d}.png", number); }

PictureFormat picture_format(const std::string& path) {
  const std::string extension = ascii_lower(fs::path(path).extension().string());
  if (extension == ".png") return PictureFormat::png;
  if (extension == ".svg") return PictureFormat::svg;
  throw Error(fmt::format("'{}': the picture's file name must end in .png or .svg", path));
}

std::string frames_folder(const RenderSettings& settings) {
  fs::path out(settings.out);
  return (out.extension().empty() ? out : out.replace_extension()).string();
}

ExportReport export_picture(const Dataset& data, const Boundaries* provinces, const RenderSettings& s,
                            const ExportExtras& extras) {
  const size_t period = resolve_period(data.cube, s.period);
  return export_slide(data, provinces, make_slide_content(data, s, period, extras.frames), s, extras.countries);
}

ExportReport export_slide(const Dataset& data, const Boundaries* provinces, SlideContent content,
                          const RenderSettings& s, const Boundaries* countries) {
  ExportReport report;
  TextMetrics metrics;
  auto start = Clock::now();
  add_country_names(content, countries, data.boundaries);
  SlideLayout layout = layout_slide(content, data.boundaries, s.width, s.height, metrics);
  double layout_ms = ms_since(start);
  if (picture_format(s.out) == PictureFormat::svg) {
    save_svg(layout, data.boundaries, provinces, s.out, countries);
    report.summary = fmt::format("wrote {} ({}x{}) in {:.0f} ms (layout {:.0f})", s.out, s.width, s.height,
                                 ms_since(start), layout_ms);
  } else {
    auto setup_start = Clock::now();
    SlideRasterizer raster(data.boundaries, provinces, static_cast<unsigned>(s.width), static_cast<unsigned>(s.height),
                           countries);
    double setup_ms = ms_since(setup_start);
    auto draw_start = Clock::now();
    auto pixels = raster.render_bottom_up(layout);
    double draw_ms = ms_since(draw_start);
    auto save_start = Clock::now();
    write_png({pixels.get(), static_cast<unsigned>(s.width), static_cast<unsigned>(s.height), true}, s.out);
    report.summary = fmt::format(
        "wrote {} ({}x{}, {}x antialiasing) in {:.0f} ms: layout {:.0f}, GL setup {:.0f} (tessellation {:.0f}, {} "
        "triangles), render + read-back {:.0f}, PNG {:.0f}",
        s.out, s.width, s.height, raster.antialiasing(), ms_since(start), layout_ms, setup_ms,
        raster.map().tessellation_ms(), raster.map().triangle_count(), draw_ms, ms_since(save_start));
    report.problems = raster.map().problems();
  }
  report.files.push_back(s.out);
  return report;
}

ExportReport export_frames(const Dataset& data, const Boundaries* provinces, const RenderSettings& s,
                           const ExportExtras& extras) {
  if (data.cube.period_count() == 0) throw Error("no events were joined to a district: nothing to animate");
  ExportReport report;
  fs::path folder = frames_folder(s);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder))
    throw Error(fmt::format("cannot create the frame folder '{}': {}", folder.string(),
                            ec ? ec.message() : "a file of that name is in the way"));
  TextMetrics metrics;
  const FrameBuilder frames = extras.frames ? extras.frames : value_frames(data, s);
  auto start = Clock::now();
  SlideRasterizer raster(data.boundaries, provinces, static_cast<unsigned>(s.width), static_cast<unsigned>(s.height),
                         extras.countries);
  report.problems = raster.map().problems();
  std::unique_ptr<GifWriter> gif;
  std::string gif_path = (folder / "animation.gif").string();
  if (s.gif) gif = std::make_unique<GifWriter>(gif_path, s.width, s.height, s.frame_seconds);
  double gif_ms = 0;
  const size_t periods = data.cube.period_count();
  const SlideExtent extent = resolve_extent(data, s.extent, map_area_aspect(s.width, s.height));
  MapFrame frame;
  for (size_t p = 0; p < periods; ++p) {
    frames(p, frame);
    SlideContent content = slide_content(data, frame, {s.title, s.subtitle, s.source}, extent, s.labels);
    content.inset = s.inset;
    content.stamp = frame.when;
    add_country_names(content, extras.countries, data.boundaries);
    SlideLayout layout = layout_slide(content, data.boundaries, s.width, s.height, metrics);
    sf::Image image = raster.render(layout);
    report.files.push_back((folder / frame_name(p + 1)).string());
    save_png(image, report.files.back());
    if (gif) {
      auto gif_start = Clock::now();
      gif->add_frame(image.getPixelsPtr(), p + 1 == periods);
      gif_ms += ms_since(gif_start);
    }
  }
  if (gif) {
    gif->close();
    report.files.push_back(gif_path);
  }
  report.summary = fmt::format("wrote {} frames ({}x{}) to {}/ in {:.0f} ms{}", data.cube.period_count(), s.width,
                               s.height, folder.string(), ms_since(start),
                               gif ? fmt::format(" (GIF encoding {:.0f} ms of it: {})", gif_ms, gif_path) : "");
  if (size_t older = older_frames_beyond(folder, data.cube.period_count()))
    report.summary += fmt::format("\nnote: {}/ also holds {} older frames (from {} on) of an earlier run; they are in no "
                                  "animation of this one",
                                  folder.string(), older, frame_name(data.cube.period_count() + 1));
  if (s.mp4) {
    auto mp4_start = Clock::now();
    std::string mp4 = (folder / "animation.mp4").string();
    assemble_mp4(folder.string(), data.cube.period_count(), mp4, s.frame_seconds);
    report.files.push_back(mp4);
    report.summary += fmt::format("\nwrote {} in {:.0f} ms", mp4, ms_since(mp4_start));
  }
  return report;
}

}  // namespace zila
