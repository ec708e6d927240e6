#include "core/project.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <limits>
#include <type_traits>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/io/postgis_source.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A file path made absolute; a database source (PG:...) kept as given but without its password, which
// a project file never stores (libpq finds it in ~/.pgpass, PGPASSWORD or the service file).
std::string absolute(const std::string& path) {
  if (is_database_source(path)) return without_password(path);
  return path.empty() ? path : fs::absolute(path).lexically_normal().string();
}


json columns_json(const EventColumns& c) {
  return {{"date", c.date}, {"place", c.place}, {"category", c.category}, {"count", c.count},
          {"fatalities", c.fatalities}, {"lon", c.lon}, {"lat", c.lat}, {"extra_places", c.extra_places}};
}

// Reads `key` into `value` when present, so older files keep today's defaults for new keys. A whole
// number must be a JSON integer within the type's range: 1.9e39 or 2.5 for an int is refused, never
// converted (which would be undefined behaviour).
template <class T>
void get(const json& j, const char* key, T& value) {
  if (!j.contains(key)) return;
  const json& v = j.at(key);
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    const bool fits = v.is_number_integer() &&
                      (v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max())
                                              : v.get<int64_t>() >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
                                                    v.get<int64_t>() <= static_cast<int64_t>(std::numeric_limits<T>::max()));
    if (!fits) throw Error(fmt::format("project: '{}' must be a whole number from {} to {}, not {}", key,
                                       std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), v.dump()));
  }
  v.get_to(value);
}
void get_path(const json& j, const char* key, std::string& value, const fs::path& base) {
  get(j, key, value);
  if (!value.empty() && fs::path(value).is_relative() && value.find(':') == std::string::npos)
    value = (base / value).lexically_normal().string();
}

}  // namespace

std::pair<int, int> slide_size_at_dpi(int dpi) {
  return {static_cast<int>(std::lround(13.3333 * dpi)), static_cast<int>(std::lround(7.5 * dpi))};
}

std::pair<int, int> parse_size(const std::string& text, int min_width, int min_height) {
  const Error refusal(fmt::format("size '{}': WIDTHxHEIGHT wanted, each side from {}x{} to {} pixels", text, min_width,
                                  min_height, kMaxPictureSide));
  auto side = [&](std::string_view digits, int min_side) {
    // At most 5 digits: no overflow, and anything longer is over kMaxPictureSide anyway.
    if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string_view::npos)
      throw refusal;
    int value = std::stoi(std::string(digits));
    if (value < min_side || value > kMaxPictureSide) throw refusal;
    return value;
  };
  size_t x = text.find('x');
  if (x == std::string::npos) throw refusal;
  std::string_view view(text);
  return {side(view.substr(0, x), min_width), side(view.substr(x + 1), min_height)};
}

void validate_render_settings(const RenderSettings& s) {
  if (s.width < kMinPictureSide || s.height < kMinPictureSide || s.width > kMaxPictureSide || s.height > kMaxPictureSide)
    throw Error(fmt::format("picture size {}x{}: each side must be from {} to {} pixels", s.width, s.height,
                            kMinPictureSide, kMaxPictureSide));
  if (s.classes.classes < 1 || s.classes.classes > kMaxClasses)
    throw Error(fmt::format("{} colour classes: from 1 to {} wanted", s.classes.classes, kMaxClasses));
  if (s.permutations < 0 || s.permutations > 99999)
    throw Error(fmt::format("{} permutations: from 0 to 99999 wanted", s.permutations));
  if (s.window.rolling_periods < 1)
    throw Error(fmt::format("a rolling window of {} periods: at least 1 wanted", s.window.rolling_periods));
  if (!(s.frame_seconds >= kMinFrameSeconds && s.frame_seconds <= kMaxFrameSeconds))
    throw Error(fmt::format("{} seconds per frame: from {} to {} wanted", s.frame_seconds, kMinFrameSeconds,
                            kMaxFrameSeconds));
  if (!(s.label_settings.density >= 0 && s.label_settings.density <= 1))
    throw Error(fmt::format("label density {}: from 0 to 1 wanted", s.label_settings.density));
}

std::string project_json(const Project& p) {
  const PipelineOptions& d = p.data;
  json aliases = json::array();
  for (const AliasEntry& a : d.extra_aliases) aliases.push_back({{"alias", a.alias}, {"district", a.district}});
  json category_map = json::object();
  for (const auto& [value, category] : d.events.category_map) category_map[value] = category_name(category);
  json more_events = json::array();  // further tables: read with the first one's settings
  for (const EventOptions& e : d.more_events) {
    more_events.push_back({{"path", absolute(e.path)}, {"default_category", category_name(e.default_category)},
                           {"citation", e.citation}});
  }
  const RenderSettings& r = p.render;
  json j = {
      {"zila_project", 1},
      {"data",
       {{"boundaries", {{"path", absolute(d.boundaries.path)}, {"layer", d.boundaries.layer},
                        {"name_field", d.boundaries.name_field}, {"display_crs", d.boundaries.display_crs}}},
        {"provinces", absolute(d.parents_path)},
        {"events", {{"path", absolute(d.events.path)}, {"layer", d.events.layer}, {"sql", d.events.sql}, {"columns", columns_json(d.events.columns)},
                    {"date_order", date_order_name(d.events.date_order)}, {"date_format", d.events.date_format},
                    {"encoding", d.events.encoding}, {"category_map", category_map},
                    {"default_category", category_name(d.events.default_category)}, {"citation", d.events.citation}}},
        {"more_events", more_events},
        {"join", {{"mode", join_mode_name(d.join.mode)}, {"snap_km", d.join.snap_km}}},
        {"aliases", absolute(d.aliases_path)},
        {"extra_aliases", aliases},
        {"bin", bin_name(d.bin)}}},
      {"view",
       {{"mode", map_mode_name(r.mode)}, {"class_scope", name_cstr(r.class_scope)},
        {"permutations", r.permutations}, {"false_discovery_rate", r.false_discovery_rate},
        {"change_percent", r.change_percent},
        {"period", r.period}, {"window", name_cstr(r.window.mode)}, {"rolling_periods", r.window.rolling_periods},
        {"metric", metric_name(r.metric)},
        {"classification", {{"method", class_method_name(r.classes.method)}, {"classes", r.classes.classes},
                            {"zero_class", r.classes.zero_class}, {"manual_breaks", r.classes.manual_breaks}}},
        {"ramp", r.ramp}, {"extent", r.extent}, {"title", r.title}, {"subtitle", r.subtitle}, {"source", r.source},
        {"labels", r.labels}, {"inset", r.inset}, {"countries", absolute(r.countries)},
        {"label_density", r.label_settings.density}, {"label_pinned", r.label_settings.pinned},
        {"label_hidden", r.label_settings.hidden}}},
      {"export", {{"width", r.width}, {"height", r.height}, {"out", absolute(r.out)}, {"all_periods", r.all_periods},
                  {"gif", r.gif}, {"mp4", r.mp4}, {"frame_seconds", r.frame_seconds}}}};
  return j.dump(2) + "\n";
}

void save_project(const Project& project, const std::string& path) {
  OutputFile file(path);
  file.stream() << project_json(project);
  file.commit();
}

Project load_project(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(fmt::format("cannot open project '{}'", path));
  fs::path base = fs::absolute(path).parent_path();
  Project p;
  try {
    json j = json::parse(file);
    if (!j.contains("zila_project")) throw Error("not a Zila project (no \"zila_project\" key)");
    const json& d = j.at("data");
    PipelineOptions& o = p.data;
    const json& b = d.at("boundaries");
    get_path(b, "path", o.boundaries.path, base);
    get(b, "layer", o.boundaries.layer);
    get(b, "name_field", o.boundaries.name_field);
    get(b, "display_crs", o.boundaries.display_crs);
    get_path(d, "provinces", o.parents_path, base);
    const json& e = d.at("events");
    get_path(e, "path", o.events.path, base);
    get(e, "layer", o.events.layer);
    get(e, "sql", o.events.sql);
    if (e.contains("columns")) {
      const json& c = e.at("columns");
      EventColumns& col = o.events.columns;
      get(c, "date", col.date), get(c, "place", col.place), get(c, "category", col.category), get(c, "count", col.count);
      get(c, "fatalities", col.fatalities), get(c, "lon", col.lon), get(c, "lat", col.lat);
      get(c, "extra_places", col.extra_places);
    }
    if (e.contains("date_order")) o.events.date_order = parse_date_order(e.at("date_order").get<std::string>());
    get(e, "date_format", o.events.date_format);
    get(e, "encoding", o.events.encoding);
    if (e.contains("category_map"))
      for (const auto& [value, category] : e.at("category_map").items())
        o.events.category_map[value] = parse_category(category.get<std::string>());
    if (e.contains("default_category")) o.events.default_category = parse_category(e.at("default_category").get<std::string>());
    get(e, "citation", o.events.citation);
    if (d.contains("more_events")) {
      for (const json& m : d.at("more_events")) {
        EventOptions& more = o.more_events.emplace_back(o.events);
        get_path(m, "path", more.path, base);
        more.default_category = parse_category(m.at("default_category").get<std::string>());
        more.citation.clear();
        get(m, "citation", more.citation);
      }
    }
    if (d.contains("join")) {
      o.join.mode = parse_join_mode(d.at("join").value("mode", std::string("hybrid")));
      get(d.at("join"), "snap_km", o.join.snap_km);
    }
    get_path(d, "aliases", o.aliases_path, base);
    if (d.contains("extra_aliases"))
      for (const json& a : d.at("extra_aliases")) o.extra_aliases.push_back({a.at("alias"), a.at("district")});
    if (d.contains("bin")) o.bin = parse_bin(d.at("bin").get<std::string>());

    RenderSettings& r = p.render;
    if (j.contains("view")) {
      const json& v = j.at("view");
      if (v.contains("mode")) r.mode = parse_map_mode(v.at("mode").get<std::string>());
      if (v.contains("class_scope")) r.class_scope = parse_enum<LegendMode>(v.at("class_scope").get<std::string>(), "class scope");
      get(v, "permutations", r.permutations), get(v, "false_discovery_rate", r.false_discovery_rate);
      get(v, "change_percent", r.change_percent);
      get(v, "period", r.period);
      if (v.contains("window")) r.window.mode = parse_enum<WindowMode>(v.at("window").get<std::string>(), "window");
      get(v, "rolling_periods", r.window.rolling_periods);
      if (v.contains("metric")) r.metric = parse_metric(v.at("metric").get<std::string>());
      if (v.contains("classification")) {
        const json& c = v.at("classification");
        if (c.contains("method")) r.classes.method = parse_class_method(c.at("method").get<std::string>());
        get(c, "classes", r.classes.classes), get(c, "zero_class", r.classes.zero_class);
        get(c, "manual_breaks", r.classes.manual_breaks);
      }
      get(v, "ramp", r.ramp), get(v, "extent", r.extent), get(v, "title", r.title);
      get(v, "subtitle", r.subtitle), get(v, "source", r.source), get(v, "labels", r.labels);
      get(v, "inset", r.inset), get_path(v, "countries", r.countries, base);
      get(v, "label_density", r.label_settings.density), get(v, "label_pinned", r.label_settings.pinned);
      get(v, "label_hidden", r.label_settings.hidden);
    }
    if (j.contains("export")) {
      const json& x = j.at("export");
      get(x, "width", r.width), get(x, "height", r.height), get_path(x, "out", r.out, base);
      get(x, "all_periods", r.all_periods), get(x, "gif", r.gif), get(x, "mp4", r.mp4);
      get(x, "frame_seconds", r.frame_seconds);
    }
  } catch (const json::exception& e) {
    throw Error(fmt::format("project '{}': {}", path, e.what()));
  } catch (const Error& e) {
    throw Error(fmt::format("project '{}': {}", path, e.what()));
  }
  return p;
}

}  // namespace zila
