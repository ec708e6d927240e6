#include "data_flags.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <tuple>

#include "core/error.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;

// The first existing file among candidate folders: ZILA_GEODATA_DIR, the fetched copy, ../shared.
std::string find_data_file(const std::vector<fs::path>& folders, const std::string& name) {
  for (const fs::path& folder : folders) {
    if (fs::exists(folder / name)) return (folder / name).string();
  }
  return (folders.back() / name).string();
}


// "Drone strike=operation": the value is compared case-insensitively.
void add_category_mapping(EventOptions& events, const std::string& entry) {
  size_t eq = entry.rfind('=');
  if (eq == std::string::npos) throw Error("'" + entry + "' is not VALUE=CATEGORY (e.g. 'Drone strike=operation')");
  const std::string value = ascii_lower(entry.substr(0, eq));
  events.category_map[value] = parse_category(entry.substr(eq + 1));
}

// "1800:2030" -> first and last plausible year; throws zila::Error.
std::pair<int, int> parse_year_range(const std::string& text) {
  const size_t colon = text.find(':');
  auto year = [&](std::string_view part) {
    int value = 0;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc{} || end != part.data() + part.size() || value < 0 || value > 9999) {
      throw Error("'" + text + "' is not FIRST:LAST, two years from 0 to 9999 (e.g. 1800:2030)");
    }
    return value;
  };
  if (colon == std::string::npos) year("");
  const int first = year(std::string_view(text).substr(0, colon)), last = year(std::string_view(text).substr(colon + 1));
  if (first > last) throw Error(text + ": the first year is after the last");
  return {first, last};
}

// A CLI11 check from a function that throws zila::Error: its message becomes the flag's error.
template <typename Check>
CLI::Validator checked_by(const char* description, Check check) {
  return CLI::Validator(
      [check](std::string& value) -> std::string {
        try {
          check(value);
          return {};
        } catch (const Error& e) {
          return e.what();
        }
      },
      description);
}

}  // namespace

std::string default_countries_path() {
  const fs::path path = fs::path(ZILA_SOURCE_DIR) / "geodata" / "cache" / "countries-50m.json";
  return fs::exists(path) ? path.string() : std::string();
}

PipelineOptions default_pipeline_options() {
  std::vector<fs::path> geodata_folders;
  if (const char* env = std::getenv("ZILA_GEODATA_DIR")) geodata_folders.emplace_back(env);
  geodata_folders.emplace_back(fs::path(ZILA_SOURCE_DIR) / "geodata" / "cache");
  geodata_folders.emplace_back(fs::path(ZILA_SOURCE_DIR) / ".." / "shared" / "geodata" / "pak");
  PipelineOptions options;
  options.boundaries.path = find_data_file(geodata_folders, "geoBoundaries-PAK-ADM2_simplified.geojson");
  options.parents_path = find_data_file(geodata_folders, "geoBoundaries-PAK-ADM1_simplified.geojson");
  // The default demo: a real multi-year pair, suicide attacks (incidents) and drone strikes (operations),
  // fetched by geodata/fetch.sh with their citations (../shared/events/real/SOURCES.md).
  std::vector<fs::path> event_folders = geodata_folders;
  event_folders.back() = fs::path(ZILA_SOURCE_DIR) / ".." / "shared" / "events" / "real";
  options.events.path = find_data_file(event_folders, "pak_suicide_attacks_v11_2017-11-30.csv") + ":incident";
  options.events.citation = "Pakistan Body Count suicide attacks (Usmani, Kaggle 2017)";
  EventOptions strikes;
  strikes.path = find_data_file(event_folders, "pak_drone_strikes_newamerica_2004-2018.csv") + ":operation";
  strikes.citation = "New America drone strikes";
  options.more_events.push_back(strikes);
  options.aliases_path = (fs::path(ZILA_SOURCE_DIR) / "geodata" / "aliases.csv").string();
  // GeoNames' populated places of Pakistan, when geodata/fetch.sh has extracted them.
  const fs::path gazetteer = fs::path(ZILA_SOURCE_DIR) / "geodata" / "cache" / "gazetteer-PK.csv";
  if (fs::exists(gazetteer)) options.gazetteer_paths.push_back(gazetteer.string());
  return options;
}

void add_data_flags(CLI::App& command, PipelineOptions& options) {
  auto* group = command.add_option_group("Data");
  group->add_option("--boundaries", options.boundaries.path, "District polygons: any vector dataset GDAL reads")->capture_default_str();
  group->add_option("--layer", options.boundaries.layer, "Boundary layer (default: the first with polygons)");
  group->add_option("--name-field", options.boundaries.name_field, "District name field (default: auto, e.g. shapeName, ADM2_EN, NAME_2)");
  group->add_option("--provinces", options.parents_path, "Province polygons, to name each district's province ('' for none)")->capture_default_str();
  group->add_option("--crs", options.boundaries.display_crs, "Display CRS (PROJ string or EPSG:n; default: fitted Albers equal-area)");
  group->add_option_function<std::vector<std::string>>("--events", [&options](const std::vector<std::string>& paths) {
        options.events.path = paths.front();
        options.events.citation.clear();
        options.more_events.clear();
        for (size_t i = 1; i < paths.size(); ++i) options.more_events.push_back({}), options.more_events.back().path = paths[i];
      }, "Event table: CSV, XLSX, ODS, GeoPackage, Shapefile, ...; repeat for several, each with its own "
         "category as PATH:incident|operation|other (e.g. --events attacks.csv:incident --events strikes.csv:operation)")
      ->default_str(options.events.path);
  group->add_option("--events-layer", options.events.layer, "Layer or sheet of the event file");
  group->add_option("--events-sql", options.events.sql, "Database sources (PG:...): a query whose rows are the events");
  group->add_flag_callback("--no-push-down", [&options] { options.push_down = false; },
                  "Database sources: read every row through GDAL instead of joining and aggregating in the database");
  group->add_option("--district-column", options.events.columns.place, "Column with the place (district) name");
  group->add_option("--place-fallback", options.events.columns.extra_places, "Columns tried in order when the place column is empty");
  group->add_option("--date-column", options.events.columns.date, "Column with the event date");
  group->add_option_function<std::vector<std::string>>("--date-columns", [&options](const std::vector<std::string>& parts) {
        options.events.columns.date = parts[0];
        options.events.columns.month = parts[1];
        options.events.columns.day_of_month = parts.size() > 2 ? parts[2] : "";
      }, "A date in parts YEAR,MONTH[,DAY] (GTD: iyear,imonth,iday; 0 = unknown, the row's date then known to the "
         "month or year)")
      ->delimiter(',')->expected(2, 3);
  group->add_option("--date-precision-column", options.events.columns.precision,
                    "Column saying how much of the date is known: 1/2/3 (ACLED: day, week, month) or day/week/month/year");
  group->add_option("--date-format", options.events.date_format, "Explicit date format, e.g. %d.%m.%Y")
      ->check(checked_by("FORMAT", [](const std::string& format) {
        if (std::string problem = date_format_problem(format); !problem.empty()) throw Error(problem);
      }));
  group->add_option_function<std::string>("--date-range", [&options](const std::string& range) {
        std::tie(options.events.first_year, options.events.last_year) = parse_year_range(range);
      }, "Plausible years FIRST:LAST; dates outside are rejected")
      ->check(checked_by("FIRST:LAST", parse_year_range))
      ->default_str(fmt::format("{}:{}", options.events.first_year, options.events.last_year));
  group->add_option_function<std::string>("--date-order", [&options](const std::string& order) {
        options.events.date_order = parse_date_order(order);
      }, "Numeric dates: auto, month-first (M/D/Y), day-first (D/M/Y)")
      ->check(CLI::IsMember(accepted_names<DateOrder>()))->default_str(date_order_name(options.events.date_order));
  group->add_option("--category-column", options.events.columns.category, "Column with the event category");
  group->add_option_function<std::vector<std::string>>("--category-map", [&options](const std::vector<std::string>& entries) {
        for (const std::string& entry : entries) add_category_mapping(options.events, entry);
      }, "Map a category value: 'VALUE=incident|operation|other' (repeatable)")
      ->check(checked_by("VALUE=CATEGORY", [](const std::string& entry) {
        EventOptions scratch;
        add_category_mapping(scratch, entry);
      }));
  group->add_option_function<std::string>("--default-category", [&options](const std::string& name) {
        options.events.default_category = parse_category(name);
      }, "Category of rows without one (incident, operation, other)")
      ->check(CLI::IsMember(accepted_names<Category>()));
  group->add_option("--count-column", options.events.columns.count, "Column with the number of events per row (pre-counted rows)");
  group->add_option("--fatalities-column", options.events.columns.fatalities, "Column with fatalities");
  group->add_option("--lon-column", options.events.columns.lon, "Longitude column");
  group->add_option("--lat-column", options.events.columns.lat, "Latitude column");
  group->add_option("--encoding", options.events.encoding,
                    "Text encoding: UTF-8 (default; invalid bytes read as Windows-1252), CP1252, MacRoman, or another "
                    "8-bit encoding iconv knows (ISO-8859-2, KOI8-R, CP1256, ...)")
      ->check(checked_by("ENCODING", [](const std::string& encoding) { to_utf8("", encoding); }));
  group->add_option_function<std::string>("--join", [&options](const std::string& mode) {
        options.join.mode = parse_join_mode(mode);
      }, "Join by name, coords or hybrid (firm names, then coordinates, then guessed names)")
      ->check(CLI::IsMember(accepted_names<JoinMode>()))->default_str(join_mode_name(options.join.mode));
  group->add_option_function<std::string>("--match", [&options](const std::string& level) {
        options.join.match = parse_match_level(level);
      }, "Name matching: strict (exact names and aliases), default (also abbreviations, composites, spelling variants), lenient (also close spellings)")
      ->check(CLI::IsMember(accepted_names<MatchLevel>()))->default_str(match_level_name(options.join.match));
  group->add_option("--snap-km", options.join.snap_km, "Snap points outside every district to the nearest within this distance")
      ->check(checked_by("KM", [](const std::string& text) {
        // CLI::Range lets "nan" through (every comparison with NaN is false).
        const std::optional<double> km = parse_number(text);
        if (!km || !(*km >= 0 && *km <= 1000)) throw Error("'" + text + "' is not a distance from 0 to 1000 km");
      }));
  group->add_option("--aliases", options.aliases_path, "Alias table CSV (alias,district); '' for none")->capture_default_str();
  group->add_option_function<std::vector<std::string>>("--gazetteer", [&options](const std::vector<std::string>& paths) {
        options.gazetteer_paths.insert(options.gazetteer_paths.end(), paths.begin(), paths.end());
      }, "Town and village list (CSV: name,lat,lon), added to geodata/cache/gazetteer-PK.csv (repeatable)");
  group->add_option("--population", options.population.path,
                    "Population table (CSV, XLSX, ...: district, population) for rates per 100,000 people");
  group->add_option("--population-district-column", options.population.name_column, "Its district-name column (default: detected)");
  group->add_option("--population-column", options.population.value_column, "Its population column (default: detected)");
  group->add_option_function<std::string>("--bin", [&options](const std::string& bin) { options.bin = parse_bin(bin); },
                                          "Time bin: day, week, month, quarter, year")
      ->check(CLI::IsMember(accepted_names<Bin>()))->default_str(bin_name(options.bin));
}

void finish_data_flags(PipelineOptions& options) {
  // Every --events table takes the column, date and encoding flags; a ":category" suffix gives its own
  // category to rows without one. Citations belong to the default tables, not to the flags.
  const EventOptions shared = options.events;
  options.events = with_category_suffix(shared, shared.path);
  for (EventOptions& more : options.more_events) {
    std::string citation = more.citation;
    more = with_category_suffix(shared, more.path);
    more.citation = citation;
  }

  // Early, flag-named errors for missing files; GDAL connection strings ("PG:...") are left to GDAL.
  auto require_file = [](const std::string& path, const char* flag) {
    bool looks_like_connection = path.find(':') != std::string::npos && !fs::exists(path);
    if (!path.empty() && !looks_like_connection && !fs::exists(path)) {
      throw Error(std::string(flag) + ": no such file '" + path + "'");
    }
  };
  require_file(options.boundaries.path, "--boundaries");
  require_file(options.events.path, "--events");
  for (const EventOptions& more : options.more_events) require_file(more.path, "--events");
  require_file(options.aliases_path, "--aliases");
  require_file(options.parents_path, "--provinces");
  require_file(options.population.path, "--population");
  for (const std::string& path : options.gazetteer_paths) require_file(path, "--gazetteer");
}

}  // namespace zila
