#include "core/report.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/io/csv_field.hpp"

namespace zila {

namespace {

std::string number(double value) { return value == std::floor(value) ? fmt::format("{:.0f}", value) : fmt::format("{:.2f}", value); }

// One source's share of the row accounting: its accepted rows are joined or unmatched, the rest rejected.
struct SourceAccount {
  uint64_t joined = 0, unmatched = 0, rejected = 0;
};

SourceAccount account(const EventSource& source, const JoinResult& join) {
  SourceAccount a;
  for (size_t i = source.first_event; i < source.first_event + source.events; ++i) ++(join.district[i] >= 0 ? a.joined : a.unmatched);
  a.rejected = source.rows_read - source.events;
  return a;
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
  const EventColumns& c = events.columns;
  report["columns"] = {{"date", c.date},   {"place", c.place}, {"category", c.category}, {"count", c.count},
                       {"fatalities", c.fatalities}, {"lon", c.lon}, {"lat", c.lat}, {"extra_places", c.extra_places}};
  nlohmann::json sources = nlohmann::json::array();
  for (const EventSource& source : events.sources) {
    const SourceAccount a = account(source, join);
    const EventColumns& sc = source.columns;
    sources.push_back({{"path", source.path}, {"citation", source.citation},
                       {"default_category", category_name(source.default_category)},
                       {"columns", {{"date", sc.date}, {"place", sc.place}, {"category", sc.category}, {"count", sc.count},
                                    {"fatalities", sc.fatalities}, {"lon", sc.lon}, {"lat", sc.lat}}},
                       {"first_row", source.first_row}, {"rows_read", source.rows_read}, {"joined", a.joined},
                       {"unmatched", a.unmatched}, {"rejected", a.rejected}});
  }
  report["sources"] = sources;
  report["rows_read"] = join.rows_read;
  report["joined"] = join.joined;
  report["unmatched"] = join.unmatched;
  report["rejected"] = join.rejected;
  report["accounted"] = join.joined + join.unmatched + join.rejected == join.rows_read;
  report["events_joined"] = join.events_joined;
  report["events_unmatched"] = join.events_unmatched;
  nlohmann::json by_method = nlohmann::json::object();
  for (int m = 0; m < kJoinMethodCount; ++m) by_method[join_method_name(static_cast<JoinMethod>(m))] = join.rows_by_method[static_cast<size_t>(m)];
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
    rejected.push_back({{"row", r.row}, {"source", source}, {"file_row", file_row}, {"reason", r.reason}});
    ++reasons[r.reason.substr(0, r.reason.find(" '"))];
  }
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
  report["warnings"] = events.warnings;
  report["notes"] = data.notes;
  report["boundary_messages"] = data.boundaries.messages;
  report["periods"] = data.cube.period_count();
  report["bin"] = bin_name(data.cube.bin);
  return report;
}

std::string join_summary(const Dataset& data, size_t max_names) {
  const JoinResult& join = data.join;
  std::string methods;
  for (int m = 0; m < kJoinMethodCount; ++m) {
    uint64_t n = join.rows_by_method[static_cast<size_t>(m)];
    if (n && static_cast<JoinMethod>(m) != JoinMethod::unmatched) {
      methods += fmt::format("{}{} {}", methods.empty() ? "" : ", ", join_method_name(static_cast<JoinMethod>(m)), n);
    }
  }
  std::string out = fmt::format("{}: {} rows read = {} joined ({}) + {} unmatched + {} rejected\n", data.events.source,
                                join.rows_read, join.joined, methods.empty() ? "none" : methods, join.unmatched, join.rejected);
  if (data.events.sources.size() > 1) {
    for (const EventSource& source : data.events.sources) {
      const SourceAccount a = account(source, join);
      out += fmt::format("  {} ({}s without a category): {} rows = {} joined + {} unmatched + {} rejected\n", source.path,
                         category_name(source.default_category), source.rows_read, a.joined, a.unmatched, a.rejected);
    }
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
  std::map<std::string, uint64_t> reasons;
  for (const RejectedRow& r : data.events.rejected) ++reasons[r.reason.substr(0, r.reason.find(" '"))];
  for (const auto& [reason, n] : reasons) out += fmt::format("  rejected: {} ({} row{})\n", reason, n, n == 1 ? "" : "s");
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
                       "district (see the boundary notes; they may belong to the seat's district)\n",
                       join.near_seat_rows);
  }
  for (const std::string& w : data.events.warnings) out += "  note: " + w + "\n";
  for (const std::string& w : data.notes) out += "  note: " + w + "\n";
  for (const std::string& m : data.boundaries.messages) out += "  boundaries: " + m + "\n";
  return out;
}

}  // namespace zila
