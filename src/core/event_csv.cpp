// The fast path for plain CSV event files: the file is memory-mapped, cut into chunks at line breaks,
// and the chunks are parsed on all cores, each by its own RowReader into a chunk table. Whichever
// thread finds the next chunk in file order parsed appends it to the output, so appending needs no
// thread of its own. A chunk cut inside a quoted line break is noticed (it does not start where the
// previous one ended) and read again from the right place.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "event_rows.hpp"
#include "fast_csv.hpp"

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
  std::string_view data;
  const EventOptions& options;
  const FieldIndexes& at;
  const EventColumns& columns;
  int field_count;
};

void reserve_rows(EventTable& t, size_t rows) {
  t.day.reserve(rows), t.category.reserve(rows), t.count.reserve(rows), t.fatalities.reserve(rows);
  t.place.reserve(rows), t.lon.reserve(rows), t.lat.reserve(rows);
}

// Reserves the output's columns (still empty) in huge pages.
void reserve_output(EventTable& t, size_t rows) {
  reserve_rows(t, rows);
  auto advise = [](const auto& column) { advise_huge_pages(column.data(), column.capacity() * sizeof(column[0])); };
  advise(t.day), advise(t.category), advise(t.count), advise(t.fatalities), advise(t.place), advise(t.lon), advise(t.lat);
}

// Empties a chunk table for its next chunk, keeping the columns' memory.
void clear_rows(EventTable& t) {
  t.rows_read = 0;
  t.day.clear(), t.category.clear(), t.count.clear(), t.fatalities.clear();
  t.place.clear(), t.place_names.clear(), t.lon.clear(), t.lat.clear();
  t.rejected.clear(), t.warnings.clear();
}

void parse_chunk(const Job& job, Chunk& chunk) {
  EventTable& table = *chunk.table;
  clear_rows(table);
  table.columns = job.columns;  // rejection messages name the columns
  chunk.reader = std::make_unique<RowReader>(job.options, table);
  CsvRecordReader records(job.data);
  std::vector<std::string_view> fields;
  size_t pos = chunk.begin;
  while (pos < chunk.stop && records.next(pos, fields)) {
    ++table.rows_read;
    chunk.reader->read(CsvFields(fields, job.field_count), job.at, table.rows_read);
  }
  chunk.unsupported = records.unsupported();
  chunk.end = pos;
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
  MappedFile file(options.path);
  const std::string_view data = file.bytes();
  size_t first = csv_bom_length(data);
  if (first < data.size() && (data[first] == '\r' || data[first] == '\n')) return false;
  CsvRecordReader header_reader(data);
  std::vector<std::string_view> cells;
  if (!header_reader.next(first, cells) || !same_header(cells, header)) return false;

  std::vector<Chunk> chunks;
  for (size_t begin = first; begin < data.size();) {
    Chunk& chunk = chunks.emplace_back();
    chunk.begin = begin;
    begin = csv_resync(data, std::min(data.size(), begin + kChunkBytes));
    chunk.stop = begin;
  }

  EventTable out;
  out.source = table.source;
  out.columns = table.columns;
  RowReader reader(options, out);
  const Job job{data, options, at, out.columns, static_cast<int>(header.size())};

  // Appends chunk i to `out`; only one thread at a time (the one holding `merging`) calls it.
  size_t expected = first;  // where chunk i's first record starts
  bool supported = true;
  auto merge = [&](Chunk& chunk, bool first_chunk) {
    if (chunk.begin != expected) {  // cut inside a quoted line break: read from where the last record ended
      chunk.begin = expected;
      parse_chunk(job, chunk);
    }
    supported = !chunk.unsupported;
    if (!supported) return;
    if (first_chunk && chunk.end > chunk.begin) {
      // Untouched capacity costs no memory, so a generous estimate avoids reallocating columns.
      double rows_per_byte = static_cast<double>(chunk.table->size()) / static_cast<double>(chunk.end - chunk.begin);
      reserve_output(out, static_cast<size_t>(rows_per_byte * static_cast<double>(data.size()) * 1.1) + 1024);
    }
    reader.append(*chunk.reader);
    chunk.reader.reset();
    expected = chunk.end;
    file.release(chunk.begin, chunk.end);
  };

  // Every thread parses chunks ahead of the merge, at most `window` of them so that memory stays
  // bounded, and merges the next chunk in file order whenever it is parsed and no one else merges.
  const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), chunks.size());
  const size_t window = threads + 1;  // each chunk ahead holds its file pages and its columns
  std::mutex mutex;
  std::condition_variable changed;
  size_t next = 0, merged = 0;
  bool merging = false, stop = false;
  std::vector<bool> parsed(chunks.size(), false);
  std::vector<std::unique_ptr<EventTable>> spare_tables;
  std::exception_ptr failure;
  auto work = [&] {
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
      if (can_merge) merging = true;
      else if (spare_tables.empty()) reserve_rows(*(chunk.table = std::make_unique<EventTable>()), kChunkBytes / 32);
      else chunk.table = std::move(spare_tables.back()), spare_tables.pop_back();
      lock.unlock();
      try {
        if (can_merge) merge(chunk, i == 0);
        else parse_chunk(job, chunk);
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
