// Event loading through GDAL: column detection, per-row parsing, and a reason for every rejected row.
#include "event_loader.hpp"

#include <date/date.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <cmath>
#include <unordered_map>

#include "error.hpp"
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

// Built-in category values (lower case). ACLED's Battles and Explosions/Remote violence depend on the
// actor: state forces (inter1 = 1) make them operations, otherwise they are attacks (incidents).
const std::unordered_map<std::string, Category>& builtin_categories() {
  static const std::unordered_map<std::string, Category> map{
      {"incident", Category::incident},         {"incidents", Category::incident},
      {"attack", Category::incident},           {"attacks", Category::incident},
      {"terrorist attack", Category::incident}, {"terrorism", Category::incident},
      {"bombing", Category::incident},          {"suicide bombing", Category::incident},
      {"ied", Category::incident},              {"violence against civilians", Category::incident},
      {"battles", Category::incident},          {"explosions/remote violence", Category::incident},
      {"operation", Category::operation},       {"operations", Category::operation},
      {"ibo", Category::operation},             {"intelligence-based operation", Category::operation},
      {"counter-terrorism operation", Category::operation}, {"military operation", Category::operation},
      {"security operation", Category::operation}, {"raid", Category::operation},
      {"strike", Category::operation},          {"drone strike", Category::operation},
      {"airstrike", Category::operation},       {"air strike", Category::operation},
      {"other", Category::other},               {"protests", Category::other},
      {"riots", Category::other},               {"strategic developments", Category::other}};
  return map;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_totals_marker(std::string_view text) {
  std::string value = lower_ascii(trim(text));
  return value == "total" || value == "totals" || value == "grand total" || value == "sum" || value == "all";
}

int32_t days_from_civil(int year, int month, int day) {
  return static_cast<int32_t>(
      date::sys_days(date::year{year} / date::month{static_cast<unsigned>(month)} / date::day{static_cast<unsigned>(day)})
          .time_since_epoch()
          .count());
}

struct FieldIndexes {
  int date = -1, place = -1, category = -1, count = -1, fatalities = -1, lon = -1, lat = -1, state_actor = -1;
  std::vector<int> extra_places;
};

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

class RowReader {
 public:
  RowReader(const EventOptions& options, EventTable& table) : options_(options), table_(table) {
    date_options_.order = options.date_order;
    date_options_.format = options.date_format;
  }

  void read(OGRFeature& feature, const FieldIndexes& at, uint64_t row) {
    std::string date_text = text_of(feature, at.date);
    std::string place_text = at.place >= 0 ? text_of(feature, at.place) : std::string();
    for (size_t i = 0; place_text.empty() && i < at.extra_places.size(); ++i) place_text = text_of(feature, at.extra_places[i]);
    if (is_totals_marker(date_text) || is_totals_marker(place_text)) return reject(row, "totals row");

    pending_ambiguous_date_.clear();
    std::optional<int32_t> day = read_day(feature, at.date, date_text);
    if (!day) {
      if (row_is_empty(feature)) return reject(row, "empty row");
      return reject(row, date_text.empty() ? fmt::format("no date in column '{}'", table_.columns.date)
                                           : fmt::format("bad date '{}' in column '{}'", date_text, table_.columns.date));
    }

    uint32_t count = 1;
    if (at.count >= 0) {
      std::string count_text = text_of(feature, at.count);
      if (trim(count_text).empty()) {
        ++empty_counts_;
      } else {
        std::optional<double> value = parse_number(count_text);
        if (!value || *value < 0 || *value != std::floor(*value) || *value > 4e9) {
          return reject(row, fmt::format("bad count '{}' in column '{}'", count_text, table_.columns.count));
        }
        count = static_cast<uint32_t>(*value);
      }
    }

    float fatalities = std::numeric_limits<float>::quiet_NaN();
    if (at.fatalities >= 0) {
      std::string text = text_of(feature, at.fatalities);
      if (!trim(text).empty()) {
        std::optional<double> value = parse_number(text);
        if (value && *value >= 0) fatalities = static_cast<float>(*value);
        else ++bad_fatalities_;
      }
    }

    double lon = std::numeric_limits<double>::quiet_NaN(), lat = lon;
    if (at.lon >= 0 && at.lat >= 0) read_coordinates(feature, at, lon, lat);

    if (place_text.empty() && std::isnan(lon)) return reject(row, "no place name and no coordinates");

    if (!pending_ambiguous_date_.empty()) ambiguous_.emplace_back(table_.day.size(), std::move(pending_ambiguous_date_));
    table_.day.push_back(*day);
    table_.category.push_back(read_category(feature, at));
    table_.count.push_back(count);
    table_.fatalities.push_back(fatalities);
    table_.place.push_back(place_text.empty() ? kNoPlace : intern(place_text));
    table_.lon.push_back(lon);
    table_.lat.push_back(lat);
    table_.source_row.push_back(row);
  }

  // File-level notes and the re-reading of ambiguous dates once the whole file has shown its order.
  void finish() {
    resolve_ambiguous_dates();
    auto note = [&](uint64_t n, const std::string& what) {
      if (n) table_.warnings.push_back(fmt::format("{} row{} {}", n, n == 1 ? "" : "s", what));
    };
    note(encoding_fallbacks_, "not valid UTF-8: read as Windows-1252");
    note(empty_counts_, fmt::format("with an empty '{}' counted as 1 event", table_.columns.count));
    note(bad_fatalities_, fmt::format("with an unreadable '{}' (fatalities left unknown)", table_.columns.fatalities));
    note(swapped_coordinates_, "with latitude and longitude swapped (latitude beyond ±90): swapped back");
    note(bad_coordinates_, "with unreadable or out-of-range coordinates (placed by name only)");
    if (!unknown_categories_.empty()) {
      std::vector<std::string> listed;
      for (const auto& [value, n] : unknown_categories_) listed.push_back(fmt::format("'{}' ({})", value, n));
      table_.warnings.push_back(fmt::format("category values counted as 'other': {}", fmt::join(listed, ", ")));
    }
  }

 private:
  std::string text_of(OGRFeature& feature, int field) {
    if (field < 0 || !feature.IsFieldSetAndNotNull(field)) return {};
    bool fell_back = false;
    std::string text = to_utf8(feature.GetFieldAsString(field), options_.encoding, &fell_back);
    if (fell_back && last_fallback_row_ != table_.rows_read) ++encoding_fallbacks_, last_fallback_row_ = table_.rows_read;
    return std::string(trim(text));
  }

  bool row_is_empty(OGRFeature& feature) {
    for (int i = 0; i < feature.GetFieldCount(); ++i) {
      if (!trim(text_of(feature, i)).empty()) return false;
    }
    return true;
  }

  std::optional<int32_t> read_day(OGRFeature& feature, int field, const std::string& text) {
    OGRFieldType type = feature.GetFieldDefnRef(field)->GetType();
    if ((type == OFTDate || type == OFTDateTime) && feature.IsFieldSetAndNotNull(field)) {
      int y, m, d, hour, minute, tz;
      float second;
      feature.GetFieldAsDateTime(field, &y, &m, &d, &hour, &minute, &second, &tz);
      if (date::year_month_day(date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}).ok()) {
        return days_from_civil(y, m, d);
      }
      return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    std::optional<int32_t> day = parse_date(text, date_options_);
    if (day && options_.date_order == DateOrder::automatic && options_.date_format.empty()) track_date_order(text);
    return day;
  }

  // Numeric dates like 3/4/2019 are ambiguous; the file's other rows decide (see finish()).
  void track_date_order(const std::string& text) {
    std::string sample[1] = {text};
    switch (infer_date_order(sample)) {
      case DateOrder::day_first: ++day_first_evidence_; break;
      case DateOrder::month_first: ++month_first_evidence_; break;
      case DateOrder::automatic: {
        // Only a leading 1-2 digit field can be a day or a month; ISO dates never are ambiguous.
        size_t separator = text.find_first_of("/-. ");
        if (separator != std::string::npos && separator <= 2 &&
            parse_date(text, {DateOrder::day_first, {}}) != parse_date(text, {DateOrder::month_first, {}})) {
          pending_ambiguous_date_ = text;
        }
        break;
      }
    }
  }

  void resolve_ambiguous_dates() {
    if (ambiguous_.empty()) return;
    const auto& ambiguous = ambiguous_;
    bool file_is_day_first = day_first_evidence_ > 0 && month_first_evidence_ == 0;
    if (file_is_day_first) {
      for (const auto& [index, text] : ambiguous) table_.day[index] = *parse_date(text, {DateOrder::day_first, {}});
      table_.warnings.push_back(fmt::format("{} ambiguous dates read as D/M/Y, as the file's unambiguous dates are",
                                            ambiguous.size()));
    } else if (day_first_evidence_ > 0) {
      table_.warnings.push_back(fmt::format(
          "dates mix D/M/Y and M/D/Y; {} ambiguous dates read as M/D/Y (use --date-order)", ambiguous.size()));
    } else if (month_first_evidence_ == 0) {
      table_.warnings.push_back(fmt::format(
          "{} dates could be D/M/Y or M/D/Y and were read as M/D/Y (use --date-order day-first if wrong)",
          ambiguous.size()));
    }
  }

  void read_coordinates(OGRFeature& feature, const FieldIndexes& at, double& lon, double& lat) {
    std::string lon_text = text_of(feature, at.lon), lat_text = text_of(feature, at.lat);
    if (lon_text.empty() && lat_text.empty()) return;
    std::optional<double> x = parse_number(lon_text), y = parse_number(lat_text);
    if (!x || !y) {
      ++bad_coordinates_;
      return;
    }
    if (std::abs(*y) > 90 && std::abs(*x) <= 90) {
      std::swap(x, y);
      ++swapped_coordinates_;
    }
    if (std::abs(*x) > 180 || std::abs(*y) > 90) {
      ++bad_coordinates_;
      return;
    }
    lon = *x, lat = *y;
  }

  Category read_category(OGRFeature& feature, const FieldIndexes& at) {
    if (at.category < 0) return options_.default_category;
    std::string value = lower_ascii(text_of(feature, at.category));
    if (value.empty()) return options_.default_category;
    if (auto it = options_.category_map.find(value); it != options_.category_map.end()) return it->second;
    if ((value == "battles" || value == "explosions/remote violence") && at.state_actor >= 0 &&
        trim(text_of(feature, at.state_actor)) == "1") {
      return Category::operation;
    }
    if (auto it = builtin_categories().find(value); it != builtin_categories().end()) return it->second;
    ++unknown_categories_[value];
    return Category::other;
  }

  uint32_t intern(const std::string& place) {
    auto [it, inserted] = place_index_.try_emplace(place, static_cast<uint32_t>(table_.place_names.size()));
    if (inserted) table_.place_names.push_back(place);
    return it->second;
  }

  void reject(uint64_t row, std::string reason) { table_.rejected.push_back({row, std::move(reason)}); }

  const EventOptions& options_;
  EventTable& table_;
  DateOptions date_options_;
  std::unordered_map<std::string, uint32_t> place_index_;
  std::map<std::string, uint64_t> unknown_categories_;
  std::vector<std::pair<size_t, std::string>> ambiguous_;  // (event index, date text) read as M/D/Y for now
  std::string pending_ambiguous_date_;
  uint64_t day_first_evidence_ = 0, month_first_evidence_ = 0;
  uint64_t encoding_fallbacks_ = 0, last_fallback_row_ = UINT64_MAX, empty_counts_ = 0, bad_fatalities_ = 0;
  uint64_t swapped_coordinates_ = 0, bad_coordinates_ = 0;
};

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

  RowReader reader(options, table);
  layer->ResetReading();
  for (const OGRFeatureUniquePtr& feature : *layer) {
    ++table.rows_read;
    reader.read(*feature, at, table.rows_read);
  }
  reader.finish();
  return table;
}

std::vector<AliasEntry> load_aliases(const std::string& path) {
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

const char* category_name(Category c) {
  switch (c) {
    case Category::incident: return "incident";
    case Category::operation: return "operation";
    case Category::other: return "other";
  }
  return "other";
}

}  // namespace zila
