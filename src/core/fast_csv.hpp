// A small reader for plain CSV files that yields exactly the records GDAL's CSV driver yields, and
// says so when it cannot (then the caller reads the file through GDAL). No GDAL here.
//
// What it reads the way GDAL does: comma-separated fields; fields quoted RFC 4180 style ("a,b",
// "say ""hi"""), with line breaks inside quotes read as "\n"; line ends \n, \r\n, \r (and \n\r,
// which GDAL also takes as one); empty lines skipped; a UTF-8 byte-order mark before the header.
// What it refuses (`unsupported`): a quote inside an unquoted field or text after a closing quote
// (GDAL's reading of those changed between versions), an unterminated quote, NUL bytes, a
// byte-order mark anywhere but the start, an empty line before the header.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zila {

// A read-only memory map of a whole file. Throws zila::Error naming the path.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }
  // Gives the pages of [begin, end) back: parsed chunks stop counting towards this process's memory
  // (the kernel keeps them in its page cache, so reading them again is cheap).
  void release(size_t begin, size_t end) const;

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

class CsvRecordReader {
 public:
  explicit CsvRecordReader(std::string_view data) : data_(data) {}

  // Reads the record starting at or after `pos` (empty lines skipped) into `fields`, valid until the
  // next call, and moves `pos` past it and past any empty lines after it: the next record's start.
  // Returns false at the end of the data or when the record is unsupported (see unsupported()).
  bool next(size_t& pos, std::vector<std::string_view>& fields);
  bool unsupported() const { return unsupported_; }

 private:
  std::string_view unescape(size_t field, std::string_view quoted);  // "" -> ", line breaks -> \n
  bool fail() {
    unsupported_ = true;
    return false;
  }
  std::string_view data_;
  std::vector<std::string> unescaped_;  // per field: quoted text with "" or line breaks rewritten
  bool unsupported_ = false;
};

// Asks for huge pages behind [begin, begin + bytes), memory not yet touched: filling it then takes
// one page fault per 2 MiB instead of one per 4 KiB, which in a virtual machine is most of the cost
// of writing fresh memory. Only advice: nothing changes where the system does not take it.
void advise_huge_pages(const void* begin, size_t bytes);

// Bytes of a UTF-8 byte-order mark at the start of `data` (0 or 3).
size_t csv_bom_length(std::string_view data);

// Where a record would start if the line holding byte `pos - 1` ended a record: just after the first
// line break at or after `pos - 1`, and after any empty lines. Used to cut a file into chunks; a chunk
// cut inside a quoted field is caught by comparing with where the previous chunk really ended.
size_t csv_resync(std::string_view data, size_t pos);

}  // namespace zila
