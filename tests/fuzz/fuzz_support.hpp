// Shared by the libFuzzer targets: a failed property check that libFuzzer records as a crash (with
// the input saved), and an in-memory file for code that only takes a path.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

// A broken property aborts: libFuzzer then saves the input as crash-<sha1> like any other crash.
#define FUZZ_CHECK(condition)                                                                          \
  do {                                                                                                 \
    if (!(condition)) {                                                                                \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__);       \
      std::abort();                                                                                    \
    }                                                                                                  \
  } while (0)

namespace zila::fuzz {

// The bytes in an anonymous memory file, named /proc/self/fd/N: no disk writes, nothing to clean up
// if the run dies.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view bytes) : fd_(::memfd_create("zila-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error("memfd_create failed");
    for (size_t written = 0; written < bytes.size();) {
      ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
      if (n <= 0) throw std::runtime_error("writing the memory file failed");
      written += static_cast<size_t>(n);
    }
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

}  // namespace zila::fuzz
