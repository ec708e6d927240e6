// Event loading: column detection through GDAL, then rows through GDAL or, for plain CSV, the fast reader
// (event_csv.cpp); per-row parsing and the reason for every rejected row are in event_rows.cpp.
#include "core/io/event_loader.hpp"

#include <date/date.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <unordered_map>

#include "core/error.hpp"
#include "core/io/event_rows.hpp"
#include "core/io/fast_csv.hpp"
#include "core/io/gdal_io.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

// Common column names, most specific first (ACLED, GTD-like exports, hand-made sheets).
const std::vector<std::string> kDateNames{"event_date", "date", "incident_date", "date_of_event", "event date",
                                          "datetime", "timestamp", "start_date", "day"};
const std::vector<std::string> kPlaceNames{"admin2", "district", "district_name", "adm2_en", "adm2", "name_2",
                                           "zila", "region", "city", "location", "place"};
const std::vector<std::string> kCategoryNames{"event_type", "category", "type", "event_category", "incident_type"};
const std::vector<std::string> kCountNames{"events", "count", "event_count", "n_events", "number", "incidents",
                                           "strikes", "attacks"};
const std::vector<std::string> kFatalityNames{"fatalities", "killed", "deaths", "total_killed", "dead",
                                              "total_avg", "casualties"};
const std::vector<std::string> kLonNames{"longitude", "lon", "lng", "long", "geo_lon", "geo_long", "geo_lng", "x"};
const std::vector<std::string> kLatNames{"latitude", "lat", "geo_lat", "y"};
const std::vector<std::string> kStateActorNames{"inter1"};

// Resolves each role to a field: the user's choice (which must exist) or the first common name present.
std::string pick(const std::vector<std::string>& fields, const std::string& chosen,
                 const std::vector<std::string>& candidates, const std::string& path, const char* role) {
  if (chosen.empty()) return find_field(fields, candidates);
  std::string found = find_field(fields, {chosen});
  if (found.empty()) {
    throw Error(fmt::format("{}: no column '{}' for the {}; columns: {}", path, chosen, role, fmt::join(fields, ", ")));
  }
  return found;
}

// A GDAL feature as text fields. Values are copied (GDAL formats non-string fields into one shared
// buffer), each field once, so that every view of a field stays valid while the row is read.
class FeatureRow final : public RowSource {
 public:
  explicit FeatureRow(OGRFeature& feature)
      : feature_(feature), copies_(static_cast<size_t>(feature.GetFieldCount())), copied_(copies_.size(), false) {}
  int field_count() const override { return feature_.GetFieldCount(); }
  std::string_view raw(int field) const override {
    if (field < 0 || !feature_.IsFieldSetAndNotNull(field)) return {};
    const auto at = static_cast<size_t>(field);
    if (!copied_[at]) copies_[at] = feature_.GetFieldAsString(field), copied_[at] = true;
    return copies_[at];
  }
  bool typed_day(int field, std::optional<int32_t>& day) const override {
    OGRFieldType type = feature_.GetFieldDefnRef(field)->GetType();
    if ((type != OFTDate && type != OFTDateTime) || !feature_.IsFieldSetAndNotNull(field)) return false;
    int y, m, d, hour, minute, tz;
    float second;
    feature_.GetFieldAsDateTime(field, &y, &m, &d, &hour, &minute, &second, &tz);
    date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
    day.reset();
    if (ymd.ok()) day = static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
    return true;
  }

 private:
  OGRFeature& feature_;
  mutable std::vector<std::string> copies_;
  mutable std::vector<bool> copied_;
};

// Plain .csv files the fast reader may take: GDAL's CSV driver, no layer asked for, no .csvt types,
// no geometry columns (WKT columns shift GDAL's field numbering).
bool is_plain_csv(const EventOptions& options, GDALDataset& dataset, OGRLayer& layer) {
  std::filesystem::path path(options.path);
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::error_code error;
  return options.layer.empty() && dataset.GetDriver() && std::string_view(dataset.GetDriver()->GetDescription()) == "CSV" &&
         extension == ".csv" && std::filesystem::is_regular_file(path, error) &&
         layer.GetLayerDefn()->GetGeomFieldCount() == 0 &&
         !std::filesystem::exists(std::filesystem::path(path).replace_extension(".csvt"), error) &&
         !std::filesystem::exists(std::filesystem::path(path).replace_extension(".CSVT"), error);
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// A file GDAL's CSV driver reads (any extension), whose records scan_csv_layout can find.
bool is_csv_file(const EventOptions& options, GDALDataset& dataset) {
  std::error_code error;
  return dataset.GetDriver() && std::string_view(dataset.GetDriver()->GetDescription()) == "CSV" &&
         std::filesystem::is_regular_file(options.path, error);
}

// Rows through GDAL. For CSV files, what GDAL does silently is made explicit from the file's layout:
// a row holding a NUL byte (GDAL drops the rest of its line) and a quote that never closes (GDAL reads
// the rest of the file into one field) are rejected, each line the quote swallowed counted as a
// rejected row; and a GDAL that stops early (a line over its size limit) is an error, not a short table.
void read_through_gdal(const EventOptions& options, GDALDataset& dataset, OGRLayer& layer, const FieldIndexes& at,
                       EventTable& table) {
  std::optional<CsvLayout> layout;
  if (is_csv_file(options, dataset)) layout = scan_csv_layout(ReadOnlyFile(options.path));
  std::vector<CsvLayout::Row>::const_iterator next_nul_row;
  if (layout) next_nul_row = layout->nul_rows.begin();
  // A quote opened on the last line (or followed only by empty lines) loses nothing: GDAL's reading stands.
  const CsvLayout::UnclosedQuote* unclosed =
      layout && layout->unclosed_quote && layout->unclosed_quote->rows_swallowed > 0 ? &*layout->unclosed_quote : nullptr;

  RowReader reader(options, table);
  layer.ResetReading();
  CPLErrorReset();
  for (const OGRFeatureUniquePtr& feature : layer) {
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
      reader.read(FeatureRow(*feature), at, row);
    }
  }
  if (layout && table.rows_read != layout->rows) {
    const std::string reason = CPLGetLastErrorType() >= CE_Failure ? CPLGetLastErrorMsg() : "";
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

// GDAL reads a folder of CSV files as one dataset, so a folder given for a table gave 0 rows or the
// wrong file; only a File Geodatabase is a folder that is one table's dataset.
void refuse_folder(const std::string& path, const char* what) {
  std::error_code error;
  const std::filesystem::path file(path);
  if (std::filesystem::is_directory(file, error) && file.extension() != ".gdb") {
    throw Error(fmt::format("cannot open {} '{}': it is a folder; name the file in it (CSV, XLSX, ...)", what, path));
  }
}

}  // namespace

EventColumns choose_event_columns(const std::vector<std::string>& fields, const EventOptions& options,
                                  const std::string& source) {
  EventColumns c;
  const EventColumns& chosen = options.columns;
  c.date = pick(fields, chosen.date, kDateNames, source, "date");
  c.place = pick(fields, chosen.place, kPlaceNames, source, "place name");
  c.category = pick(fields, chosen.category, kCategoryNames, source, "category");
  c.count = pick(fields, chosen.count, kCountNames, source, "event count");
  c.fatalities = pick(fields, chosen.fatalities, kFatalityNames, source, "fatalities");
  c.lon = pick(fields, chosen.lon, kLonNames, source, "longitude");
  c.lat = pick(fields, chosen.lat, kLatNames, source, "latitude");
  if (c.date.empty()) {
    throw Error(fmt::format("{}: no date column found (use --date-column); columns: {}", source, fmt::join(fields, ", ")));
  }
  if (c.lon.empty() != c.lat.empty()) c.lon.clear(), c.lat.clear();
  if (c.place.empty() && c.lon.empty()) {
    throw Error(fmt::format("{}: no place-name column and no longitude/latitude columns found "
                            "(use --district-column or --lon-column/--lat-column); columns: {}",
                            source, fmt::join(fields, ", ")));
  }
  for (const std::string& extra : chosen.extra_places) c.extra_places.push_back(pick(fields, extra, {}, source, "fallback place name"));
  return c;
}

std::string state_actor_column(const std::vector<std::string>& fields) { return find_field(fields, kStateActorNames); }

EventTable load_events(const EventOptions& options) {
  refuse_folder(options.path, "events");
  // Every CSV column as text: Zila parses dates and numbers itself, with row-level error messages.
  GDALDatasetUniquePtr dataset =
      open_vector_dataset(options.path, {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"}, "events");
  OGRLayer* layer = choose_layer(*dataset, options.layer, options.path, [](OGRLayer&) { return true; });
  std::vector<std::string> fields = field_names(*layer);

  EventTable table;
  table.source = options.path;
  table.columns = choose_event_columns(fields, options, options.path);
  const EventColumns& c = table.columns;

  OGRFeatureDefn* definition = layer->GetLayerDefn();
  auto index_of = [&](const std::string& name) { return name.empty() ? -1 : definition->GetFieldIndex(name.c_str()); };
  FieldIndexes at{index_of(c.date), index_of(c.place), index_of(c.category), index_of(c.count),
                  index_of(c.fatalities), index_of(c.lon), index_of(c.lat),
                  index_of(state_actor_column(fields)), {}};
  for (const std::string& extra : c.extra_places) at.extra_places.push_back(index_of(extra));

  if (!is_plain_csv(options, *dataset, *layer) || !read_csv_events(options, fields, at, table)) {
    read_through_gdal(options, *dataset, *layer, at, table);
  }
  table.sources.push_back({options.path, options.citation, table.columns, options.default_category, 0, table.rows_read, 0,
                           table.size()});
  return table;
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
  GDALDatasetUniquePtr dataset = open_vector_dataset(path, {"AUTODETECT_TYPE=NO"}, "alias table");
  OGRLayer* layer = dataset->GetLayer(0);
  std::vector<std::string> fields = layer ? field_names(*layer) : std::vector<std::string>{};
  std::string alias_field = find_field(fields, {"alias"}), district_field = find_field(fields, {"district"});
  if (alias_field.empty() || district_field.empty()) {
    throw Error(fmt::format("{}: an alias table needs the columns alias,district; it has: {}", path, fmt::join(fields, ", ")));
  }
  std::vector<AliasEntry> aliases;
  uint64_t row = 0;
  for (const OGRFeatureUniquePtr& feature : *layer) {
    ++row;
    AliasEntry entry{std::string(trim(to_utf8(feature->GetFieldAsString(alias_field.c_str()), ""))),
                     std::string(trim(to_utf8(feature->GetFieldAsString(district_field.c_str()), "")))};
    if (entry.alias.empty() && entry.district.empty()) continue;  // blank line
    if (entry.alias.empty() || entry.district.empty()) {
      throw Error(fmt::format("{} row {}: alias and district must both be given", path, row));
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
