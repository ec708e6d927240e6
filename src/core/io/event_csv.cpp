// The fast path for plain CSV event files: the file is cut into chunks at line breaks, and the chunks
// are read into per-thread buffers and parsed on all cores (a TBB pipeline), each by its own RowReader
// into a chunk table, and appended to the output in file order by the pipeline's last stage. A chunk cut inside a quoted line break is noticed (it does
// not start where the previous one ended) and read again from the right place.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "core/io/event_csv.hpp"
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
    PlainCsvRecord plain;  // the common record, split in one pass
    std::vector<std::string_view> fields;  // any other
    size_t pos = 0;
    while (pos < chunk.stop - chunk.begin) {
      if (records.next_plain(pos, plain)) {
        chunk.reader->read(PlainCsvFields(plain, job.field_count), job.at, ++table.rows_read);
      } else if (records.next(pos, fields)) {
        chunk.reader->read(CsvFields(fields, job.field_count, records.ascii()), job.at, ++table.rows_read);
      } else {
        break;
      }
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
  std::atomic<bool> supported = true;  // read by the first stage, set by the last
  auto merge = [&](Chunk& chunk, bool first_chunk, std::string& buffer) {
    if (chunk.begin != expected) {  // cut inside a quoted line break: read from where the last record ended
      chunk.begin = expected;
      parse_chunk(job, chunk, buffer);
    }
    supported = !chunk.unsupported;
    if (!supported) return;
    if (first_chunk && chunk.end > chunk.begin) {
      // Untouched capacity costs no memory, so a generous estimate avoids reallocating columns. In 4 KiB
      // pages, not huge ones (MADV_HUGEPAGE): on this project's virtual machines a fresh 2 MiB page
      // costs ~10 ms/MB to fault in against ~0.45 ms/MB in 4 KiB pages, +0.5 s of system time for a
      // one-shot read of 10M events (zila report, zila view); huge pages were cheaper only for memory
      // freed moments before, as between the bench's reps (bench/results/2026-12-03-ingest3.txt).
      double rows_per_byte = static_cast<double>(chunk.table->size()) / static_cast<double>(chunk.end - chunk.begin);
      reserve_rows(out, static_cast<size_t>(rows_per_byte * static_cast<double>(file.size()) * 1.1) + 1024);
    }
    reader.append(*chunk.reader);
    chunk.reader.reset();
    expected = chunk.end;
  };

  // A TBB pipeline: chunks are handed out in file order, parsed on all cores, and merged in file order
  // by whichever thread holds the next one. At most `tokens` chunks are in flight, each holding its rows
  // in a chunk table recycled through `spare_tables`, so memory stays bounded. Four per thread: a chunk
  // whose thread is held up (a busy machine) holds back the in-order merge, and the other threads go on
  // parsing the chunks after it instead of waiting for a token.
  const size_t tokens = 4 * static_cast<size_t>(tbb::this_task_arena::max_concurrency());
  size_t next = 0;
  std::mutex spare_mutex;  // the first and the last stage may run at the same time
  std::vector<std::unique_ptr<EventTable>> spare_tables;
  tbb::enumerable_thread_specific<std::string> buffers;  // each thread's copy of the chunk it reads
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, Chunk*>(tbb::filter_mode::serial_in_order,
                                     [&](tbb::flow_control& control) -> Chunk* {
                                       if (next == chunks.size() || !supported) {
                                         control.stop();
                                         return nullptr;
                                       }
                                       Chunk& chunk = chunks[next++];
                                       std::lock_guard lock(spare_mutex);
                                       if (spare_tables.empty()) {
                                         chunk.table = std::make_unique<EventTable>();
                                         reserve_rows(*chunk.table, kChunkBytes / 32);  // rows of 32 bytes or more never grow it
                                       } else {
                                         chunk.table = std::move(spare_tables.back());
                                         spare_tables.pop_back();
                                       }
                                       return &chunk;
                                     }) &
          tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel,
                                           [&](Chunk* chunk) {
                                             parse_chunk(job, *chunk, buffers.local());
                                             return chunk;
                                           }) &
          tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, [&](Chunk* chunk) {
            if (supported) merge(*chunk, chunk == chunks.data(), buffers.local());
            chunk->reader.reset();
            std::lock_guard lock(spare_mutex);
            spare_tables.push_back(std::move(chunk->table));
          }));
  if (!supported) return false;
  reader.finish();
  table = std::move(out);
  return true;
}

}  // namespace zila
