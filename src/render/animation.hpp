// Animated output of a frame sequence: GIF through giflib (always available), MP4 through ffmpeg
// when it is installed. No GL.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/io/output_file.hpp"

namespace zila {

// Streams RGBA frames into a looping GIF (written atomically: see core/output_file.hpp), each with its
// own palette: the frame's colours exactly when it has at most 256, otherwise its 256 most frequent
// (the map's fills, the legend swatches, text) with the rest (antialiased edges) mapped to the nearest.
// Median cut averaged fills into boxes and turned the zero class's grey pink.
class GifWriter {
 public:
  GifWriter(const std::string& path, int width, int height, double frame_seconds);  // throws zila::Error
  ~GifWriter();
  GifWriter(const GifWriter&) = delete;
  GifWriter& operator=(const GifWriter&) = delete;
  // width * height * 4 bytes; the `last` frame is held longer (kLastFrameSeconds) before the loop restarts.
  void add_frame(const uint8_t* rgba, bool last = false);
  static constexpr double kLastFrameSeconds = 2.5;
  void close();                         // throws zila::Error when the file cannot be completed

 private:
  void* gif_ = nullptr;  // GifFileType*, kept out of this header
  std::string path_;
  std::unique_ptr<OutputFile> output_;
  int width_, height_, delay_cs_;
};

// Runs ffmpeg on `folder`/frame_0001.png ... frame_<frame_count>.png (older frames beyond them are
// left out) into `out`, atomically, the last frame held GifWriter::kLastFrameSeconds as in the GIF.
// ffmpeg ends with this process, however it ends. Throws
// zila::Error with install advice when ffmpeg is missing, or with its exit status when it fails.
void assemble_mp4(const std::string& folder, size_t frame_count, const std::string& out, double frame_seconds);

}  // namespace zila
