#include "core/report.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <map>

#include "core/io/csv_field.hpp"
#include "core/io/event_columns.hpp"

namespace zila {

namespace {

std::string number(double value) { return value == std::floor(value) ? fmt::format("{:.0f}", value) : fmt::format("{:.2f}", value); }

// Rows whose date is coarser than the cube's bin (see bin_fits_precision) are rejected by the bin, not
// the reader: the join places them, the cube cannot count them. The accounting here moves them from
// joined/unmatched to rejected, each with its reason, so that every row is still counted once.
std::string bin_rejection_reason(DatePrecision precision) {
  return fmt::format("date known only to the {}; bin is finer", date_precision_name(precision));
}

bool rejected_by_bin(const Dataset& data, size_t i) {
  return !bin_fits_precision(data.cube.bin, data.events.date_precision(i));
}

// One source's share of the row accounting: its accepted rows are joined or unmatched, the rest rejected.
struct SourceAccount {
  uint64_t joined = 0, unmatched = 0, rejected = 0, rejected_by_bin = 0;
};

SourceAccount account(const EventSource& source, const Dataset& data) {
  const JoinResult& join = data.join;
  SourceAccount a;
  for (size_t i = source.first_event; i < source.first_event + source.events; ++i) {
    if (rejected_by_bin(data, i)) ++a.rejected_by_bin;
    else ++(join.district[i] >= 0 ? a.joined : a.unmatched);
  }
  a.rejected = source.rows_read - source.events + a.rejected_by_bin;
  return a;
}

// The whole table's accounting with the bin's rejections (join's own counts know nothing of the bin).
struct Accounting {
  uint64_t joined = 0, unmatched = 0, rejected = 0;
  std::array<uint64_t, kJoinMethodCount> by_method{};
  std::map<std::string, uint64_t> bin_reasons;
  std::array<uint64_t, kDatePrecisionCount> precision{};  // accepted rows by date precision
  int32_t first_day = INT32_MAX, last_day = INT32_MIN;    // accepted rows' dates
};

Accounting account(const Dataset& data) {
  const JoinResult& join = data.join;
  Accounting a;
  a.joined = join.joined, a.unmatched = join.unmatched, a.rejected = join.rejected, a.by_method = join.rows_by_method;
  for (size_t i = 0; i < data.events.size() && i < join.district.size(); ++i) {
    const DatePrecision precision = data.events.date_precision(i);
    ++a.precision[static_cast<size_t>(precision)];
    a.first_day = std::min(a.first_day, data.events.day[i]);
    a.last_day = std::max(a.last_day, data.events.day[i]);
    if (!rejected_by_bin(data, i)) continue;
    --(join.district[i] >= 0 ? a.joined : a.unmatched);
    if (i < join.row_methods.size()) --a.by_method[static_cast<size_t>(join.method_of(data.events, i))];
    ++a.rejected;
    ++a.bin_reasons[bin_rejection_reason(precision)];
  }
  return a;
}

std::string columns_text(const EventColumns& c) {
  std::vector<std::string> parts;
  auto add = [&](const char* role, const std::string& column) {
    if (!column.empty()) parts.push_back(fmt::format("{} '{}'", role, column));
  };
  add("date", date_columns_label(c));
  add("date precision", c.precision);
  add("place", c.place);
  for (const std::string& extra : c.extra_places) add("then", extra);
  if (!c.lon.empty()) parts.push_back(fmt::format("coordinates '{}'/'{}'", c.lon, c.lat));
  add("category", c.category);
  add("count", c.count);
  add("fatalities", c.fatalities);
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string precision_mix(const Accounting& a) {
  std::vector<std::string> parts;
  for (int p = 0; p < kDatePrecisionCount; ++p) {
    if (a.precision[static_cast<size_t>(p)]) {
      parts.push_back(fmt::format("{} to the {}", a.precision[static_cast<size_t>(p)], date_precision_name(static_cast<DatePrecision>(p))));
    }
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

void write_long_csv(std::ostream& out, const Dataset& data, bool include_zeros) {
  const Cube& cube = data.cube;
  out << "district,period,events,incidents,operations,others,fatalities\n";
  std::string line;
  for (size_t d = 0; d < cube.district_count; ++d) {
    std::string district = csv_text_field(data.boundaries.names[d]);
    for (size_t p = 0; p < cube.period_count(); ++p) {
      double events = cube.at(Metric::events, p, d);
      double fatalities = cube.at(Metric::fatalities, p, d);
      if (!include_zeros && events == 0 && fatalities == 0) continue;
      line = fmt::format("{},{},{},{},{},{},{}\n", district, period_label(cube.bin, cube.period_starts[p]), number(events),
                         number(cube.at(Metric::incidents, p, d)), number(cube.at(Metric::operations, p, d)),
                         number(cube.at(Metric::others, p, d)), number(fatalities));
      out << line;
    }
  }
}

nlohmann::json join_report_json(const Dataset& data, const PipelineOptions& options) {
  const JoinResult& join = data.join;
  const EventTable& events = data.events;
  nlohmann::json report;
  report["events_file"] = events.source;
  report["boundaries_file"] = data.boundaries.source;
  report["boundaries_layer"] = data.boundaries.layer;
  report["name_field"] = data.boundaries.name_field;
  report["districts"] = data.boundaries.size();
  report["join_mode"] = join_mode_name(options.join.mode);
  report["match"] = match_level_name(options.join.match);
  report["aliases_file"] = options.aliases_path;
  const Accounting totals = account(data);
  const EventColumns& c = events.columns;
  report["columns"] = {{"date", c.date},   {"place", c.place}, {"category", c.category}, {"count", c.count},
                       {"fatalities", c.fatalities}, {"lon", c.lon}, {"lat", c.lat}, {"extra_places", c.extra_places},
                       {"month", c.month}, {"day_of_month", c.day_of_month}, {"precision", c.precision}};
  nlohmann::json sources = nlohmann::json::array();
  for (const EventSource& source : events.sources) {
    const SourceAccount a = account(source, data);
    const EventColumns& sc = source.columns;
    sources.push_back({{"path", source.path}, {"citation", source.citation},
                       {"default_category", category_name(source.default_category)},
                       {"columns", {{"date", sc.date}, {"place", sc.place}, {"category", sc.category}, {"count", sc.count},
                                    {"fatalities", sc.fatalities}, {"lon", sc.lon}, {"lat", sc.lat},
                                    {"month", sc.month}, {"day_of_month", sc.day_of_month}, {"precision", sc.precision}}},
                       {"layer", source.layer}, {"column_choice", source.detection}, {"blank_rows", source.blank_rows},
                       {"first_row", source.first_row}, {"rows_read", source.rows_read}, {"joined", a.joined},
                       {"unmatched", a.unmatched}, {"rejected", a.rejected}, {"rejected_by_bin", a.rejected_by_bin}});
  }
  report["sources"] = sources;
  report["rows_read"] = join.rows_read;
  report["blank_rows"] = events.blank_rows;
  report["joined"] = totals.joined;
  report["unmatched"] = totals.unmatched;
  report["rejected"] = totals.rejected;
  report["accounted"] = totals.joined + totals.unmatched + totals.rejected == join.rows_read;
  nlohmann::json precision = nlohmann::json::object();
  for (int p = 0; p < kDatePrecisionCount; ++p) {
    precision[date_precision_name(static_cast<DatePrecision>(p))] = totals.precision[static_cast<size_t>(p)];
  }
  report["date_precision"] = precision;
  report["first_date"] = totals.first_day <= totals.last_day ? format_iso_date(totals.first_day) : "";
  report["last_date"] = totals.first_day <= totals.last_day ? format_iso_date(totals.last_day) : "";
  report["events_joined"] = join.events_joined;
  report["events_unmatched"] = join.events_unmatched;
  nlohmann::json by_method = nlohmann::json::object();
  for (int m = 0; m < kJoinMethodCount; ++m) by_method[join_method_name(static_cast<JoinMethod>(m))] = totals.by_method[static_cast<size_t>(m)];
  report["by_method"] = by_method;
  report["points_outside"] = join.points_outside;
  report["points_swapped"] = join.points_swapped;
  nlohmann::json unmatched = nlohmann::json::array();
  for (const UnmatchedName& u : join.unmatched_names) {
    unmatched.push_back({{"name", u.name}, {"spellings", u.spellings}, {"reason", unmatched_reason_text(u.reason)},
                         {"rows", u.rows}, {"events", u.events}, {"suggestions", u.suggestions}});
  }
  report["unmatched_names"] = unmatched;
  std::map<std::string, uint64_t> reasons;
  nlohmann::json rejected = nlohmann::json::array();
  for (const RejectedRow& r : events.rejected) {
    auto [source, file_row] = events.locate_row(r.row);
    rejected.push_back({{"row", r.row}, {"source", source}, {"file_row", file_row}, {"reason", r.reason}, {"rows", r.rows}});
    reasons[r.reason.substr(0, r.reason.find(" '"))] += r.rows;
  }
  for (size_t i = 0; i < events.size() && i < join.district.size(); ++i) {
    if (!rejected_by_bin(data, i)) continue;
    const uint64_t row = events.source_row(i);
    auto [source, file_row] = events.locate_row(row);
    rejected.push_back({{"row", row}, {"source", source}, {"file_row", file_row},
                        {"reason", bin_rejection_reason(events.date_precision(i))}, {"rows", 1}});
  }
  for (const auto& [reason, n] : totals.bin_reasons) reasons[reason] += n;
  report["rejected_rows"] = rejected;
  report["rejected_reasons"] = reasons;
  nlohmann::json disagreements = nlohmann::json::array();
  for (const auto& d : join.disagreements) {
    disagreements.push_back({{"row", d.row}, {"place", d.place}, {"by_name", d.by_name},
                             {"name_method", join_method_name(d.name_method)},
                             {"by_coordinates", d.by_coords.empty() ? nlohmann::json() : nlohmann::json(d.by_coords)},
                             {"distance_km", std::round(d.distance_km * 10) / 10},
                             {"used", d.name_used ? "name" : d.by_coords.empty() ? "neither" : "coordinates"},
                             {"near_misplaced_seat", d.misplaced_seat >= 0
                                                         ? nlohmann::json(join.misplaced_seats[static_cast<size_t>(d.misplaced_seat)].place)
                                                         : nlohmann::json()}});
  }
  report["disagreement_rows"] = join.disagreement_rows;
  report["coordinates_won"] = join.coordinates_won;
  report["names_refused"] = join.names_refused;
  report["disagreements"] = disagreements;
  report["disagreements_listed_max"] = JoinResult::kMaxListedDisagreements;
  // The boundary check against the gazetteer, and the coordinate joins it casts doubt on.
  nlohmann::json seats = nlohmann::json::array();
  for (const MisplacedSeat& seat : join.misplaced_seats) {
    seats.push_back({{"place", seat.place}, {"lat", seat.lat}, {"lon", seat.lon},
                     {"names_district", data.boundaries.names[static_cast<size_t>(seat.named_district)]},
                     {"lies_in", data.boundaries.names[static_cast<size_t>(seat.containing_district)]},
                     {"km_outside", std::round(seat.km_outside * 10) / 10}});
  }
  report["misplaced_seats"] = seats;
  nlohmann::json near_seats = nlohmann::json::array();
  for (const JoinResult::NearSeat& near : join.near_seats) {
    const MisplacedSeat& seat = join.misplaced_seats[near.seat];
    const auto [source, file_row] = events.locate_row(near.row);
    near_seats.push_back({{"row", near.row}, {"source", source}, {"file_row", file_row}, {"place", near.place},
                          {"district", data.boundaries.names[static_cast<size_t>(seat.containing_district)]},
                          {"seat", seat.place}, {"seat_district", data.boundaries.names[static_cast<size_t>(seat.named_district)]},
                          {"distance_km", std::round(near.distance_km * 10) / 10}});
  }
  report["near_seat_rows"] = join.near_seat_rows;
  report["near_seats"] = near_seats;
  report["problems"] = problems_json(data.problems);
  report["problem_summary"] = data.problems.summary();
  report["periods"] = data.cube.period_count();
  report["bin"] = bin_name(data.cube.bin);
  return report;
}

std::string join_summary(const Dataset& data, size_t max_names) {
  const JoinResult& join = data.join;
  const Accounting totals = account(data);
  std::string methods;
  for (int m = 0; m < kJoinMethodCount; ++m) {
    uint64_t n = totals.by_method[static_cast<size_t>(m)];
    if (n && static_cast<JoinMethod>(m) != JoinMethod::unmatched) {
      methods += fmt::format("{}{} {}", methods.empty() ? "" : ", ", join_method_name(static_cast<JoinMethod>(m)), n);
    }
  }
  std::string out = fmt::format("{}: {} rows read = {} joined ({}) + {} unmatched + {} rejected{}\n", data.events.source,
                                join.rows_read, totals.joined, methods.empty() ? "none" : methods, totals.unmatched,
                                totals.rejected,
                                data.events.blank_rows ? fmt::format("; {} blank rows after the last row skipped", data.events.blank_rows) : "");
  for (const EventSource& source : data.events.sources) {
    const SourceAccount a = account(source, data);
    if (data.events.sources.size() > 1) {
      out += fmt::format("  {} ({}s without a category): {} rows = {} joined + {} unmatched + {} rejected\n", source.path,
                         category_name(source.default_category), source.rows_read, a.joined, a.unmatched, a.rejected);
    }
    if (!source.layer.empty()) {
      const bool workbook = source.path.ends_with(".xlsx") || source.path.ends_with(".ods") || source.path.ends_with(".xlsm") ||
                            source.path.ends_with(".XLSX") || source.path.ends_with(".ODS");
      out += fmt::format("  {}: '{}'\n", workbook ? "sheet" : "layer", source.layer);
    }
    out += fmt::format("  columns: {}\n", columns_text(source.columns));
    if (!source.detection.empty()) out += fmt::format("  chosen: {}\n", source.detection);
  }
  if (totals.first_day <= totals.last_day) {
    out += fmt::format("  dates {} to {}; known {}\n", format_iso_date(totals.first_day), format_iso_date(totals.last_day),
                       precision_mix(totals));
  }
  if (join.events_unmatched) out += fmt::format("  {} events could not be mapped\n", join.events_unmatched);
  for (size_t i = 0; i < join.unmatched_names.size() && i < max_names; ++i) {
    const UnmatchedName& u = join.unmatched_names[i];
    out += fmt::format("  unmatched '{}': {} row{}", u.name, u.rows, u.rows == 1 ? "" : "s");
    if (u.spellings.size() > 1) out += fmt::format(" (also spelt {})", fmt::join(u.spellings.begin() + 1, u.spellings.end(), ", "));
    if (u.reason != UnmatchedReason::not_resolved) out += fmt::format(", {}", unmatched_reason_text(u.reason));
    if (!u.suggestions.empty()) out += fmt::format(" (did you mean {}?)", fmt::join(u.suggestions, ", "));
    out += "\n";
  }
  if (join.unmatched_names.size() > max_names) out += fmt::format("  ... {} more unmatched names\n", join.unmatched_names.size() - max_names);
  // The readers' rejections are in the problem listing; rows rejected for a bin finer than their date are the join's.
  for (const auto& [reason, n] : totals.bin_reasons) {
    out += fmt::format("  rejected: {} (--bin {}; a coarser bin counts them) ({} row{})\n", reason, bin_name(data.cube.bin), n,
                       n == 1 ? "" : "s");
  }
  if (join.points_outside) out += fmt::format("  {} rows have coordinates outside every district\n", join.points_outside);
  if (join.points_swapped) out += fmt::format("  {} rows placed after swapping latitude and longitude\n", join.points_swapped);
  if (join.disagreement_rows) {
    out += fmt::format("  {} rows: the name and the coordinates point to different districts ({} placed by a firm name, "
                       "{} by coordinates over a guessed name)\n",
                       join.disagreement_rows, join.disagreement_rows - join.coordinates_won, join.coordinates_won);
  }
  if (join.names_refused) out += fmt::format("  {} rows: a guessed name refused, its point lies elsewhere\n", join.names_refused);
  const auto kept_by_seat = std::count_if(join.disagreements.begin(), join.disagreements.end(),
                                          [](const JoinResult::Disagreement& d) { return d.misplaced_seat >= 0; });
  if (kept_by_seat) {
    out += fmt::format("  {} of the disagreeing rows: a firm name kept over a point near its district's seat that the boundary file "
                       "puts in the neighbour (Bannu's rows in the North Waziristan polygon)\n",
                       kept_by_seat);
  }
  if (join.near_seat_rows) {
    out += fmt::format("  {} rows joined by coordinates near a district seat that the boundary file puts in another "
                       "district (see the boundary problems; they may belong to the seat's district)\n",
                       join.near_seat_rows);
  }
  // The join's own problems are the lines above; every other stage's follow.
  return out + problems_listing(data.problems, 10, Stage::join);
}

nlohmann::json problems_json(const ProblemReport& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const Problem& p : problems.all()) {
    list.push_back({{"severity", name_of(p.severity)}, {"stage", name_of(p.stage)}, {"source", p.source},
                    {"where", p.where}, {"message", p.message}});
  }
  return list;
}

std::string problems_listing(const ProblemReport& problems, size_t per_stage, std::optional<Stage> listed_elsewhere) {
  std::string out = fmt::format("problems: {}\n", problems.summary());
  for (Stage stage : enum_values<Stage>()) {
    if (stage == listed_elsewhere) continue;
    size_t shown = 0, of_stage = problems.count(stage);
    for (const Problem& p : problems.all()) {
      if (p.stage != stage || shown == per_stage) continue;
      out += fmt::format("  {} {}: {}\n", name_of(p.severity), name_of(stage), p.text());
      ++shown;
    }
    if (of_stage > shown) out += fmt::format("  ... {} more {} problems (all in the join report's \"problems\")\n", of_stage - shown, name_of(stage));
  }
  return out;
}

std::string nothing_joined_reason(const Dataset& data) {
  const Accounting totals = account(data);
  const uint64_t rows = data.join.rows_read;
  if (totals.joined > 0) return {};
  if (rows == 0) return fmt::format("{}: no rows to read", data.events.source);
  // The most frequent reason names the problem: a wrong column, a bin finer than the dates, ...
  std::map<std::string, uint64_t> reasons;
  for (const RejectedRow& r : data.events.rejected) reasons[r.reason] += r.rows;
  for (const auto& [reason, n] : totals.bin_reasons) reasons[reason] += n;
  auto most = std::max_element(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::string why;
  if (totals.rejected == rows && most != reasons.end()) {
    why = fmt::format("all {} rows rejected, {} of them: {}", rows, most->second, most->first);
    if (!totals.bin_reasons.empty()) why += fmt::format(" (--bin {} is finer than the dates: use a coarser --bin, or give "
                                                        "the month and day columns with --date-columns YEAR,MONTH,DAY)",
                                                        bin_name(data.cube.bin));
  } else {
    why = fmt::format("none of the {} rows was placed in a district ({} unmatched, {} rejected); see the unmatched names "
                      "and --district-column, --lon-column/--lat-column, --aliases",
                      rows, totals.unmatched, totals.rejected);
  }
  return fmt::format("{}: nothing joined: {}", data.events.source, why);
}

}  // namespace zila
