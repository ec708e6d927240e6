#include "render/animation.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fmt/core.h>
#include <gif_lib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "render/headless_display.hpp"

namespace zila {
namespace {

GifFileType* as_gif(void* p) { return static_cast<GifFileType*>(p); }

}  // namespace

GifWriter::GifWriter(const std::string& path, int width, int height, double frame_seconds)
    : path_(path), output_(std::make_unique<OutputFile>(path)), width_(width), height_(height),
      delay_cs_(std::max(1, static_cast<int>(std::lround(frame_seconds * 100)))) {
  output_->hand_over();  // giflib opens the file by name
  int error = 0;
  GifFileType* gif = EGifOpenFileName(output_->writing_path().c_str(), false, &error);
  if (!gif) throw Error(fmt::format("cannot write GIF '{}': {}", path, GifErrorString(error)));
  gif_ = gif;
  EGifSetGifVersion(gif, true);
  if (EGifPutScreenDesc(gif, width, height, 8, 0, nullptr) == GIF_ERROR)
    throw Error(fmt::format("cannot write GIF '{}': {}", path, GifErrorString(gif->Error)));
  // NETSCAPE2.0 application block: loop forever.
  const GifByteType loop[3] = {1, 0, 0};
  EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE);
  EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0");
  EGifPutExtensionBlock(gif, 3, loop);
  EGifPutExtensionTrailer(gif);
}

GifWriter::~GifWriter() {
  if (gif_) EGifCloseFile(as_gif(gif_), nullptr);
}

void GifWriter::add_frame(const uint8_t* rgba) {
  GifFileType* gif = as_gif(gif_);
  size_t n = static_cast<size_t>(width_) * static_cast<size_t>(height_);
  std::vector<GifByteType> r(n), g(n), b(n), indices(n);
  for (size_t i = 0; i < n; ++i) r[i] = rgba[4 * i], g[i] = rgba[4 * i + 1], b[i] = rgba[4 * i + 2];
  int colors = 256;
  std::vector<GifColorType> palette(256);
  if (GifQuantizeBuffer(static_cast<unsigned>(width_), static_cast<unsigned>(height_), &colors, r.data(), g.data(),
                        b.data(), indices.data(), palette.data()) == GIF_ERROR)
    throw Error(fmt::format("GIF '{}': colour quantization failed", path_));
  ColorMapObject* map = GifMakeMapObject(256, palette.data());
  GraphicsControlBlock control{DISPOSAL_UNSPECIFIED, false, delay_cs_, NO_TRANSPARENT_COLOR};
  GifByteType extension[4];
  size_t length = EGifGCBToExtension(&control, extension);
  bool ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension) != GIF_ERROR &&
            EGifPutImageDesc(gif, 0, 0, width_, height_, false, map) != GIF_ERROR;
  for (int y = 0; ok && y < height_; ++y)
    ok = EGifPutLine(gif, indices.data() + static_cast<size_t>(y) * static_cast<size_t>(width_), width_) != GIF_ERROR;
  GifFreeMapObject(map);
  if (!ok) throw Error(fmt::format("cannot write GIF '{}': {}", path_, GifErrorString(gif->Error)));
}

void GifWriter::close() {
  int error = 0;
  GifFileType* gif = as_gif(gif_);
  gif_ = nullptr;
  if (EGifCloseFile(gif, &error) == GIF_ERROR)
    throw Error(fmt::format("cannot complete GIF '{}': {}", path_, GifErrorString(error)));
  output_->commit();
}

void assemble_mp4(const std::string& folder, size_t frame_count, const std::string& out, double frame_seconds) {
  std::string ffmpeg = find_program("ffmpeg");
  if (ffmpeg.empty())
    throw Error(fmt::format("--mp4 needs ffmpeg, which is not installed (apt-get install ffmpeg); the frames are in "
                            "'{}' and the GIF was written if asked for",
                            folder));
  std::string rate = fmt::format("{:.4f}", 1.0 / frame_seconds);
  std::string input = folder + "/frame_%04d.png";
  // Exactly this run's frames: from frame_0001 (ffmpeg would otherwise start at a frame_0000 it
  // finds) and no further than frame_count, whatever older frames lie beyond in the folder.
  std::string first = "1", frames = std::to_string(frame_count);
  OutputFile video(out);
  video.hand_over();  // ffmpeg writes the temporary file by name (-y: it exists)
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw Error("cannot fork to run ffmpeg");
  if (pid == 0) {
    stop_with_parent(parent);
    // Even sizes and yuv420p: what players and presentation software accept.
    execl(ffmpeg.c_str(), "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-framerate", rate.c_str(), "-start_number",
          first.c_str(), "-i", input.c_str(), "-frames:v", frames.c_str(), "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",
          "-c:v", "libx264", "-pix_fmt", "yuv420p", video.writing_path().c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error(fmt::format("ffmpeg failed ({}) writing '{}' from '{}'",
                            WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status))
                                                : fmt::format("status {}", WEXITSTATUS(status)),
                            out, input));
  video.commit();
}

}  // namespace zila
