// Choosing an event table's columns: the user's choices, else the common names (ACLED, GTD, PBC/Kaggle,
// TBIJ, New America, hand-made sheets), several candidates for one role ranked by their content with
// the runner-up named (a close call says which flag picks the other).
#include "core/io/event_columns.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "core/io/dates.hpp"
#include "core/io/table_source.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

// Common column names, most specific first. Several candidates for one role are then ranked by their
// content (see choose_columns).
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

constexpr double kCloseScores = 0.1;     // two candidates nearer than this are a close call, said in the summary

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

}  // namespace

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

}  // namespace zila
