// Event loading: column detection through GDAL, then rows through GDAL or, for plain CSV, the fast reader
// (event_csv.cpp); per-row parsing and the reason for every rejected row are in event_rows.cpp.
#include "event_loader.hpp"

#include <date/date.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "error.hpp"
#include "event_rows.hpp"
#include "gdal_io.hpp"
#include "text.hpp"

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

// A GDAL feature as text fields. Values are copied: GDAL formats non-string fields into one shared buffer.
class FeatureRow final : public RowSource {
 public:
  explicit FeatureRow(OGRFeature& feature) : feature_(feature), copies_(static_cast<size_t>(feature.GetFieldCount())) {}
  int field_count() const override { return feature_.GetFieldCount(); }
  std::string_view raw(int field) const override {
    if (field < 0 || !feature_.IsFieldSetAndNotNull(field)) return {};
    return copies_[static_cast<size_t>(field)] = feature_.GetFieldAsString(field);
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

}  // namespace

EventTable load_events(const EventOptions& options) {
  // Every CSV column as text: Zila parses dates and numbers itself, with row-level error messages.
  GDALDatasetUniquePtr dataset =
      open_vector_dataset(options.path, {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"}, "events");
  OGRLayer* layer = choose_layer(*dataset, options.layer, options.path, [](OGRLayer&) { return true; });
  std::vector<std::string> fields = field_names(*layer);

  EventTable table;
  table.source = options.path;
  EventColumns& c = table.columns;
  const EventColumns& chosen = options.columns;
  c.date = pick(fields, chosen.date, kDateNames, options.path, "date");
  c.place = pick(fields, chosen.place, kPlaceNames, options.path, "place name");
  c.category = pick(fields, chosen.category, kCategoryNames, options.path, "category");
  c.count = pick(fields, chosen.count, kCountNames, options.path, "event count");
  c.fatalities = pick(fields, chosen.fatalities, kFatalityNames, options.path, "fatalities");
  c.lon = pick(fields, chosen.lon, kLonNames, options.path, "longitude");
  c.lat = pick(fields, chosen.lat, kLatNames, options.path, "latitude");
  if (c.date.empty()) {
    throw Error(fmt::format("{}: no date column found (use --date-column); columns: {}", options.path, fmt::join(fields, ", ")));
  }
  if (c.lon.empty() != c.lat.empty()) c.lon.clear(), c.lat.clear();
  if (c.place.empty() && c.lon.empty()) {
    throw Error(fmt::format("{}: no place-name column and no longitude/latitude columns found "
                            "(use --district-column or --lon-column/--lat-column); columns: {}",
                            options.path, fmt::join(fields, ", ")));
  }

  OGRFeatureDefn* definition = layer->GetLayerDefn();
  auto index_of = [&](const std::string& name) { return name.empty() ? -1 : definition->GetFieldIndex(name.c_str()); };
  FieldIndexes at{index_of(c.date), index_of(c.place), index_of(c.category), index_of(c.count),
                  index_of(c.fatalities), index_of(c.lon), index_of(c.lat),
                  index_of(find_field(fields, kStateActorNames)), {}};
  for (const std::string& extra : chosen.extra_places) {
    std::string found = pick(fields, extra, {}, options.path, "fallback place name");
    c.extra_places.push_back(found);
    at.extra_places.push_back(index_of(found));
  }

  if (is_plain_csv(options, *dataset, *layer) && read_csv_events(options, fields, at, table)) return table;
  RowReader reader(options, table);
  layer->ResetReading();
  for (const OGRFeatureUniquePtr& feature : *layer) {
    ++table.rows_read;
    reader.read(FeatureRow(*feature), at, table.rows_read);
  }
  reader.finish();
  return table;
}

std::vector<AliasEntry> load_aliases(const std::string& path) {
  // GDAL would read a folder of CSV files as one dataset and take its first file.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(fmt::format("{}: a folder, not an alias table (a CSV file with the columns alias,district)", path));
  }
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

Category parse_category(const std::string& text) {
  for (int c = 0; c < kCategoryCount; ++c) {
    if (text == category_name(static_cast<Category>(c))) return static_cast<Category>(c);
  }
  throw Error(fmt::format("unknown category '{}' (incident, operation, other)", text));
}

const char* category_name(Category c) {
  switch (c) {
    case Category::incident: return "incident";
    case Category::operation: return "operation";
    case Category::other: return "other";
  }
  return "other";
}

}  // namespace zila
