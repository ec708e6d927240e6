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
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zila {

// A file read at any offset, by several threads at once (pread): copying a chunk out of the page
// cache costs far less than mapping the file, whose page faults and unmapping dominated reading it.
// Throws zila::Error naming the path.
class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(const std::string& path);
  ~ReadOnlyFile();
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;

  size_t size() const { return size_; }
  // Bytes [offset, offset + length), cut at the end of the file, read into `buffer`.
  std::string_view read(size_t offset, size_t length, std::string& buffer) const;

 private:
  std::string path_;
  int fd_ = -1;
  size_t size_ = 0;
};

// A record of plain fields (no quote, no NUL) that ends in a line break within 64 bytes of its start:
// the common record, split by CsvRecordReader::next_plain from bit masks of the bytes. Field i's
// bounds are its comma positions, with no view stored per field.
class PlainCsvRecord {
 public:
  static constexpr size_t kMaxBytes = 64;
  size_t size() const { return count_; }  // fields
  std::string_view field(size_t i) const {
    return {data_ + starts_[i], static_cast<size_t>(starts_[i + 1] - starts_[i] - 1)};
  }
  bool ascii() const { return ascii_; }  // every byte below 0x80

 private:
  friend class CsvRecordReader;
  const char* data_ = nullptr;
  // Field i is [starts_[i], starts_[i + 1] - 1): after a comma (starts_[0] = 0), up to the next comma or
  // the line break.
  std::array<uint8_t, kMaxBytes + 1> starts_{};
  size_t count_ = 0;
  bool ascii_ = false;
};

class CsvRecordReader {
 public:
  explicit CsvRecordReader(std::string_view data) : data_(data) {}

  // Reads the record starting at or after `pos` (empty lines skipped) into `fields`, valid until the
  // next call, and moves `pos` past it and past any empty lines after it: the next record's start.
  // Returns false at the end of the data or when the record is unsupported (see unsupported()).
  bool next(size_t& pos, std::vector<std::string_view>& fields);
  // The record at or after `pos` when it is plain (see PlainCsvRecord): true, and `pos` moves on as
  // next() moves it. Otherwise false, with `pos` unchanged: next() reads that record, or says why not.
  // The same fields as next() gives, in one pass over at most 64 bytes.
  bool next_plain(size_t& pos, PlainCsvRecord& record) const;
  bool unsupported() const { return unsupported_; }
  // Whether the last record next() read is all ASCII, seen while splitting it (quoted fields: not known).
  bool ascii() const { return ascii_; }
  // Unsupported because the data ended inside a quoted field: more data may complete the record.
  bool unterminated() const { return unterminated_; }

 private:
  std::string_view unescape(size_t field, std::string_view quoted);  // "" -> ", line breaks -> \n
  bool fail(bool unterminated = false) {
    unsupported_ = true;
    unterminated_ = unterminated;
    return false;
  }
  std::string_view data_;
  // Per field: quoted text with "" or line breaks rewritten. A deque, because growing it for a later
  // field must not move the strings that earlier fields of the same record are views of.
  std::deque<std::string> unescaped_;
  bool unsupported_ = false, unterminated_ = false, ascii_ = false;
};

// How GDAL's CSV driver cuts a file into records, found without GDAL, for what GDAL does silently:
// physical lines end at \n, \r, \r\n or \n\r; a NUL byte ends a line's text (GDAL loses the rest of
// the line); a record goes on over the next lines while it holds an odd number of quotes (so a quote
// that never closes swallows the rest of the file); empty lines between records are skipped. The
// first record is the header. Rows are 1-based data rows, lines 1-based physical lines.
struct CsvLayout {
  struct Row {
    uint64_t row = 0, line = 0;  // a data row and the line it starts on
  };
  struct UnclosedQuote {
    Row opened;                    // the row whose quote never closes: the file's last record
    uint64_t lines_swallowed = 0;  // lines after its first, to the end of the file
    uint64_t rows_swallowed = 0;   // those of them that are not empty: rows, had the quote closed
  };
  uint64_t rows = 0;           // data records, as GDAL reads them
  std::vector<Row> nul_rows;   // records holding a NUL byte
  std::optional<UnclosedQuote> unclosed_quote;
};
CsvLayout scan_csv_layout(const ReadOnlyFile& file);

// Bytes of a UTF-8 byte-order mark at the start of `data` (0 or 3).
size_t csv_bom_length(std::string_view data);

// Where a record would start if the line holding byte `pos - 1` ended a record: just after the first
// line break at or after `pos - 1`, and after any empty lines. Used to cut a file into chunks; a chunk
// cut inside a quoted field is caught by comparing with where the previous chunk really ended.
size_t csv_resync(std::string_view data, size_t pos);
// The same in a file, read a few KiB at a time (`buffer` is scratch space).
size_t csv_resync(const ReadOnlyFile& file, size_t pos, std::string& buffer);

}  // namespace zila
