#include "core/io/fast_csv.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "core/error.hpp"

namespace zila {
namespace {

// Bytes that end a run of plain text, inside and outside quotes.
constexpr std::array<bool, 256> make_table(std::string_view specials) {
  std::array<bool, 256> table{};
  for (char c : specials) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::string_view kPlainStops{",\r\n\"\0", 5};
constexpr std::string_view kQuotedStops{"\"\r\n\0", 4};
constexpr auto kPlainTable = make_table(kPlainStops);
constexpr auto kQuotedTable = make_table(kQuotedStops);

bool is_break(char c) { return c == '\r' || c == '\n'; }

// The end of the plain run starting at `p`: the first of kPlainStops at or after it, or the end.
// Sets `non_ascii` when the run holds a byte of 0x80 or more. Fields are short, so sixteen bytes are
// compared at once where SSE2 is there (every x86-64).
size_t plain_run_end(std::string_view d, size_t p, bool& non_ascii) {
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
                lf = _mm_set1_epi8('\n'), nul = _mm_setzero_si128();
  for (; p + 16 <= d.size(); p += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d.data() + p));
    const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, comma), _mm_cmpeq_epi8(block, quote)),
                                       _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, cr), _mm_cmpeq_epi8(block, lf)),
                                                    _mm_cmpeq_epi8(block, nul)));
    const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(block));  // the top bit of each byte
    if (const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stops))) {
      const unsigned stop = static_cast<unsigned>(__builtin_ctz(mask));
      non_ascii |= (high & ((1u << stop) - 1)) != 0;
      return p + stop;
    }
    non_ascii |= high != 0;
  }
#endif
  for (; p < d.size() && !kPlainTable[static_cast<unsigned char>(d[p])]; ++p) non_ascii |= static_cast<unsigned char>(d[p]) >= 0x80;
  return p;
}

#ifdef __SSE2__
// Which of the 64 bytes at `at` are commas, line breaks, quotes or NULs, and not ASCII: bit i for byte i.
struct ByteClasses {
  uint64_t commas = 0, breaks = 0, quotes_or_nuls = 0, high = 0;
};
ByteClasses classify_64(const char* at) {
  ByteClasses classes;
  for (int block = 0; block < 4; ++block) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 16 * block));
    auto bits = [&](__m128i matches) {
      return uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(matches))} << (16 * block);
    };
    auto is = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
    classes.commas |= bits(is(','));
    classes.breaks |= bits(_mm_or_si128(is('\r'), is('\n')));
    classes.quotes_or_nuls |= bits(_mm_or_si128(is('"'), is('\0')));
    classes.high |= bits(bytes);
  }
  return classes;
}
#endif

// GDAL's line reader takes \r\n and \n\r as one line end, a lone \r or \n as one.
size_t break_length(std::string_view data, size_t p) {
  if (p + 1 < data.size() && is_break(data[p + 1]) && data[p + 1] != data[p]) return 2;
  return 1;
}

size_t skip_breaks(std::string_view data, size_t p) {
  while (p < data.size() && is_break(data[p])) ++p;
  return p;
}

}  // namespace

ReadOnlyFile::ReadOnlyFile(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int error = errno;
    ::close(fd_);
    throw Error(fmt::format("{}: cannot read its size: {}", path, std::strerror(error)));
  }
  size_ = static_cast<size_t>(info.st_size);
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

ReadOnlyFile::~ReadOnlyFile() { ::close(fd_); }

std::string_view ReadOnlyFile::read(size_t offset, size_t length, std::string& buffer) const {
  offset = std::min(offset, size_);
  length = std::min(length, size_ - offset);
  buffer.resize(length);
  for (size_t done = 0; done < length;) {
    const ssize_t got = ::pread(fd_, buffer.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw Error(fmt::format("{}: cannot read: {}", path_, got < 0 ? std::strerror(errno) : "file shrank"));
    done += static_cast<size_t>(got);
  }
  return buffer;
}

size_t csv_bom_length(std::string_view data) { return data.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

size_t csv_resync(std::string_view data, size_t pos) {
  if (pos == 0) return 0;
  size_t p = pos - 1;
  while (p < data.size() && !is_break(data[p])) ++p;
  return skip_breaks(data, p);
}

size_t csv_resync(const ReadOnlyFile& file, size_t pos, std::string& buffer) {
  if (pos == 0 || pos >= file.size()) return std::min(pos, file.size());
  // A window starting at byte pos - 1, doubled while the answer could lie beyond it.
  for (size_t window = 4096;; window *= 2) {
    const std::string_view bytes = file.read(pos - 1, window, buffer);
    const size_t found = csv_resync(bytes, 1);
    if (found < bytes.size() || pos - 1 + bytes.size() == file.size()) return pos - 1 + found;
  }
}

CsvLayout scan_csv_layout(const ReadOnlyFile& file) {
  CsvLayout layout;
  uint64_t line = 1;                                  // the line being read
  bool line_cut = false, line_empty = true;           // a NUL ended this line's text; no text yet
  bool in_record = false, odd_quotes = false, record_has_nul = false, header_read = false;
  CsvLayout::Row record;                              // the record being read
  uint64_t lines_in_record = 0, nonempty_lines_in_record = 0;
  auto end_line = [&] {
    if (!in_record && !line_empty) {  // a record starts (empty lines between records are skipped)
      in_record = true;
      record = {header_read ? layout.rows + 1 : 0, line};
      record_has_nul = false;
      lines_in_record = nonempty_lines_in_record = 0;
    }
    if (in_record) {
      record_has_nul |= line_cut;
      ++lines_in_record;
      nonempty_lines_in_record += !line_empty;
      if (!odd_quotes) {
        in_record = false;
        if (!header_read) {
          header_read = true;
        } else {
          ++layout.rows;
          if (record_has_nul) layout.nul_rows.push_back(record);
        }
      }
    }
    ++line;
    line_cut = false, line_empty = true;
  };
  std::string buffer;
  char previous_break = 0;  // the break that ended the last line, if it was the last byte read
  for (size_t offset = 0; offset < file.size(); offset += buffer.size()) {
    const std::string_view bytes = file.read(offset, size_t{1} << 20, buffer);
    for (const char c : bytes) {
      if (c == '\r' || c == '\n') {
        if (previous_break && previous_break != c) {  // the second byte of \r\n or \n\r
          previous_break = 0;
          continue;
        }
        end_line();
        previous_break = c;
        continue;
      }
      previous_break = 0;
      if (line_cut) continue;
      if (c == '\0') {
        line_cut = true;
      } else {
        line_empty = false;
        odd_quotes ^= c == '"';
      }
    }
  }
  if (!line_empty || line_cut) end_line();  // a last line without a line break
  if (in_record && header_read) {            // the last record's quote never closed
    ++layout.rows;
    if (record_has_nul) layout.nul_rows.push_back(record);
    layout.unclosed_quote = CsvLayout::UnclosedQuote{record, lines_in_record - 1, nonempty_lines_in_record - 1};
  }
  return layout;
}

std::string_view CsvRecordReader::unescape(size_t field, std::string_view quoted) {
  if (unescaped_.size() <= field) unescaped_.resize(field + 1);
  std::string& out = unescaped_[field];
  out.clear();
  for (size_t i = 0; i < quoted.size();) {
    if (quoted[i] == '"') {
      out += '"';
      i += 2;
    } else if (is_break(quoted[i])) {
      out += '\n';
      i += break_length(quoted, i);
    } else {
      out += quoted[i++];
    }
  }
  return out;
}

bool CsvRecordReader::next_plain(size_t& pos, PlainCsvRecord& record) const {
#ifdef __SSE2__
  const std::string_view d = data_;
  const size_t p = skip_breaks(d, pos);
  if (p + PlainCsvRecord::kMaxBytes > d.size() || (p > 0 && d.substr(p).starts_with("\xEF\xBB\xBF"))) return false;
  const ByteClasses classes = classify_64(d.data() + p);
  const unsigned end = classes.breaks ? static_cast<unsigned>(__builtin_ctzll(classes.breaks)) : 64;
  const uint64_t before_end = end < 64 ? (uint64_t{1} << end) - 1 : 0;
  if (!before_end || (classes.quotes_or_nuls & before_end)) return false;
  record.data_ = d.data() + p;
  size_t count = 0;
  for (uint64_t commas = classes.commas & before_end; commas; commas &= commas - 1) {
    record.starts_[++count] = static_cast<uint8_t>(__builtin_ctzll(commas) + 1);
  }
  record.starts_[++count] = static_cast<uint8_t>(end + 1);
  record.count_ = count;
  record.ascii_ = !(classes.high & before_end);
  pos = skip_breaks(d, p + end);
  return true;
#else
  (void)pos, (void)record;
  return false;
#endif
}

bool CsvRecordReader::next(size_t& pos, std::vector<std::string_view>& fields) {
  fields.clear();
  const std::string_view d = data_;
  const size_t n = d.size();
  size_t p = skip_breaks(d, pos);
  if (p >= n) {
    pos = n;
    return false;
  }
  if (p > 0 && d.substr(p).starts_with("\xEF\xBB\xBF")) return fail();
  bool non_ascii = false;
  for (size_t field = 0;; ++field) {
    if (p < n && d[p] == '"') {
      non_ascii = true;  // not looked at: the row reader checks quoted fields itself
      const size_t start = ++p;
      bool rewritten = false;
      for (;;) {
        while (p < n && !kQuotedTable[static_cast<unsigned char>(d[p])]) ++p;
        if (p >= n) return fail(true);
        if (d[p] == '\0') return fail();
        if (d[p] == '"') {
          if (p + 1 < n && d[p + 1] == '"') {
            rewritten = true;
            p += 2;
            continue;
          }
          break;
        }
        rewritten = true;
        p += break_length(d, p);
      }
      const size_t end = p++;
      if (p < n && d[p] != ',' && !is_break(d[p])) return fail();
      fields.push_back(rewritten ? unescape(field, d.substr(start, end - start)) : d.substr(start, end - start));
    } else {
      const size_t start = p;
      p = plain_run_end(d, p, non_ascii);
      if (p < n && (d[p] == '"' || d[p] == '\0')) return fail();
      fields.push_back(d.substr(start, p - start));
    }
    if (p >= n || d[p] != ',') break;
    ++p;
  }
  pos = skip_breaks(d, p);
  ascii_ = !non_ascii;
  return true;
}

}  // namespace zila
