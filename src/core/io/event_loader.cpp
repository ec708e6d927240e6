// Event loading: column detection through GDAL, then rows through GDAL or, for plain CSV, the fast reader
// (event_csv.cpp); per-row parsing and the reason for every rejected row are in event_rows.cpp.
#include "core/io/event_loader.hpp"

#include <date/date.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "core/error.hpp"
#include "core/io/event_rows.hpp"
#include "core/io/fast_csv.hpp"
#include "core/io/gdal_io.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

// Common column names, most specific first (ACLED, GTD, PBC/Kaggle, TBIJ and New America drone tables,
// hand-made sheets). Several candidates for one role are then ranked by their content (see choose_event_columns).
const std::vector<std::string> kDateNames{"event_date", "date", "incident_date", "date_of_event", "event date",
                                          "datetime", "timestamp", "start_date", "day"};
// A date in parts: GTD's iyear/imonth/iday, or year/month/day.
const std::vector<std::string> kYearNames{"iyear", "year"};
const std::vector<std::string> kMonthNames{"imonth", "month"};
const std::vector<std::string> kDayNames{"iday", "day"};
const std::vector<std::string> kPrecisionNames{"time_precision", "date_precision"};
const std::vector<std::string> kPlaceNames{"admin2", "district", "district_name", "adm2_en", "adm2", "name_2",
                                           "zila", "tribal_agency", "agency", "district/agency", "region", "area",
                                           "city", "location", "village", "place"};
const std::vector<std::string> kCategoryNames{"event_type", "category", "type", "event_category", "incident_type"};
const std::vector<std::string> kCountNames{"events", "count", "event_count", "n_events", "number", "incidents",
                                           "strikes", "attacks"};
const std::vector<std::string> kFatalityNames{"fatalities", "killed", "deaths", "total_killed", "dead", "nkill",
                                              "total_avg", "killed max", "total died max", "total died mix",
                                              "maximum total people killed", "casualties"};
const std::vector<std::string> kLonNames{"longitude", "lon", "lng", "long", "geo_lon", "geo_long", "geo_lng", "x"};
const std::vector<std::string> kLatNames{"latitude", "lat", "geo_lat", "y"};
const std::vector<std::string> kStateActorNames{"inter1"};

constexpr size_t kSampleRows = 1000;     // rows read to rank candidate columns by content
constexpr double kCloseScores = 0.1;     // two candidates nearer than this are a close call, said in the summary

// The first kSampleRows rows' non-empty values per field, as UTF-8 text.
using ColumnSample = std::vector<std::vector<std::string>>;

// "#13": the 13th column, for headers that are empty or repeated.
std::string column_by_number(const std::vector<std::string>& fields, const std::string& chosen) {
  if (chosen.size() < 2 || chosen[0] != '#') return {};
  size_t number = 0;
  for (size_t i = 1; i < chosen.size(); ++i) {
    if (chosen[i] < '0' || chosen[i] > '9' || number > fields.size()) return {};
    number = number * 10 + static_cast<size_t>(chosen[i] - '0');
  }
  return number >= 1 && number <= fields.size() ? fields[number - 1] : std::string();
}

// Resolves a role the user named to its field, which must exist ("#N" names the Nth column).
std::string pick_named(const std::vector<std::string>& fields, const std::string& chosen, const std::string& path,
                       const char* role) {
  std::string found = find_field(fields, {chosen});
  if (found.empty()) found = column_by_number(fields, chosen);
  if (found.empty()) {
    throw Error(fmt::format("{}: no column '{}' for the {}; columns: {} (or #1 to #{} by position)", path, chosen,
                            role, fmt::join(fields, ", "), fields.size()));
  }
  return found;
}

// Resolves each role to a field: the user's choice (which must exist) or the first common name present.
std::string pick(const std::vector<std::string>& fields, const std::string& chosen,
                 const std::vector<std::string>& candidates, const std::string& path, const char* role) {
  if (chosen.empty()) return find_field(fields, candidates);
  return pick_named(fields, chosen, path, role);
}

// Every field whose name is among `candidates`, in the candidates' order (the order breaks ties).
std::vector<std::string> all_named(const std::vector<std::string>& fields, const std::vector<std::string>& candidates) {
  std::vector<std::string> found;
  for (const std::string& candidate : candidates) {
    std::string field = find_field(fields, {candidate});
    if (!field.empty() && std::find(found.begin(), found.end(), field) == found.end()) found.push_back(field);
  }
  return found;
}

const std::vector<std::string>* values_of(const std::vector<std::string>& fields, const ColumnSample* sample,
                                          const std::string& field) {
  if (!sample) return nullptr;
  auto it = std::find(fields.begin(), fields.end(), field);
  return it == fields.end() ? nullptr : &(*sample)[static_cast<size_t>(it - fields.begin())];
}

double share_numeric(const std::vector<std::string>& values) {
  if (values.empty()) return 0;
  size_t numeric = 0;
  for (const std::string& v : values) numeric += parse_number(v).has_value();
  return static_cast<double>(numeric) / static_cast<double>(values.size());
}

// A candidate column and its content score (0..1); the best is chosen, the next named as runner-up.
struct Ranked {
  std::string field;
  double score = 0;
  std::string why;  // "62% of 40 names are districts"
};

// The best of `ranked` (stable: the earlier name wins a tie), and a note naming the runner-up.
std::string best_of(std::vector<Ranked> ranked, const char* role, const char* flag, std::vector<std::string>& notes) {
  if (ranked.empty()) return {};
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
  if (ranked.size() > 1) {
    const bool close = ranked[0].score - ranked[1].score < kCloseScores;
    notes.push_back(fmt::format("{} '{}' ({}) over '{}' ({}){}", role, ranked[0].field, ranked[0].why, ranked[1].field,
                                ranked[1].why, close ? fmt::format(": a close call, {} names the other", flag) : ""));
  }
  return ranked[0].score >= 0 ? ranked[0].field : std::string();  // numeric codes are no place
}

// Date columns by the share of sampled values that read as dates (known to the day counting whole).
Ranked rank_date(const std::string& field, const std::vector<std::string>* values) {
  Ranked r{field, 0.5, "by name"};
  if (!values) return r;
  if (values->empty()) return {field, 0, "empty in the first rows"};
  double score = 0;
  for (const std::string& v : *values) {
    DateNotes notes;
    if (parse_date(v, {}, &notes)) score += notes.precision == DatePrecision::day ? 1.0 : 0.5;
  }
  r.score = score / static_cast<double>(values->size());
  r.why = fmt::format("{:.0f}% of {} values read as dates", 100 * r.score, values->size());
  return r;
}

// Place columns by the share of their distinct values that resolve to districts; numeric codes never.
Ranked rank_place(const std::string& field, const std::vector<std::string>* values, const EventOptions& options) {
  Ranked r{field, 0.5, "by name"};
  if (!values) return r;
  if (values->empty()) return {field, 0, "empty in the first rows"};
  if (share_numeric(*values) > 0.8) return {field, -1, "numbers, not names"};
  if (!options.resolves_place) return r;
  std::vector<std::string> distinct(*values);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  size_t resolved = 0;
  for (const std::string& name : distinct) resolved += options.resolves_place(name);
  r.score = static_cast<double>(resolved) / static_cast<double>(distinct.size());
  r.why = fmt::format("{} of {} distinct names are districts", resolved, distinct.size());
  return r;
}

// Share of sampled values that are numbers within ±limit (longitude 180, latitude 90).
double share_in_range(const std::vector<std::string>* values, double limit) {
  if (!values || values->empty()) return 1;
  size_t in_range = 0;
  for (const std::string& v : *values) {
    std::optional<double> x = parse_number(v);
    in_range += x && std::abs(*x) <= limit;
  }
  return static_cast<double>(in_range) / static_cast<double>(values->size());
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

namespace {

// The columns of one layer, ranked by content where `sample` is given; `notes` get the runner-ups.
EventColumns choose_columns(const std::vector<std::string>& fields, const EventOptions& options,
                            const std::string& source, const ColumnSample* sample, std::vector<std::string>& notes) {
  EventColumns c;
  const EventColumns& chosen = options.columns;
  auto values = [&](const std::string& field) { return values_of(fields, sample, field); };
  if (!chosen.date.empty()) {
    c.date = pick_named(fields, chosen.date, source, chosen.month.empty() ? "date" : "year");
    if (!chosen.month.empty()) c.month = pick_named(fields, chosen.month, source, "month");
    if (!chosen.day_of_month.empty()) c.day_of_month = pick_named(fields, chosen.day_of_month, source, "day");
  } else {
    std::vector<Ranked> dates;
    for (const std::string& field : all_named(fields, kDateNames)) dates.push_back(rank_date(field, values(field)));
    // A date in parts (iyear, imonth, iday) unless a whole date column reads well.
    const std::string year = find_field(fields, kYearNames), month = find_field(fields, kMonthNames);
    // A `day` column unseen (no sample) is taken for the day of the month, seen it may hold whole dates.
    const std::string day_field = find_field(fields, kDayNames);
    const bool whole_date_reads = std::any_of(dates.begin(), dates.end(), [&](const Ranked& r) {
      return r.score >= 0.5 && !(r.field == day_field && !sample);
    });
    if (!year.empty() && !month.empty() && !whole_date_reads) {
      c.date = year, c.month = month, c.day_of_month = find_field(fields, kDayNames);
      notes.push_back(fmt::format("date in parts '{}'", date_columns_label(c)));
    } else {
      c.date = best_of(dates, "date", "--date-column", notes);
    }
    if (c.date.empty() && !year.empty()) {  // a table by year: its rows are known to the year
      c.date = year;
      notes.push_back(fmt::format("no date column: the year '{}' as the date (rows known to the year)", year));
    }
  }
  c.precision = pick(fields, chosen.precision, kPrecisionNames, source, "date precision");

  if (!chosen.place.empty()) {
    c.place = pick_named(fields, chosen.place, source, "place name");
  } else {
    std::vector<Ranked> places;
    const std::vector<std::string> named = all_named(fields, kPlaceNames);
    // One candidate needs no ranking (nor the district names, which may still be loading).
    EventOptions ranking = options;
    if (named.size() < 2) ranking.resolves_place = nullptr;
    for (const std::string& field : named) places.push_back(rank_place(field, values(field), ranking));
    c.place = best_of(places, "place", "--district-column", notes);
  }
  c.category = pick(fields, chosen.category, kCategoryNames, source, "category");
  c.count = pick(fields, chosen.count, kCountNames, source, "event count");
  c.fatalities = pick(fields, chosen.fatalities, kFatalityNames, source, "fatalities");
  c.lon = pick(fields, chosen.lon, kLonNames, source, "longitude");
  c.lat = pick(fields, chosen.lat, kLatNames, source, "latitude");
  if (c.date.empty()) {
    throw Error(fmt::format("{}: no date column found (use --date-column, or --date-columns YEAR,MONTH,DAY); columns: {}",
                            source, fmt::join(fields, ", ")));
  }
  if (c.lon.empty() != c.lat.empty()) c.lon.clear(), c.lat.clear();
  // Detected coordinates must be coordinates: mostly numbers within range (either way round).
  if (!c.lon.empty() && chosen.lon.empty() && chosen.lat.empty() &&
      std::min(share_in_range(values(c.lon), 180), share_in_range(values(c.lat), 180)) < 0.5) {
    notes.push_back(fmt::format("columns '{}'/'{}' not used as coordinates: their values are not longitudes and latitudes",
                                c.lon, c.lat));
    c.lon.clear(), c.lat.clear();
  }
  if (c.place.empty() && c.lon.empty()) {
    throw Error(fmt::format("{}: no place-name column and no longitude/latitude columns found "
                            "(use --district-column or --lon-column/--lat-column); columns: {}",
                            source, fmt::join(fields, ", ")));
  }
  for (const std::string& extra : chosen.extra_places) c.extra_places.push_back(pick_named(fields, extra, source, "fallback place name"));
  return c;
}

}  // namespace

EventColumns choose_event_columns(const std::vector<std::string>& fields, const EventOptions& options,
                                  const std::string& source) {
  std::vector<std::string> notes;
  return choose_columns(fields, options, source, nullptr, notes);
}

EventColumns choose_event_columns(const std::vector<std::string>& fields, const EventOptions& options,
                                  const std::string& source, const std::vector<std::vector<std::string>>& sample,
                                  std::vector<std::string>& notes) {
  return choose_columns(fields, options, source, &sample, notes);
}

std::string date_columns_label(const EventColumns& columns) {
  if (columns.month.empty()) return columns.date;
  return columns.date + "/" + columns.month + (columns.day_of_month.empty() ? "" : "/" + columns.day_of_month);
}

std::string state_actor_column(const std::vector<std::string>& fields) { return find_field(fields, kStateActorNames); }

namespace {

// Every CSV column as text: Zila parses dates and numbers itself, with row-level error messages. A
// workbook's first row is its header even when every cell in it is text, as it nearly always is (GDAL
// takes such a row for data unless told; the CSV driver has its own HEADERS, without FORCE).
// GDAL before 3.7 has no such open option, only the configuration options, read when a sheet is first
// parsed (lazily): they are set for this thread while a table is being read.
class WorkbookHeadersForced {
 public:
  WorkbookHeadersForced() {
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
  }
  ~WorkbookHeadersForced() {
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", nullptr);
  }
  WorkbookHeadersForced(const WorkbookHeadersForced&) = delete;
  WorkbookHeadersForced& operator=(const WorkbookHeadersForced&) = delete;
};

std::vector<std::string> event_open_options(const std::string& path) {
  std::vector<std::string> options{"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"};
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".xlsx" || extension == ".xlsm" || extension == ".ods") options.push_back("HEADERS=FORCE");
  return options;
}

ColumnSample sample_layer(OGRLayer& layer, const std::string& encoding) {
  const int field_count = layer.GetLayerDefn()->GetFieldCount();
  ColumnSample sample(static_cast<size_t>(field_count));
  layer.ResetReading();
  size_t rows = 0;
  for (const OGRFeatureUniquePtr& feature : layer) {
    if (++rows > kSampleRows) break;
    for (int i = 0; i < field_count; ++i) {
      if (!feature->IsFieldSetAndNotNull(i)) continue;
      std::string text(trim(to_utf8(feature->GetFieldAsString(i), encoding)));
      if (!text.empty()) sample[static_cast<size_t>(i)].push_back(std::move(text));
    }
  }
  layer.ResetReading();
  return sample;
}

// A layer's columns and how well they look like events: the date column's read share plus the place's.
struct LayerChoice {
  OGRLayer* layer = nullptr;
  EventColumns columns;
  std::vector<std::string> notes;
  double score = -1;  // -1: no date or no place found
  std::string problem;
};

LayerChoice assess_layer(OGRLayer& layer, const EventOptions& options, bool ranked_by_places) {
  LayerChoice choice;
  choice.layer = &layer;
  const std::vector<std::string> fields = field_names(layer);
  const ColumnSample sample = sample_layer(layer, options.encoding);
  try {
    choice.columns = choose_columns(fields, options, options.path, &sample, choice.notes);
    const std::vector<std::string>* dates = values_of(fields, &sample, choice.columns.date);
    double date_score = dates && !dates->empty() ? rank_date(choice.columns.date, dates).score : 0;
    if (!choice.columns.month.empty()) date_score = share_numeric(*dates);  // a year column
    const bool has_rows = dates && !dates->empty();
    // Where the district names are known, a sheet of another country's places scores below the right one.
    double place_score = choice.columns.place.empty() ? 0.5 : 1.0;
    if (ranked_by_places && !choice.columns.place.empty()) {
      place_score = std::max(0.0, rank_place(choice.columns.place, values_of(fields, &sample, choice.columns.place), options).score);
    }
    choice.score = has_rows ? date_score + place_score : 0;
  } catch (const Error& e) {
    choice.problem = e.what();
  }
  return choice;
}

// The layer named in the options, or (workbooks, GeoPackages) the one whose columns look most like
// events: a decoy or notes sheet before the data must not be read instead of it.
LayerChoice choose_event_layer(GDALDataset& dataset, const EventOptions& options) {
  if (!options.layer.empty() || dataset.GetLayerCount() == 1) {
    OGRLayer* layer = choose_layer(dataset, options.layer, options.path, [](OGRLayer&) { return true; });
    LayerChoice choice = assess_layer(*layer, options, false);
    if (!choice.problem.empty()) throw Error(choice.problem);
    return choice;
  }
  std::vector<LayerChoice> layers;
  for (OGRLayer* layer : dataset.GetLayers()) layers.push_back(assess_layer(*layer, options, options.resolves_place != nullptr));
  if (layers.empty()) throw Error(fmt::format("{}: no layers (sheets) in it", options.path));
  auto best = std::max_element(layers.begin(), layers.end(),
                               [](const LayerChoice& a, const LayerChoice& b) { return a.score < b.score; });
  if (best->score < 0) {
    std::string problems;
    for (const LayerChoice& l : layers) problems += fmt::format("\n  '{}': {}", l.layer->GetName(), l.problem);
    throw Error(fmt::format("{}: no layer (sheet) looks like events (--events-layer names one):{}", options.path, problems));
  }
  std::vector<std::string> others;
  for (const LayerChoice& l : layers) {
    if (&l != &*best) others.push_back(fmt::format("'{}' ({})", l.layer->GetName(), l.score < 0 ? "no date or place column" : "less like events"));
  }
  best->notes.insert(best->notes.begin(), fmt::format("sheet '{}' (of {}) over {}: --events-layer names another",
                                                      best->layer->GetName(), layers.size(), fmt::join(others, ", ")));
  return std::move(*best);
}

}  // namespace

EventTable load_events(const EventOptions& options) {
  refuse_folder(options.path, "events");
  const WorkbookHeadersForced headers_forced;
  GDALDatasetUniquePtr dataset = open_vector_dataset(options.path, event_open_options(options.path), "events");
  LayerChoice choice = choose_event_layer(*dataset, options);
  OGRLayer* layer = choice.layer;
  std::vector<std::string> fields = field_names(*layer);

  EventTable table;
  table.source = options.path;
  table.columns = std::move(choice.columns);
  const EventColumns& c = table.columns;

  OGRFeatureDefn* definition = layer->GetLayerDefn();
  auto index_of = [&](const std::string& name) { return name.empty() ? -1 : definition->GetFieldIndex(name.c_str()); };
  FieldIndexes at{index_of(c.date), index_of(c.place), index_of(c.category), index_of(c.count),
                  index_of(c.fatalities), index_of(c.lon), index_of(c.lat),
                  index_of(state_actor_column(fields)), index_of(c.month), index_of(c.day_of_month),
                  index_of(c.precision), {}};
  for (const std::string& extra : c.extra_places) at.extra_places.push_back(index_of(extra));

  if (!is_plain_csv(options, *dataset, *layer) || !read_csv_events(options, fields, at, table)) {
    read_through_gdal(options, *dataset, *layer, at, table);
  }
  EventSource source{options.path, options.citation, table.columns, options.default_category, 0, table.rows_read, 0,
                     table.size(), {}, {}, table.blank_rows};
  if (dataset->GetLayerCount() > 1 || !options.layer.empty()) source.layer = layer->GetName();
  for (const std::string& note : choice.notes) source.detection += (source.detection.empty() ? "" : "; ") + note;
  table.sources.push_back(std::move(source));
  return table;
}

std::vector<LayerColumns> list_event_layers(const std::string& path) {
  refuse_folder(path, "events");
  const WorkbookHeadersForced headers_forced;
  GDALDatasetUniquePtr dataset = open_vector_dataset(path, event_open_options(path), "events");
  EventOptions options;
  options.path = path;
  std::string chosen;
  try {
    chosen = choose_event_layer(*dataset, options).layer->GetName();
  } catch (const Error&) {
  }
  std::vector<LayerColumns> layers;
  for (OGRLayer* layer : dataset->GetLayers()) {
    LayerChoice assessed = assess_layer(*layer, options, false);
    layers.push_back({layer->GetName(), field_names(*layer), assessed.score >= 0,
                      chosen == layer->GetName() ? "read by default" : ""});
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
