// Safe output files: every writer of Zila (report CSV, join report, PNG/SVG/GIF/MP4, project files)
// goes through OutputFile, so a failed or killed run never leaves a truncated file in place of the
// previous output, and a write error is never reported as success. Also the refusal of outputs that
// would overwrite an input (or each other), checked before any work.
#pragma once
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace zila {

// A file written to a temporary sibling (same folder, hidden name, same extension) and renamed over
// the target by commit(), after every write, the flush, fsync and close succeeded. Without commit()
// (an exception, an early return) the temporary is removed and the previous file stays as it was.
// A target that exists and is not a regular file (/dev/full, /dev/stdout, a FIFO) cannot be replaced
// atomically: it is written in place, with the same checks. A symbolic link is followed: the file
// it points to is replaced, the link stays. Every failure throws zila::Error naming the target path
// and the OS error.
class OutputFile {
 public:
  explicit OutputFile(std::string target);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& target() const { return target_; }
  // Where the bytes go until commit(): the temporary file (the target itself for devices).
  const std::string& writing_path() const { return writing_path_; }
  std::FILE* stdio();      // the open file, for C writers (libpng)
  std::ostream& stream();  // the same file as a C++ stream
  // For writers that open the file by its name (giflib, ffmpeg): closes this object's handle;
  // they write to writing_path(), and commit() still syncs and renames it.
  void hand_over();
  // Checks every write, flushes, fsyncs and closes: after it only commit()'s rename can fail. For
  // runs writing several files, each is completed before any replaces its older version.
  void complete();
  void commit();  // complete() if not yet done, then the rename

 private:
  [[noreturn]] void fail(const std::string& what, int error) const;
  void close_file();
  std::string target_, destination_, writing_path_;
  std::FILE* file_ = nullptr;
  bool standard_output_ = false, in_place_ = false, completed_ = false, committed_ = false;
  struct Stream;
  std::unique_ptr<Stream> stream_;
};

// Flushes standard output and throws zila::Error when anything written to it was lost (a full disk,
// `> /dev/full`, a closed pipe).
void finish_stdout();

// A file the run reads or writes, with the flag that named it (for the message).
struct NamedPath {
  std::string flag;  // "--events", "--out", ...
  std::string path;  // empty and "-" (standard output) are never compared
};

// Throws zila::Error, before any work, when an output resolves (symbolic links followed, "..",
// hard links of existing files) to one of the inputs or to another output. A shapefile input
// (.shp) brings its sidecar files (.shx, .dbf, .prj, .cpg) as inputs too.
void refuse_output_collisions(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

// Whether two paths name the same file: equal after resolving symbolic links and "..", or the same
// inode when both exist.
bool same_file(const std::string& a, const std::string& b);

}  // namespace zila
