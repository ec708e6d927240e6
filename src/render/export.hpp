// Whole exports from a loaded Dataset: one slide (PNG or SVG by the file's extension) or a frame
// sequence with optional GIF/MP4. Used by `zila render` and usable by the window's export button.
// PNG needs an X display (ensure_display) and must run on a thread that may use GL.
#pragma once
#include <string>
#include <vector>

#include "core/pipeline.hpp"
#include "core/project.hpp"
#include "render/slide_content.hpp"

namespace zila {

struct ExportReport {
  std::vector<std::string> files;  // written, frames in order
  std::string summary;             // one line per step with its time, for the user
  std::vector<Problem> problems;   // the tessellation's (districts repaired or not filled), PNG only
};

enum class PictureFormat { png, svg };
// By the file name's extension, in any case (x.SVG is SVG); throws zila::Error for any other.
PictureFormat picture_format(const std::string& path);
// Where export_frames writes: settings.out with its extension stripped.
std::string frames_folder(const RenderSettings& settings);
std::string frame_name(size_t number);  // frame_0001.png for 1

// What an export draws besides the data: the map frames (empty: value_frames, the values mode) and
// neighbouring countries under the districts (nullable: see load_countries).
struct ExportExtras {
  FrameBuilder frames;
  const Boundaries* countries = nullptr;
};

// Every file is written atomically (core/output_file.hpp): a failure leaves older files as they were.
// One composed slide to settings.out (PNG or SVG by its extension) at settings.width x height: the
// window's export of its own view and export_picture both end here.
ExportReport export_slide(const Dataset& data, const Boundaries* provinces, SlideContent content,
                          const RenderSettings& settings, const Boundaries* countries = nullptr);
ExportReport export_picture(const Dataset& data, const Boundaries* provinces, const RenderSettings& settings,
                            const ExportExtras& extras = {});
// Frames go to settings.out taken as a folder (an extension is stripped): frame_0001.png ... plus
// animation.gif / animation.mp4 when asked, each frame with its period in large type. Classes as
// settings.class_scope (global by default: one legend for the animation). Older frames in the
// folder beyond this run's are noted in the summary and never enter the GIF or MP4.
ExportReport export_frames(const Dataset& data, const Boundaries* provinces, const RenderSettings& settings,
                           const ExportExtras& extras = {});

}  // namespace zila
