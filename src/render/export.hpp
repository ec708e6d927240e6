// Whole exports from a loaded Dataset: one slide (PNG or SVG by the file's extension) or a frame
// sequence with optional GIF/MP4. Used by `zila render` and usable by the window's export button.
// PNG needs an X display (ensure_display) and must run on a thread that may use GL.
#pragma once
#include <string>
#include <vector>

#include "core/pipeline.hpp"
#include "core/project.hpp"

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

// Every file is written atomically (core/output_file.hpp): a failure leaves older files as they were.
ExportReport export_picture(const Dataset& data, const Boundaries* provinces, const RenderSettings& settings);
// Frames go to settings.out taken as a folder (an extension is stripped): frame_0001.png ... plus
// animation.gif / animation.mp4 when asked. Classes are fixed over all periods. Older frames in the
// folder beyond this run's are noted in the summary and never enter the GIF or MP4.
ExportReport export_frames(const Dataset& data, const Boundaries* provinces, const RenderSettings& settings);

}  // namespace zila
