// The fast path for plain CSV event files: the file is cut into chunks at line breaks, and the chunks
// are read into per-thread buffers and parsed on all cores, each by its own RowReader into a chunk
// table. Whichever thread finds the next chunk in file order parsed appends it to the output, so
// appending needs no thread of its own. A chunk cut inside a quoted line break is noticed (it does
// not start where the previous one ended) and read again from the right place.
#include <sys/mman.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "core/io/event_rows.hpp"
#include "core/io/fast_csv.hpp"

namespace zila {
namespace {

// ~20k rows: a chunk's table stays in cache until it is appended, and the threads' few recycled
// tables are all the memory it costs.
constexpr size_t kChunkBytes = size_t{1} << 20;

struct Chunk {
  size_t begin = 0, stop = 0;  // the chunk's records start in [begin, stop)
  size_t end = 0;              // where the record after its last one starts
  bool unsupported = false;
  std::unique_ptr<EventTable> table;  // a recycled one: its columns keep their capacity, so no page faults
  std::unique_ptr<RowReader> reader;
};

struct Job {
  const ReadOnlyFile& file;
  const EventOptions& options;
  const FieldIndexes& at;
  const EventColumns& columns;
  int field_count;
};

void reserve_rows(EventTable& t, size_t rows) {
  t.day.reserve(rows), t.precision.reserve(rows), t.category.reserve(rows), t.count.reserve(rows), t.fatalities.reserve(rows);
  t.place.reserve(rows), t.lon.reserve(rows), t.lat.reserve(rows);
}

// Asks for huge pages behind [begin, begin + bytes), memory not yet touched: filling it then takes
// one page fault per 2 MiB instead of one per 4 KiB, which in a virtual machine is most of the cost
// of writing fresh memory. Only advice: nothing changes where the system does not take it.
void advise_huge_pages(const void* begin, size_t bytes) {
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  const uintptr_t first = (reinterpret_cast<uintptr_t>(begin) + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t last = (reinterpret_cast<uintptr_t>(begin) + bytes) & ~(kHugePage - 1);
  if (first < last) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

// Reserves the output's columns (still empty) in huge pages.
void reserve_output(EventTable& t, size_t rows) {
  reserve_rows(t, rows);
  auto advise = [](const auto& column) { advise_huge_pages(column.data(), column.capacity() * sizeof(column[0])); };
  advise(t.day), advise(t.precision), advise(t.category), advise(t.count), advise(t.fatalities), advise(t.place), advise(t.lon), advise(t.lat);
}

// Empties a chunk table for its next chunk, keeping the columns' memory.
void clear_rows(EventTable& t) {
  t.rows_read = 0;
  t.day.clear(), t.precision.clear(), t.category.clear(), t.count.clear(), t.fatalities.clear();
  t.place.clear(), t.place_names.clear(), t.lon.clear(), t.lat.clear();
  t.rejected.clear(), t.warnings.clear();
}

// Reads the chunk into `buffer` and parses it. Its last record may go on past `stop`, inside a quoted
// line break: then more of the file is read, up to a later line break, until the record ends.
void parse_chunk(const Job& job, Chunk& chunk, std::string& buffer) {
  EventTable& table = *chunk.table;
  for (size_t read_end = chunk.stop;;) {
    clear_rows(table);
    table.columns = job.columns;  // rejection messages name the columns
    chunk.reader = std::make_unique<RowReader>(job.options, table);
    chunk.unsupported = false;
    chunk.end = chunk.begin;
    if (chunk.begin >= chunk.stop) return;  // the previous chunk's last record took all of this one
    const std::string_view bytes = job.file.read(chunk.begin, read_end - chunk.begin, buffer);
    CsvRecordReader records(bytes);
    std::vector<std::string_view> fields;
    size_t pos = 0;
    while (pos < chunk.stop - chunk.begin && records.next(pos, fields)) {
      ++table.rows_read;
      chunk.reader->read(CsvFields(fields, job.field_count, records.ascii()), job.at, table.rows_read);
    }
    chunk.unsupported = records.unsupported();
    chunk.end = chunk.begin + pos;
    if (!records.unterminated() || read_end == job.file.size()) return;
    std::string scratch;
    read_end = csv_resync(job.file, read_end + (read_end - chunk.begin), scratch);
  }
}

// GDAL names one field per header cell, renaming only empty and repeated names.
bool same_header(const std::vector<std::string_view>& cells, const std::vector<std::string>& fields) {
  if (cells.size() != fields.size()) return false;
  for (size_t i = 0; i < cells.size(); ++i) {
    bool renamed = cells[i].empty() || std::find(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(i), cells[i]) !=
                                           cells.begin() + static_cast<std::ptrdiff_t>(i);
    if (!renamed && cells[i] != fields[i]) return false;
  }
  return true;
}

}  // namespace

bool read_csv_events(const EventOptions& options, const std::vector<std::string>& header, const FieldIndexes& at,
                     EventTable& table) {
  ReadOnlyFile file(options.path);
  std::string scratch;
  size_t first = 0;
  for (size_t window = size_t{64} << 10;; window *= 2) {  // the header, in a window grown until it holds it
    const std::string_view bytes = file.read(0, window, scratch);
    const bool whole_file = bytes.size() == file.size();
    first = csv_bom_length(bytes);
    if (first < bytes.size() && (bytes[first] == '\r' || bytes[first] == '\n')) return false;
    CsvRecordReader header_reader(bytes);
    std::vector<std::string_view> cells;
    const bool read = header_reader.next(first, cells);
    if (read && (first < bytes.size() || whole_file)) {
      if (!same_header(cells, header)) return false;
      break;
    }
    if (!read && (!header_reader.unterminated() || whole_file)) return false;
  }

  std::vector<Chunk> chunks;
  for (size_t begin = first; begin < file.size();) {
    Chunk& chunk = chunks.emplace_back();
    chunk.begin = begin;
    begin = csv_resync(file, std::min(file.size(), begin + kChunkBytes), scratch);
    chunk.stop = begin;
  }

  EventTable out;
  out.source = table.source;
  out.columns = table.columns;
  RowReader reader(options, out);
  const Job job{file, options, at, out.columns, static_cast<int>(header.size())};

  // Appends chunk i to `out`; only one thread at a time (the one holding `merging`) calls it.
  size_t expected = first;  // where chunk i's first record starts
  bool supported = true;
  auto merge = [&](Chunk& chunk, bool first_chunk, std::string& buffer) {
    if (chunk.begin != expected) {  // cut inside a quoted line break: read from where the last record ended
      chunk.begin = expected;
      parse_chunk(job, chunk, buffer);
    }
    supported = !chunk.unsupported;
    if (!supported) return;
    if (first_chunk && chunk.end > chunk.begin) {
      // Untouched capacity costs no memory, so a generous estimate avoids reallocating columns.
      double rows_per_byte = static_cast<double>(chunk.table->size()) / static_cast<double>(chunk.end - chunk.begin);
      reserve_output(out, static_cast<size_t>(rows_per_byte * static_cast<double>(file.size()) * 1.1) + 1024);
    }
    reader.append(*chunk.reader);
    chunk.reader.reset();
    expected = chunk.end;
  };

  // Every thread parses chunks ahead of the merge, at most `window` of them so that memory stays
  // bounded, and merges the next chunk in file order whenever it is parsed and no one else merges.
  const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), chunks.size());
  const size_t window = threads + 1;  // each chunk ahead holds its rows in a chunk table
  std::mutex mutex;
  std::condition_variable changed;
  size_t next = 0, merged = 0;
  bool merging = false, stop = false;
  std::vector<bool> parsed(chunks.size(), false);
  std::vector<std::unique_ptr<EventTable>> spare_tables;
  std::exception_ptr failure;
  auto work = [&] {
    std::string bytes;  // this thread's copy of the chunk it parses
    std::unique_lock lock(mutex);
    while (!stop && merged < chunks.size()) {
      const bool can_merge = !merging && parsed[merged];
      const bool can_parse = next < chunks.size() && next < merged + window;
      if (!can_merge && !can_parse) {
        changed.wait(lock);
        continue;
      }
      const size_t i = can_merge ? merged : next++;
      Chunk& chunk = chunks[i];
      if (can_merge) {
        merging = true;
      } else if (spare_tables.empty()) {
        chunk.table = std::make_unique<EventTable>();
        reserve_rows(*chunk.table, kChunkBytes / 32);  // rows of 32 bytes or more never grow it
      } else {
        chunk.table = std::move(spare_tables.back());
        spare_tables.pop_back();
      }
      lock.unlock();
      try {
        if (can_merge) merge(chunk, i == 0, bytes);
        else parse_chunk(job, chunk, bytes);
      } catch (...) {
        lock.lock();
        if (!failure) failure = std::current_exception();
        stop = true;
        changed.notify_all();
        return;
      }
      lock.lock();
      if (can_merge) {
        spare_tables.push_back(std::move(chunk.table));
        merging = false;
        merged = i + 1;
        if (!supported) stop = true;
      } else {
        parsed[i] = true;
      }
      changed.notify_all();
    }
    stop = true;  // all merged (or failed): wake the others to leave too
    changed.notify_all();
  };
  {
    std::vector<std::jthread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
  }
  if (failure) std::rethrow_exception(failure);
  if (!supported) return false;
  reader.finish();
  table = std::move(out);
  return true;
}

}  // namespace zila
