#include "render/animation.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fmt/core.h>
#include <gif_lib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <climits>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "render/headless_display.hpp"

namespace zila {
namespace {

GifFileType* as_gif(void* p) { return static_cast<GifFileType*>(p); }

std::vector<GifColorType> frame_palette(const uint8_t* rgba, size_t n, std::vector<GifByteType>& indices) {
  auto key = [&](size_t i) { return uint32_t{rgba[4 * i]} << 16 | uint32_t{rgba[4 * i + 1]} << 8 | rgba[4 * i + 2]; };
  std::unordered_map<uint32_t, size_t> counts;
  for (size_t i = 0; i < n; ++i) ++counts[key(i)];
  std::vector<std::pair<size_t, uint32_t>> by_count;
  by_count.reserve(counts.size());
  for (const auto& [color, count] : counts) by_count.emplace_back(count, color);
  const size_t kept = std::min<size_t>(256, by_count.size());
  // Most frequent first; equal counts by colour, so the palette does not depend on hash order.
  std::partial_sort(by_count.begin(), by_count.begin() + static_cast<ptrdiff_t>(kept), by_count.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<GifColorType> palette(256, GifColorType{0, 0, 0});
  for (size_t k = 0; k < kept; ++k) {
    const uint32_t c = by_count[k].second;
    palette[k] = {static_cast<GifByteType>(c >> 16), static_cast<GifByteType>(c >> 8 & 255), static_cast<GifByteType>(c & 255)};
  }
  // Each distinct colour to its nearest palette entry (squared RGB distance), once.
  std::unordered_map<uint32_t, GifByteType> index_of;
  index_of.reserve(counts.size());
  for (const auto& [color, count] : counts) {
    const int r = static_cast<int>(color >> 16), g = static_cast<int>(color >> 8 & 255), b = static_cast<int>(color & 255);
    int best = 0, best_distance = INT32_MAX;
    for (size_t k = 0; k < kept && best_distance > 0; ++k) {
      const int dr = r - palette[k].Red, dg = g - palette[k].Green, db = b - palette[k].Blue;
      const int distance = dr * dr + dg * dg + db * db;
      if (distance < best_distance) best = static_cast<int>(k), best_distance = distance;
    }
    index_of.emplace(color, static_cast<GifByteType>(best));
  }
  indices.resize(n);
  for (size_t i = 0; i < n; ++i) indices[i] = index_of.at(key(i));
  return palette;
}

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


void GifWriter::add_frame(const uint8_t* rgba, bool last) {
  GifFileType* gif = as_gif(gif_);
  size_t n = static_cast<size_t>(width_) * static_cast<size_t>(height_);
  std::vector<GifByteType> indices;
  std::vector<GifColorType> palette = frame_palette(rgba, n, indices);
  const int delay = last ? std::max(delay_cs_, static_cast<int>(std::lround(kLastFrameSeconds * 100))) : delay_cs_;
  ColorMapObject* map = GifMakeMapObject(256, palette.data());
  GraphicsControlBlock control{DISPOSAL_UNSPECIFIED, false, delay, NO_TRANSPARENT_COLOR};
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
  // finds) and no further than frame_count (trim), whatever older frames lie beyond in the folder; the
  // last one held as in the GIF (tpad), so a briefing's video does not end on a blink. Even sizes and
  // yuv420p: what players and presentation software accept.
  const std::string first = "1";
  const std::string filters = fmt::format("trim=end_frame={},scale=trunc(iw/2)*2:trunc(ih/2)*2,"
                                          "tpad=stop_mode=clone:stop_duration={}",
                                          frame_count, GifWriter::kLastFrameSeconds);
  OutputFile video(out);
  video.hand_over();  // ffmpeg writes the temporary file by name (-y: it exists)
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw Error("cannot fork to run ffmpeg");
  if (pid == 0) {
    stop_with_parent(parent);
    execl(ffmpeg.c_str(), "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-framerate", rate.c_str(), "-start_number",
          first.c_str(), "-i", input.c_str(), "-vf", filters.c_str(), "-c:v", "libx264", "-pix_fmt", "yuv420p",
          video.writing_path().c_str(), static_cast<char*>(nullptr));
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
