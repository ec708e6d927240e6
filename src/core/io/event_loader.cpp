// Event loading, the orchestrator: the table opened through the table reader (core/io/table_source.hpp,
// GDAL behind it), its sheet chosen (event_layer_choice.cpp) and its columns (event_columns.cpp), then
// the rows through the table reader or, for plain CSV, the fast reader (event_csv.cpp); per-row parsing
// and the reason for every rejected row are in event_rows.cpp. Also: several tables into one, aliases.
#include "core/io/event_loader.hpp"

#include <date/date.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <optional>
#include <unordered_map>

#include "core/error.hpp"
#include "core/io/event_columns.hpp"
#include "core/io/event_csv.hpp"
#include "core/io/event_layer_choice.hpp"
#include "core/io/event_rows.hpp"
#include "core/io/fast_csv.hpp"
#include "core/io/file_name.hpp"
#include "core/io/table_source.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

// A table row as the row reader's text fields (views valid while the row is current).
class TableRowFields final : public RowSource {
 public:
  explicit TableRowFields(const TableRow& row) : row_(row) {}
  int field_count() const override { return row_.field_count(); }
  std::string_view raw(int field) const override { return row_.text(field); }
  bool typed_day(int field, std::optional<int32_t>& day) const override {
    const std::optional<StoredDate> stored = row_.date(field);
    if (!stored) return false;
    const date::year_month_day ymd{date::year{stored->year}, date::month{static_cast<unsigned>(stored->month)},
                                   date::day{static_cast<unsigned>(stored->day)}};
    day.reset();
    if (ymd.ok()) day = static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
    return true;
  }

 private:
  const TableRow& row_;
};

// Plain .csv files the fast reader may take: read as CSV, no layer asked for, no .csvt types, no
// geometry columns (WKT columns shift GDAL's field numbering).
bool is_plain_csv(const EventOptions& options, const TableSource& table, const TableLayer& layer) {
  std::filesystem::path path(options.path);
  const std::string extension = ascii_lower(path.extension().string());
  std::error_code error;
  return options.layer.empty() && table.format() == "CSV" && extension == ".csv" &&
         std::filesystem::is_regular_file(path, error) && !layer.has_geometry() &&
         !std::filesystem::exists(std::filesystem::path(path).replace_extension(".csvt"), error) &&
         !std::filesystem::exists(std::filesystem::path(path).replace_extension(".CSVT"), error);
}

// A file read as CSV (any extension), whose records scan_csv_layout can find.
bool is_csv_file(const EventOptions& options, const TableSource& table) {
  std::error_code error;
  return table.format() == "CSV" && std::filesystem::is_regular_file(options.path, error);
}

// Rows through the table reader (GDAL). For CSV files, what GDAL does silently is made explicit from
// the file's layout: a row holding a NUL byte (GDAL drops the rest of its line) and a quote that never
// closes (GDAL reads the rest of the file into one field) are rejected, each line the quote swallowed
// counted as a rejected row; and a GDAL that stops early (a line over its size limit) is an error, not
// a short table.
void read_through_table(const EventOptions& options, const TableSource& source, TableLayer& layer,
                        const FieldIndexes& at, EventTable& table) {
  std::optional<CsvLayout> layout;
  if (is_csv_file(options, source)) layout = scan_csv_layout(ReadOnlyFile(options.path));
  std::vector<CsvLayout::Row>::const_iterator next_nul_row;
  if (layout) next_nul_row = layout->nul_rows.begin();
  // A quote opened on the last line (or followed only by empty lines) loses nothing: GDAL's reading stands.
  const CsvLayout::UnclosedQuote* unclosed =
      layout && layout->unclosed_quote && layout->unclosed_quote->rows_swallowed > 0 ? &*layout->unclosed_quote : nullptr;

  RowReader reader(options, table);
  layer.rewind();
  while (const TableRow* table_row = layer.next()) {
    const uint64_t row = ++table.rows_read;
    if (layout && next_nul_row != layout->nul_rows.end() && next_nul_row->row == row) {
      reader.reject(row, fmt::format("a NUL byte in the row (line {}): not text, and the rest of its line is lost",
                                     next_nul_row->line));
      ++next_nul_row;
    } else if (unclosed && unclosed->opened.row == row) {
      reader.reject(row, fmt::format("a quote opened in this row (line {}) never closes: the {} lines after it are "
                                     "read into it",
                                     unclosed->opened.line, unclosed->lines_swallowed));
    } else {
      reader.read(TableRowFields(*table_row), at, row);
    }
  }
  if (layout && table.rows_read != layout->rows) {
    const std::string reason = layer.read_failure();
    throw Error(fmt::format("{}: GDAL read {} rows of the {} the file holds{}{}", options.path, table.rows_read,
                            layout->rows, reason.empty() ? "" : ": ", reason));
  }
  if (unclosed) {
    for (uint64_t i = 0; i < unclosed->rows_swallowed; ++i) {
      reader.reject(++table.rows_read, fmt::format("swallowed by the quote opened in row {} (line {}), which never closes",
                                                   unclosed->opened.row, unclosed->opened.line));
    }
    table.warnings.push_back(fmt::format(
        "row {} (line {}) opens a quote that never closes: the {} lines after it ({} rows) are rejected; close the quote",
        unclosed->opened.row, unclosed->opened.line, unclosed->lines_swallowed, unclosed->rows_swallowed));
  }
  reader.finish();
}

}  // namespace

EventTable load_events(const EventOptions& options) {
  TableSource source_table = open_event_table(options.path);
  LayerChoice choice = choose_event_layer(source_table, options);
  TableLayer& layer = *choice.layer;
  std::vector<std::string> fields = layer.field_names();

  EventTable table;
  table.source = options.path;
  table.columns = std::move(choice.columns);
  const EventColumns& c = table.columns;

  auto index_of = [&](const std::string& name) { return layer.field_index(name); };
  FieldIndexes at{index_of(c.date), index_of(c.place), index_of(c.category), index_of(c.count),
                  index_of(c.fatalities), index_of(c.lon), index_of(c.lat),
                  index_of(state_actor_column(fields)), index_of(c.month), index_of(c.day_of_month),
                  index_of(c.precision), {}};
  for (const std::string& extra : c.extra_places) at.extra_places.push_back(index_of(extra));

  if (!is_plain_csv(options, source_table, layer) || !read_csv_events(options, fields, at, table)) {
    read_through_table(options, source_table, layer, at, table);
  }
  EventSource source{options.path, options.citation, table.columns, options.default_category, 0, table.rows_read, 0,
                     table.size(), {}, {}, table.blank_rows};
  if (source_table.layer_count() > 1 || !options.layer.empty()) source.layer = layer.name();
  for (const std::string& note : choice.notes) source.detection += (source.detection.empty() ? "" : "; ") + note;
  table.sources.push_back(std::move(source));
  return table;
}

std::vector<LayerColumns> list_event_layers(const std::string& path) {
  TableSource source_table = open_event_table(path);
  EventOptions options;
  options.path = path;
  std::string chosen;
  try {
    chosen = choose_event_layer(source_table, options).layer->name();
  } catch (const Error&) {
  }
  std::vector<LayerColumns> layers;
  for (size_t i = 0; i < source_table.layer_count(); ++i) {
    TableLayer& layer = source_table.layer_at(i);
    LayerChoice assessed = assess_layer(layer, options, false);
    layers.push_back({layer.name(), layer.field_names(), assessed.score >= 0, chosen == layer.name() ? "read by default" : ""});
  }
  return layers;
}

namespace {

// Appends `from` (one source) after the rows of `into`: row numbers and place ids move on, file-level
// notes name their file.
void append_events(EventTable& into, EventTable&& from) {
  if (into.sources.size() == 1) {  // from now on a note must say which file it is about
    for (std::string& warning : into.warnings) warning = fmt::format("{}: {}", file_name(into.source), warning);
  }
  const uint64_t row_offset = into.rows_read;
  const size_t event_offset = into.size();
  std::unordered_map<std::string, uint32_t> place_ids;
  for (uint32_t id = 0; id < into.place_names.size(); ++id) place_ids.emplace(into.place_names[id], id);
  append_rows(into, from, [&](const std::string& name) {
    auto [it, added] = place_ids.emplace(name, static_cast<uint32_t>(into.place_names.size()));
    if (added) into.place_names.push_back(name);
    return it->second;
  });
  for (std::string& warning : from.warnings) into.warnings.push_back(fmt::format("{}: {}", file_name(from.source), warning));
  for (EventSource source : from.sources) {
    source.first_row += row_offset;
    source.first_event += event_offset;
    into.sources.push_back(std::move(source));
  }
  into.source += " + " + from.source;
  into.blank_rows += from.blank_rows;
}

}  // namespace

EventTable load_events(const std::vector<EventOptions>& sources) {
  if (sources.empty()) throw Error("no event table given");
  EventTable table = load_events(sources.front());
  for (size_t i = 1; i < sources.size(); ++i) append_events(table, load_events(sources[i]));
  return table;
}

EventOptions with_category_suffix(EventOptions source, const std::string& path_and_category) {
  source.path = path_and_category;
  const size_t colon = path_and_category.rfind(':');
  if (colon == std::string::npos) return source;
  const std::string suffix = path_and_category.substr(colon + 1);
  for (int c = 0; c < kCategoryCount; ++c) {
    if (suffix == category_name(static_cast<Category>(c))) {
      source.path = path_and_category.substr(0, colon);
      source.default_category = static_cast<Category>(c);
    }
  }
  return source;
}

std::vector<AliasEntry> load_aliases(const std::string& path) {
  refuse_folder(path, "alias table");
  TableSource source_table = TableSource::open(path, {}, "alias table");
  TableLayer* layer = source_table.layer_count() > 0 ? &source_table.layer_at(0) : nullptr;
  std::vector<std::string> fields = layer ? layer->field_names() : std::vector<std::string>{};
  std::string alias_field = find_field(fields, {"alias"}), district_field = find_field(fields, {"district"});
  if (alias_field.empty() || district_field.empty()) {
    throw Error(fmt::format("{}: an alias table needs the columns alias,district; it has: {}", path, fmt::join(fields, ", ")));
  }
  std::vector<AliasEntry> aliases;
  const int alias_index = layer->field_index(alias_field), district_index = layer->field_index(district_field);
  layer->rewind();
  while (const TableRow* table_row = layer->next()) {
    AliasEntry entry{std::string(trim(to_utf8(table_row->text(alias_index), ""))),
                     std::string(trim(to_utf8(table_row->text(district_index), "")))};
    if (entry.alias.empty() && entry.district.empty()) continue;  // blank line
    if (entry.alias.empty() || entry.district.empty()) {
      throw Error(fmt::format("{} row {}: alias and district must both be given", path, table_row->row_number()));
    }
    aliases.push_back(std::move(entry));
  }
  return aliases;
}

std::pair<size_t, uint64_t> EventTable::locate_row(uint64_t row) const {
  for (size_t s = sources.size(); s-- > 0;) {
    if (row > sources[s].first_row) return {s, row - sources[s].first_row};
  }
  return {0, row};
}

std::string EventTable::row_label(uint64_t row) const {
  if (sources.size() <= 1) return fmt::format("row {}", row);
  auto [index, own_row] = locate_row(row);
  return fmt::format("{} row {}", file_name(sources[index].path), own_row);
}

std::string EventTable::source_names() const {
  std::string names;
  for (const EventSource& s : sources) {
    if (!names.empty()) names += "; ";
    names += fmt::format("{}, {} rows", s.citation.empty() ? std::filesystem::path(s.path).stem().string() : s.citation,
                         s.rows_read);
  }
  return names;
}

uint64_t EventTable::source_row(size_t i) const {
  // Rejected row j (0-based) has row - 1 - j accepted rows before it, a non-decreasing sequence: those
  // rejected rows with at most i accepted rows before them come before accepted row i.
  size_t low = 0, high = rejected.size();
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (rejected[mid].row - 1 - mid <= i) low = mid + 1;
    else high = mid;
  }
  return i + 1 + low;
}

}  // namespace zila
