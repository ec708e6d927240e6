#include "data_flags.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;

// Options whose text needs parsing after CLI11 is done; kept per PipelineOptions instance.
struct PendingFlags {
  std::string bin = "month", join = "hybrid", date_order = "auto", default_category;
  std::vector<std::string> category_map;
};
std::map<const PipelineOptions*, PendingFlags>& pending() {
  static std::map<const PipelineOptions*, PendingFlags> flags;
  return flags;
}

// The first existing file among candidate folders: ZILA_GEODATA_DIR, the fetched copy, ../shared.
std::string find_data_file(const std::vector<fs::path>& folders, const std::string& name) {
  for (const fs::path& folder : folders) {
    if (fs::exists(folder / name)) return (folder / name).string();
  }
  return (folders.back() / name).string();
}

Category parse_category(const std::string& text) {
  if (text == "incident") return Category::incident;
  if (text == "operation") return Category::operation;
  if (text == "other") return Category::other;
  throw Error("unknown category '" + text + "' (incident, operation, other)");
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
  return options;
}

void add_data_flags(CLI::App& command, PipelineOptions& options) {
  PendingFlags& flags = pending()[&options];
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
  group->add_option("--date-order", flags.date_order, "Numeric dates: auto, month-first (M/D/Y), day-first (D/M/Y)")
      ->check(CLI::IsMember({"auto", "month-first", "day-first"}))->capture_default_str();
  group->add_option("--category-column", options.events.columns.category, "Column with the event category");
  group->add_option("--category-map", flags.category_map, "Map a category value: 'VALUE=incident|operation|other' (repeatable)");
  group->add_option("--default-category", flags.default_category, "Category of rows without one (incident, operation, other)");
  group->add_option("--count-column", options.events.columns.count, "Column with the number of events per row (pre-counted rows)");
  group->add_option("--fatalities-column", options.events.columns.fatalities, "Column with fatalities");
  group->add_option("--lon-column", options.events.columns.lon, "Longitude column");
  group->add_option("--lat-column", options.events.columns.lat, "Latitude column");
  group->add_option("--encoding", options.events.encoding, "Text encoding (default: UTF-8, invalid bytes read as Windows-1252)");
  group->add_option("--join", flags.join, "Join by name, coords or hybrid (name first, then coordinates)")
      ->check(CLI::IsMember({"name", "coords", "hybrid"}))->capture_default_str();
  group->add_option("--snap-km", options.join.snap_km, "Snap points outside every district to the nearest within this distance");
  group->add_option("--aliases", options.aliases_path, "Alias table CSV (alias,district); '' for none")->capture_default_str();
  group->add_option("--bin", flags.bin, "Time bin: day, week, month, quarter, year")
      ->check(CLI::IsMember({"day", "week", "month", "quarter", "year"}))->capture_default_str();
}

void finish_data_flags(PipelineOptions& options) {
  PendingFlags& flags = pending()[&options];
  options.bin = parse_bin(flags.bin);
  options.join.mode = parse_join_mode(flags.join);
  options.events.date_order = flags.date_order == "day-first"     ? DateOrder::day_first
                              : flags.date_order == "month-first" ? DateOrder::month_first
                                                                  : DateOrder::automatic;
  if (!flags.default_category.empty()) options.events.default_category = parse_category(flags.default_category);
  for (const std::string& entry : flags.category_map) {
    size_t eq = entry.rfind('=');
    if (eq == std::string::npos) throw Error("--category-map wants VALUE=CATEGORY, got '" + entry + "'");
    std::string value = entry.substr(0, eq);
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    options.events.category_map[value] = parse_category(entry.substr(eq + 1));
  }
}

}  // namespace zila
