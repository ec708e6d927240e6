#include "core/io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <iostream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;

// An unbuffered std::streambuf over a C FILE (which buffers): C++ writers and libpng share one file.
class StdioBuffer : public std::streambuf {
 public:
  explicit StdioBuffer(std::FILE* file) : file_(file) {}
  // errno of the first failed write (ENOSPC, EFBIG, EIO): later calls may overwrite errno.
  int first_error() const { return first_error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    return checked(std::fputc(ch, file_) != EOF) ? ch : traits_type::eof();
  }
  std::streamsize xsputn(const char* text, std::streamsize n) override {
    size_t written = std::fwrite(text, 1, static_cast<size_t>(n), file_);
    checked(written == static_cast<size_t>(n));
    return static_cast<std::streamsize>(written);
  }
  int sync() override { return checked(std::fflush(file_) == 0) ? 0 : -1; }

 private:
  bool checked(bool ok) {
    if (!ok && first_error_ == 0) first_error_ = errno;
    return ok;
  }
  std::FILE* file_;
  int first_error_ = 0;
};

// The process's umask without changing it (umask(2) can only be read by setting it, which would
// race with other threads creating files): Linux reports it in /proc/self/status.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  return 022;
}

std::string os_error(int error) { return std::strerror(error != 0 ? error : EIO); }

fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return fs::path(path).lexically_normal();
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

// A shapefile is read with its sidecars: overwriting the .dbf destroys the boundaries as surely.
std::vector<NamedPath> with_sidecars(const std::vector<NamedPath>& inputs) {
  std::vector<NamedPath> all;
  for (const NamedPath& input : inputs) {
    all.push_back(input);
    const std::string extension = ascii_lower(fs::path(input.path).extension().string());
    if (extension != ".shp") continue;
    for (std::string sidecar : {".shx", ".dbf", ".prj", ".cpg"}) {
      all.push_back({input.flag, fs::path(input.path).replace_extension(sidecar).string()});
      for (char& c : sidecar) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      all.push_back({input.flag, fs::path(input.path).replace_extension(sidecar).string()});
    }
  }
  return all;
}

bool compared(const NamedPath& p) { return !p.path.empty() && p.path != "-"; }

}  // namespace

struct OutputFile::Stream {
  explicit Stream(std::FILE* file) : buffer(file), out(&buffer) {}
  StdioBuffer buffer;
  std::ostream out;
};

OutputFile::OutputFile(std::string target) : target_(std::move(target)) {
  if (target_.empty()) throw Error("an output path is empty");
  if (target_ == "-") {
    standard_output_ = in_place_ = true;
    writing_path_ = destination_ = target_;
    std::cout.flush();  // what was written through std::cout before goes first
    file_ = stdout;
    return;
  }
  std::error_code ec;
  fs::path destination = target_;
  if (fs::is_symlink(fs::symlink_status(destination, ec))) {
    fs::path followed = fs::weakly_canonical(fs::absolute(destination), ec);
    if (!ec) destination = followed;
  }
  destination_ = destination.string();
  struct stat existing {};
  bool exists = ::stat(destination_.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) fail("it is a folder", EISDIR);
  in_place_ = exists && !S_ISREG(existing.st_mode);
  if (in_place_) {
    writing_path_ = destination_;
    file_ = std::fopen(destination_.c_str(), "wb");
    if (!file_) fail("cannot open it", errno);
    return;
  }
  fs::path folder = destination.parent_path();
  if (folder.empty()) folder = ".";
  // Hidden, recognisably ours, with the target's extension (ffmpeg picks the format by it); the
  // name is cut so the temporary stays within NAME_MAX.
  std::string extension = destination.extension().string();
  if (extension.size() > 16) extension.clear();
  std::string name = "." + destination.stem().string().substr(0, 180) + ".zila-XXXXXX" + extension;
  writing_path_ = (folder / name).string();
  int fd = ::mkstemps(writing_path_.data(), static_cast<int>(extension.size()));
  if (fd < 0) {
    int error = errno;
    writing_path_.clear();
    fail(fmt::format("cannot create a temporary file in '{}'", folder.string()), error);
  }
  // mkstemps creates 0600: give the file the old file's mode, or what a plain open would.
  mode_t mode = exists ? (existing.st_mode & 07777) : (0666 & ~current_umask());
  file_ = ::fchmod(fd, mode) == 0 ? ::fdopen(fd, "wb") : nullptr;
  if (!file_) {
    int error = errno;
    ::close(fd);
    ::unlink(writing_path_.c_str());
    fail("cannot open a temporary file", error);
  }
}

OutputFile::~OutputFile() {
  if (committed_) return;
  stream_.reset();
  if (file_ && !standard_output_) std::fclose(file_);
  if (!in_place_ && !writing_path_.empty()) ::unlink(writing_path_.c_str());
}

void OutputFile::fail(const std::string& what, int error) const {
  if (standard_output_) throw Error(fmt::format("cannot write to standard output: {}: {}", what, os_error(error)));
  throw Error(fmt::format("cannot write '{}': {}: {}", target_, what, os_error(error)));
}

std::FILE* OutputFile::stdio() {
  if (!file_) throw Error(fmt::format("'{}': the file was handed over or committed", target_));
  return file_;
}

std::ostream& OutputFile::stream() {
  if (!stream_) stream_ = std::make_unique<Stream>(stdio());
  return stream_->out;
}

void OutputFile::hand_over() {
  if (standard_output_) throw Error("standard output cannot be handed over to another writer");
  if (!file_) return;
  stream_.reset();
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) fail("cannot close it", errno);
}

void OutputFile::complete() {
  if (completed_) return;
  if (file_) {
    bool stream_ok = !stream_ || stream_->out.flush().good();
    errno = 0;
    bool flushed = std::fflush(file_) == 0;
    int error = stream_ && stream_->buffer.first_error() ? stream_->buffer.first_error() : errno;
    if (!flushed || !stream_ok || std::ferror(file_)) fail("write failed", error);
    if (!in_place_ && ::fsync(::fileno(file_)) != 0) fail("fsync failed", errno);
    stream_.reset();
    std::FILE* file = file_;
    file_ = nullptr;
    if (!standard_output_ && std::fclose(file) != 0) fail("close failed", errno);
  } else if (!in_place_) {  // written by another writer under writing_path()
    int fd = ::open(writing_path_.c_str(), O_RDONLY);
    if (fd < 0) fail("cannot reopen the temporary file", errno);
    int synced = ::fsync(fd);
    int error = errno;
    ::close(fd);
    if (synced != 0) fail("fsync failed", error);
  }
  completed_ = true;
}

void OutputFile::commit() {
  if (committed_) return;
  complete();
  if (!in_place_) {
    if (std::rename(writing_path_.c_str(), destination_.c_str()) != 0) fail("cannot rename the temporary file over it", errno);
    // The rename itself reaches the disk with the folder's metadata; a failure here loses nothing written.
    fs::path folder = fs::path(destination_).parent_path();
    int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
  }
  committed_ = true;
}

void finish_stdout() {
  std::cout.flush();
  errno = 0;
  bool flushed = std::fflush(stdout) == 0;
  int error = errno;
  if (!flushed || std::ferror(stdout) || !std::cout)
    throw Error(fmt::format("cannot write to standard output: {}", os_error(error)));
}

bool same_file(const std::string& a, const std::string& b) {
  if (resolved(a) == resolved(b)) return true;
  std::error_code ec;
  bool equivalent = fs::equivalent(a, b, ec);
  return !ec && equivalent;
}

void refuse_output_collisions(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  std::vector<NamedPath> all_inputs = with_sidecars(inputs);
  for (size_t o = 0; o < outputs.size(); ++o) {
    const NamedPath& out = outputs[o];
    if (!compared(out)) continue;
    for (const NamedPath& in : all_inputs) {
      if (compared(in) && same_file(out.path, in.path))
        throw Error(fmt::format("{} '{}' is the input file {} '{}': refusing to overwrite an input", out.flag, out.path,
                                in.flag, in.path));
    }
    for (size_t other = o + 1; other < outputs.size(); ++other) {
      if (compared(outputs[other]) && same_file(out.path, outputs[other].path))
        throw Error(fmt::format("{} '{}' and {} '{}' are the same file: give each output its own path", out.flag,
                                out.path, outputs[other].flag, outputs[other].path));
    }
  }
}

}  // namespace zila
