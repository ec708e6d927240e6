#include "core/join/row_audit.hpp"

#include <date/date.h>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_set>

#include "core/error.hpp"
#include "core/io/csv_field.hpp"
#include "core/io/event_layer_choice.hpp"
#include "core/io/file_name.hpp"
#include "core/io/postgis_source.hpp"
#include "core/io/table_source.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

std::string iso_date(int32_t day) {
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string number_cell(double value, int decimals) {
  return std::isnan(value) ? std::string() : fmt::format("{:.{}f}", value, decimals);
}

// A source's rows as the file holds them, read again in step with the writing: the date cell and
// the place cell (the first non-empty of the place column and its fallbacks), trimmed UTF-8 as the
// loader reads them. Opened as the loader opens it (a workbook's first row its header), on the sheet
// it read (EventSource::layer, which names the sheet chosen among several). No rows for a database source.
class RawRows {
 public:
  RawRows(const EventOptions& options, const EventSource& source) : options_(options) {
    if (is_database_source(options.path)) return;
    table_.emplace(open_event_table(options.path));
    layer_ = &table_->layer(source.layer.empty() ? options.layer : source.layer);
    date_field_ = layer_->field_index(source.columns.date);
    place_fields_.push_back(layer_->field_index(source.columns.place));
    for (const std::string& extra : source.columns.extra_places) place_fields_.push_back(layer_->field_index(extra));
    layer_->rewind();
  }

  // The next row's cells; false once the file has no more rows (a quote that never closes hides
  // the rows after it from GDAL: the loader rejected those, and their cells stay empty).
  bool next(std::string& date_text, std::string& place_text) {
    date_text.clear(), place_text.clear();
    if (!layer_) return false;
    const TableRow* row = layer_->next();
    if (!row) return false;
    date_text = cell(*row, date_field_);
    for (int field : place_fields_) {
      if (!place_text.empty()) break;
      place_text = cell(*row, field);
    }
    return true;
  }
  // Whether rows are left beyond the `blank_rows` empty ones the loader skipped after the last row.
  bool has_more(uint64_t blank_rows) {
    if (!layer_) return false;
    for (uint64_t skipped = 0;; ++skipped) {
      const TableRow* row = layer_->next();
      if (!row) return false;
      if (skipped == blank_rows || !is_blank(*row)) return true;
    }
  }
  bool readable() const { return layer_ != nullptr; }

 private:
  std::string cell(const TableRow& row, int field) const {
    return std::string(trim(to_utf8(row.text(field), options_.encoding)));
  }
  bool is_blank(const TableRow& row) const {
    for (int field = 0; field < row.field_count(); ++field)
      if (!cell(row, field).empty()) return false;
    return true;
  }
  const EventOptions& options_;
  std::optional<TableSource> table_;
  TableLayer* layer_ = nullptr;
  int date_field_ = -1;
  std::vector<int> place_fields_;
};

}  // namespace

void write_row_audit(std::ostream& out, const AuditInput& input, const std::vector<size_t>* rows) {
  const EventTable& events = input.events;
  const JoinResult& join = input.join;
  if (input.sources.size() != events.sources.size())
    throw Error(fmt::format("audit trail: {} sources described for {} read", input.sources.size(), events.sources.size()));
  // Rows grouped and counted in the database (a pushed-down join) are not rows of the file one by one.
  if (join.district.size() != events.size() || events.size() + events.rejected.size() != events.rows_read)
    throw Error("no audit trail: the rows were grouped and counted in the database (a database source joined by name "
                "or by coordinates); the hybrid join reads them one by one");
  std::vector<bool> wanted;
  if (rows) {
    wanted.assign(events.size(), false);
    for (size_t i : *rows)
      if (i < wanted.size()) wanted[i] = true;
  }
  const RowExplainer explainer(events, input.boundaries, join, input.options);
  auto name_of = [&](int32_t district) {
    return district >= 0 ? csv_text_field(input.boundaries.names[static_cast<size_t>(district)]) : std::string();
  };

  out << kRowAuditHeader << "\n";
  size_t event = 0, rejected = 0;
  std::string date_text, place_text, line;
  for (size_t s = 0; s < events.sources.size(); ++s) {
    const EventSource& source = events.sources[s];
    RawRows raw(input.sources[s], source);
    const std::string source_cell = csv_text_field(file_name(source.path));
    for (uint64_t own_row = 1; own_row <= source.rows_read; ++own_row) {
      const uint64_t row = source.first_row + own_row;
      const bool has_raw = raw.next(date_text, place_text);
      const bool is_rejected = rejected < events.rejected.size() && events.rejected[rejected].row == row;
      if (!is_rejected && event >= events.size())
        throw Error(fmt::format("audit trail: {} row {} is neither accepted nor rejected", source.path, own_row));
      if (is_rejected) {
        if (!rows) {
          line = fmt::format("{},{},rejected,{},{},,,,,,,,,,,,{},\n", source_cell, own_row, csv_text_field(place_text),
                             csv_text_field(date_text), csv_text_field(events.rejected[rejected].reason));
          out << line;
        }
        ++rejected;
        continue;
      }
      const size_t i = event++;
      const std::string& place = events.place[i] == kNoPlace ? std::string() : events.place_names[events.place[i]];
      // The file must read as it did: a line about another row is worse than no line.
      if (has_raw && place_text != place) {
        throw Error(fmt::format("{} row {}: the place reads '{}' now, '{}' when it was loaded: the file changed; "
                                "run again",
                                source.path, own_row, excerpt(place_text), excerpt(place)));
      }
      if (rows && !wanted[i]) continue;
      const RowJoin joined = explainer.explain(i);
      std::string note;
      if (joined.swapped) note = "latitude and longitude swapped";
      if (joined.near_seat >= 0) {
        const MisplacedSeat& seat = join.misplaced_seats[static_cast<size_t>(joined.near_seat)];
        if (!note.empty()) note += "; ";
        const std::string& wrong = input.boundaries.names[static_cast<size_t>(seat.containing_district)];
        const std::string& named = input.boundaries.names[static_cast<size_t>(seat.named_district)];
        note += joined.name_kept_by_seat
                    ? fmt::format("the name wins over the point, {:.1f} km from {}, which the boundary file puts in {}",
                                  joined.seat_km, seat.place, wrong)
                    : fmt::format("{:.1f} km from {}, which the boundary file puts in {}: may belong to {}", joined.seat_km,
                                  seat.place, wrong, named);
      }
      line = fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", source_cell, own_row,
                         joined.district >= 0 ? "joined" : "unmatched", csv_text_field(place), csv_text_field(date_text),
                         iso_date(events.day[i]), category_name(events.category[i]), events.count[i],
                         number_cell(events.lon[i], 6), number_cell(events.lat[i], 6), name_of(joined.district),
                         join_method_name(joined.method), name_of(joined.by_name),
                         joined.by_name >= 0 ? join_method_name(joined.name_method) : "", name_of(joined.by_coords),
                         number_cell(joined.distance_km, 2), csv_text_field(joined.reason), csv_text_field(note));
      out << line;
    }
    if (raw.readable() && raw.has_more(source.blank_rows))
      throw Error(fmt::format("{}: more rows now than the {} read when it was loaded: the file changed; run again",
                              source.path, source.rows_read));
  }
  if (event != events.size() || rejected != events.rejected.size())
    throw Error(fmt::format("audit trail: {} of {} accepted and {} of {} rejected rows written", event, events.size(),
                            rejected, events.rejected.size()));
}

std::vector<size_t> rows_in_district(const EventTable& events, const JoinResult& join, int32_t district, int32_t first_day,
                                     int32_t end_day, unsigned categories) {
  std::vector<size_t> out;
  for (size_t i = 0; i < events.size() && i < join.district.size(); ++i) {
    if (join.district[i] == district && events.day[i] >= first_day && events.day[i] < end_day &&
        (categories >> static_cast<unsigned>(events.category[i]) & 1u))
      out.push_back(i);
  }
  return out;
}

std::vector<size_t> rows_in_window(const EventTable& events, const JoinResult& join, const Cube& cube,
                                   const WindowSpec& window, size_t period, int32_t district,
                                   const std::array<bool, kCategoryCount>& categories) {
  if (period >= cube.period_count()) return {};
  const int32_t first_day = cube.period_starts[window_first_period(window, period)];
  const int32_t end_day = next_period_start(cube.bin, cube.period_starts[period]);
  unsigned bits = 0;
  for (int c = 0; c < kCategoryCount; ++c) bits |= categories[static_cast<size_t>(c)] ? 1u << c : 0u;
  return rows_in_district(events, join, district, first_day, end_day, bits);
}

std::vector<size_t> rows_of_unmatched_name(const EventTable& events, const RowExplainer& explainer,
                                           const JoinResult& join, const UnmatchedName& name) {
  // A placeholder ("(no place name)") stands for rows without a usable name; its reason is its text.
  const bool placeholder = name.spellings.empty();
  const std::string reason =
      placeholder ? name.name.substr(1, name.name.size() >= 2 ? name.name.size() - 2 : 0) : unmatched_reason_text(name.reason);
  std::unordered_set<uint32_t> places;
  for (uint32_t p = 0; p < events.place_names.size(); ++p) {
    if (std::find(name.spellings.begin(), name.spellings.end(), events.place_names[p]) != name.spellings.end())
      places.insert(p);
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < events.size() && i < join.district.size(); ++i) {
    if (join.district[i] >= 0) continue;
    if (!placeholder && !places.contains(events.place[i])) continue;
    if (explainer.explain(i).reason == reason) out.push_back(i);
  }
  return out;
}

int64_t event_of_row(const EventTable& events, uint64_t row) {
  if (row == 0 || row > events.rows_read) return -1;
  const auto it = std::lower_bound(events.rejected.begin(), events.rejected.end(), row,
                                   [](const RejectedRow& r, uint64_t value) { return r.row < value; });
  if (it != events.rejected.end() && it->row == row) return -1;
  const auto before = static_cast<uint64_t>(it - events.rejected.begin());
  return static_cast<int64_t>(row - 1 - before);
}

}  // namespace zila
