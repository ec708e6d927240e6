#include "data_flags.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"

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
  if (eq == std::string::npos) throw Error("--category-map wants VALUE=CATEGORY, got '" + entry + "'");
  std::string value = entry.substr(0, eq);
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  events.category_map[value] = parse_category(entry.substr(eq + 1));
}

}  // namespace

PipelineOptions default_pipeline_options() {
  std::vector<fs::path> geodata_folders;
  if (const char* env = std::getenv("ZILA_GEODATA_DIR")) geodata_folders.emplace_back(env);
  geodata_folders.emplace_back(fs::path(ZILA_SOURCE_DIR) / "geodata" / "cache");
  geodata_folders.emplace_back(fs::path(ZILA_SOURCE_DIR) / ".." / "shared" / "geodata" / "pak");
  PipelineOptions options;
  options.boundaries.path = find_data_file(geodata_folders, "geoBoundaries-PAK-ADM2_simplified.geojson");
  options.parents_path = find_data_file(geodata_folders, "geoBoundaries-PAK-ADM1_simplified.geojson");
  options.events.path = (fs::path(ZILA_SOURCE_DIR) / "assets" / "reported_district_events_2024_2025.csv").string();
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
  group->add_option("--events", options.events.path, "Event table: CSV, XLSX, ODS, GeoPackage, Shapefile, ...")->capture_default_str();
  group->add_option("--events-layer", options.events.layer, "Layer or sheet of the event file");
  group->add_option("--district-column", options.events.columns.place, "Column with the place (district) name");
  group->add_option("--place-fallback", options.events.columns.extra_places, "Columns tried in order when the place column is empty");
  group->add_option("--date-column", options.events.columns.date, "Column with the event date");
  group->add_option("--date-format", options.events.date_format, "Explicit date format, e.g. %d.%m.%Y");
  group->add_option_function<std::string>("--date-order", [&options](const std::string& order) {
        options.events.date_order = parse_date_order(order);
      }, "Numeric dates: auto, month-first (M/D/Y), day-first (D/M/Y)")
      ->check(CLI::IsMember({"auto", "month-first", "day-first"}))->default_str("auto");
  group->add_option("--category-column", options.events.columns.category, "Column with the event category");
  group->add_option_function<std::vector<std::string>>("--category-map", [&options](const std::vector<std::string>& entries) {
        for (const std::string& entry : entries) add_category_mapping(options.events, entry);
      }, "Map a category value: 'VALUE=incident|operation|other' (repeatable)");
  group->add_option_function<std::string>("--default-category", [&options](const std::string& name) {
        options.events.default_category = parse_category(name);
      }, "Category of rows without one (incident, operation, other)")
      ->check(CLI::IsMember({"incident", "operation", "other"}));
  group->add_option("--count-column", options.events.columns.count, "Column with the number of events per row (pre-counted rows)");
  group->add_option("--fatalities-column", options.events.columns.fatalities, "Column with fatalities");
  group->add_option("--lon-column", options.events.columns.lon, "Longitude column");
  group->add_option("--lat-column", options.events.columns.lat, "Latitude column");
  group->add_option("--encoding", options.events.encoding, "Text encoding (default: UTF-8, invalid bytes read as Windows-1252)");
  group->add_option_function<std::string>("--join", [&options](const std::string& mode) {
        options.join.mode = parse_join_mode(mode);
      }, "Join by name, coords or hybrid (firm names, then coordinates, then guessed names)")
      ->check(CLI::IsMember({"name", "coords", "hybrid"}))->default_str(join_mode_name(options.join.mode));
  group->add_option_function<std::string>("--match", [&options](const std::string& level) {
        options.join.match = parse_match_level(level);
      }, "Name matching: strict (exact names and aliases), default (also abbreviations, composites, spelling variants), lenient (also close spellings)")
      ->check(CLI::IsMember({"strict", "default", "lenient"}))->default_str(match_level_name(options.join.match));
  group->add_option("--snap-km", options.join.snap_km, "Snap points outside every district to the nearest within this distance");
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
      ->check(CLI::IsMember({"day", "week", "month", "quarter", "year"}))->default_str(bin_name(options.bin));
}

void finish_data_flags(PipelineOptions& options) {
  // Early, flag-named errors for missing files; GDAL connection strings ("PG:...") are left to GDAL.
  auto require_file = [](const std::string& path, const char* flag) {
    bool looks_like_connection = path.find(':') != std::string::npos && !fs::exists(path);
    if (!path.empty() && !looks_like_connection && !fs::exists(path)) {
      throw Error(std::string(flag) + ": no such file '" + path + "'");
    }
  };
  require_file(options.boundaries.path, "--boundaries");
  require_file(options.events.path, "--events");
  require_file(options.aliases_path, "--aliases");
  require_file(options.parents_path, "--provinces");
  require_file(options.population.path, "--population");
  for (const std::string& path : options.gazetteer_paths) require_file(path, "--gazetteer");
}

}  // namespace zila
