// Animated output of a frame sequence: GIF through giflib (always available), MP4 through ffmpeg
// when it is installed. No GL.
#pragma once
#include <cstdint>
#include <string>

namespace zila {

// Streams RGBA frames into a looping GIF, each with its own 256-colour palette (median cut).
class GifWriter {
 public:
  GifWriter(const std::string& path, int width, int height, double frame_seconds);  // throws zila::Error
  ~GifWriter();
  GifWriter(const GifWriter&) = delete;
  GifWriter& operator=(const GifWriter&) = delete;
  void add_frame(const uint8_t* rgba);  // width * height * 4 bytes
  void close();                         // throws zila::Error when the file cannot be completed

 private:
  void* gif_ = nullptr;  // GifFileType*, kept out of this header
  std::string path_;
  int width_, height_, delay_cs_;
};

// Runs ffmpeg on `folder`/frame_%04d.png. Throws zila::Error with install advice when ffmpeg is
// missing, or with its exit status when it fails.
void assemble_mp4(const std::string& folder, const std::string& out, double frame_seconds);

}  // namespace zila
