// The fast path for plain CSV event files: the file is memory-mapped, cut into chunks at line breaks,
// and the chunks are parsed on all cores, each by its own RowReader; the chunks are then joined in
// file order. A chunk cut inside a quoted line break is noticed (it does not start where the previous
// one ended) and read again from the right place.
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

constexpr size_t kChunkBytes = size_t{4} << 20;  // ~75k rows: small enough to bound memory, big enough to amortise

class CsvRow final : public RowSource {
 public:
  CsvRow(const std::vector<std::string_view>& fields, int field_count) : fields_(fields), field_count_(field_count) {}
  int field_count() const override { return field_count_; }
  // Fields beyond a short record are absent, as in GDAL; fields beyond the header are ignored.
  std::string_view raw(int field) const override {
    return static_cast<size_t>(field) < fields_.size() ? fields_[static_cast<size_t>(field)] : std::string_view();
  }

 private:
  const std::vector<std::string_view>& fields_;
  int field_count_;
};

struct Chunk {
  size_t begin = 0, stop = 0;  // the chunk's records start in [begin, stop)
  size_t end = 0;              // where the record after its last one starts
  bool unsupported = false;
  EventTable table;
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

void parse_chunk(const Job& job, Chunk& chunk) {
  chunk.table = EventTable{};
  chunk.table.columns = job.columns;  // rejection messages name the columns
  // Sized from its line breaks (one pass at memory speed) so that no column grows and copies itself.
  const std::string_view bytes = job.data.substr(chunk.begin, chunk.stop - chunk.begin);
  size_t breaks = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  if (breaks == 0) breaks = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\r'));
  reserve_rows(chunk.table, breaks + 1);
  chunk.reader = std::make_unique<RowReader>(job.options, chunk.table);
  CsvRecordReader records(job.data);
  std::vector<std::string_view> fields;
  size_t pos = chunk.begin;
  while (pos < chunk.stop && records.next(pos, fields)) {
    ++chunk.table.rows_read;
    chunk.reader->read(CsvRow(fields, job.field_count), job.at, chunk.table.rows_read);
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

  std::vector<std::unique_ptr<Chunk>> chunks;
  for (size_t begin = first; begin < data.size();) {
    auto chunk = std::make_unique<Chunk>();
    chunk->begin = begin;
    begin = csv_resync(data, std::min(data.size(), begin + kChunkBytes));
    chunk->stop = begin;
    chunks.push_back(std::move(chunk));
  }

  EventTable out;
  out.source = table.source;
  out.columns = table.columns;
  RowReader reader(options, out);
  const Job job{data, options, at, out.columns, static_cast<int>(header.size())};

  // Workers parse chunks ahead of the merge, at most `window` of them, so memory stays bounded.
  const size_t workers = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), chunks.size());
  const size_t window = workers + 1;  // each chunk ahead holds its file pages and its columns
  std::mutex mutex;
  std::condition_variable changed;
  size_t next = 0, merged = 0;
  std::vector<bool> ready(chunks.size(), false);
  bool stop = false;
  std::exception_ptr failure;
  auto work = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next >= chunks.size() || next < merged + window; });
        if (stop || next >= chunks.size()) return;
        i = next++;
      }
      try {
        parse_chunk(job, *chunks[i]);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
      {
        std::lock_guard lock(mutex);
        ready[i] = true;
      }
      changed.notify_all();
    }
  };
  std::vector<std::jthread> threads;
  for (size_t t = 0; t < workers; ++t) threads.emplace_back(work);

  bool supported = true;
  size_t expected = first;
  for (size_t i = 0; i < chunks.size() && supported; ++i) {
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return ready[i] || stop; });
      if (stop) break;
    }
    Chunk& chunk = *chunks[i];
    if (chunk.begin != expected) {  // cut inside a quoted line break: read from where the last record ended
      chunk.begin = expected;
      parse_chunk(job, chunk);
    }
    supported = !chunk.unsupported;
    if (supported) {
      if (i == 0 && chunk.end > chunk.begin) {
        // Untouched capacity costs no memory, so a generous estimate avoids reallocating columns.
        double rows_per_byte = static_cast<double>(chunk.table.size()) / static_cast<double>(chunk.end - chunk.begin);
        reserve_rows(out, static_cast<size_t>(rows_per_byte * static_cast<double>(data.size()) * 1.1) + 1024);
      }
      reader.append(*chunk.reader);
      expected = chunk.end;
    }
    file.release(chunk.begin, chunk.end);
    chunks[i].reset();
    {
      std::lock_guard lock(mutex);
      merged = i + 1;
      if (!supported) stop = true;
    }
    changed.notify_all();
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  changed.notify_all();
  threads.clear();
  if (failure) std::rethrow_exception(failure);
  if (!supported) return false;
  reader.finish();
  table = std::move(out);
  return true;
}

}  // namespace zila
