// The fast CSV path in memory: CsvRecordReader splits the input into records and RowReader parses
// them as event rows, as read_csv_events does for each chunk. The first byte picks the options.
// Properties: every record is either an event or a rejected row (row accounting), rejected rows are
// in file order, place indexes are valid, and the same records read through the generic RowSource
// interface (no ASCII hint, a virtual call per field) give the same table, and so do they read as
// read_csv_events reads them (plain records split in one pass by next_plain, the same fields). Every
// field read straight to a column's fixed-point form (scaled_degrees, small_fatalities) gives what
// number() and the column's narrowing of its value give.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/event_csv.hpp"
#include "core/io/fast_csv.hpp"
#include "core/io/row_field_parsers.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace zila;

// The same fields without CsvFields' shortcuts.
class GenericFields final : public RowSource {
 public:
  explicit GenericFields(const CsvFields& fields) : fields_(fields) {}
  int field_count() const override { return fields_.field_count(); }
  std::string_view raw(int field) const override { return fields_.raw(field); }

 private:
  const CsvFields& fields_;
};

EventOptions options_from(uint8_t selector) {
  static const DateOrder kOrders[] = {DateOrder::automatic, DateOrder::month_first, DateOrder::day_first};
  static const char* const kEncodings[] = {"", "CP1252", "UTF-8"};
  EventOptions options;
  options.date_order = kOrders[selector % 3];
  options.encoding = kEncodings[(selector / 3) % 3];
  if (selector & 0x20) options.date_format = "%d.%m.%Y";
  if (selector & 0x40) options.category_map["raid"] = Category::incident;  // a user map over a built-in value
  return options;
}

// Columns by position, as many as the header has: date, place, category, count, fatalities, lon, lat,
// state actor, a fallback place. With bit 7 the date column is also the place column.
FieldIndexes columns_for(int field_count, uint8_t selector) {
  auto column = [&](int i) { return i < field_count ? i : -1; };
  FieldIndexes at;
  at.date = column(0);
  at.place = selector & 0x80 ? at.date : column(1);
  at.category = column(2), at.count = column(3), at.fatalities = column(4);
  at.lon = column(5), at.lat = column(6), at.state_actor = column(7);
  if (field_count > 8) at.extra_places.push_back(8);
  return at;
}

void check_table(const EventTable& table) {
  FUZZ_CHECK(table.size() + table.rejected.size() == table.rows_read);
  FUZZ_CHECK(table.category.size() == table.size() && table.count.size() == table.size());
  FUZZ_CHECK(table.fatalities.size() == table.size() && table.place.size() == table.size());
  FUZZ_CHECK(table.lon.size() == table.size() && table.lat.size() == table.size());
  for (size_t i = 0; i < table.rejected.size(); ++i) {
    FUZZ_CHECK(table.rejected[i].row >= 1 && table.rejected[i].row <= table.rows_read);
    FUZZ_CHECK(i == 0 || table.rejected[i - 1].row < table.rejected[i].row);
  }
  for (uint32_t place : table.place) FUZZ_CHECK(place == kNoPlace || place < table.place_names.size());
}

template <typename Column>  // a CompactColumn of doubles: compact or wide, compared by value
bool same_doubles(const Column& a, const Column& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const double x = a[i], y = b[i];
    if (!(x == y || (x != x && y != y))) return false;  // NaN == NaN
  }
  return true;
}

// The row reader's fixed-point shortcuts against its general path on one field's text: where a shortcut
// reads the text, number() reads the same value and the column narrows it to the same units, and the
// range checks in units and in degrees agree.
void check_fixed_point_readers(std::string_view text) {
  if (const std::optional<int64_t> units = row_fields::scaled_degrees(text)) {
    const std::optional<double> value = row_fields::number(text);
    FUZZ_CHECK(value.has_value());
    constexpr int64_t kRightAngle = 90 * row_fields::kUnitsPerDegree;
    FUZZ_CHECK((std::abs(*units) > kRightAngle) == (std::abs(*value) > 90));
    FUZZ_CHECK((std::abs(*units) > 2 * kRightAngle) == (std::abs(*value) > 180));
    if (std::abs(*units) <= 2 * kRightAngle) FUZZ_CHECK(ScaledDegrees::narrow(*value) == static_cast<int32_t>(*units));
  }
  if (const std::optional<uint8_t> byte = row_fields::small_fatalities(text)) {
    const std::optional<double> value = row_fields::number(text);
    FUZZ_CHECK(value.has_value() && SmallFatalities::narrow(static_cast<float>(*value)) == *byte);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  const std::string_view csv(reinterpret_cast<const char*>(data + 1), size - 1);
  const EventOptions options = options_from(selector);

  size_t pos = csv_bom_length(csv);
  FUZZ_CHECK(pos == 0 || pos == 3);
  for (size_t cut : {size_t{1}, csv.size() / 2, csv.size()}) {
    if (cut == 0 || cut > csv.size()) continue;
    const size_t resync = csv_resync(csv, cut);
    FUZZ_CHECK(resync >= cut && resync <= csv.size());
  }

  CsvRecordReader records(csv);
  std::vector<std::string_view> fields;
  if (!records.next(pos, fields)) return 0;  // no header
  const int field_count = static_cast<int>(fields.size());
  const FieldIndexes at = columns_for(field_count, selector);

  EventTable fast, generic, one_pass;
  for (EventTable* table : {&fast, &generic, &one_pass}) {
    table->columns.date = "date", table->columns.place = "place", table->columns.category = "category";
    table->columns.count = "count", table->columns.fatalities = "fatalities";
    table->columns.lon = "lon", table->columns.lat = "lat";
  }
  RowReader fast_reader(options, fast), generic_reader(options, generic);
  // The same records again as read_csv_events reads them: plain ones split in one pass (next_plain).
  RowReader one_pass_reader(options, one_pass);
  CsvRecordReader one_pass_records(csv);
  PlainCsvRecord plain;
  std::vector<std::string_view> one_pass_fields;
  size_t one_pass_pos = pos;
  while (records.next(pos, fields)) {
    FUZZ_CHECK(pos <= csv.size());
    for (std::string_view field : fields) check_fixed_point_readers(field);
    ++fast.rows_read, ++generic.rows_read, ++one_pass.rows_read;
    const CsvFields row(fields, field_count, records.ascii());
    fast_reader.read(row, at, fast.rows_read);
    generic_reader.read(GenericFields(row), at, generic.rows_read);
    if (one_pass_records.next_plain(one_pass_pos, plain)) {
      FUZZ_CHECK(plain.size() == fields.size() && plain.ascii() == records.ascii());
      for (size_t i = 0; i < fields.size(); ++i) FUZZ_CHECK(plain.field(i) == fields[i]);
      one_pass_reader.read(PlainCsvFields(plain, field_count), at, one_pass.rows_read);
    } else {
      FUZZ_CHECK(one_pass_records.next(one_pass_pos, one_pass_fields));
      one_pass_reader.read(CsvFields(one_pass_fields, field_count, one_pass_records.ascii()), at, one_pass.rows_read);
    }
    FUZZ_CHECK(one_pass_pos == pos);
  }
  fast_reader.finish();
  generic_reader.finish();
  one_pass_reader.finish();

  check_table(fast);
  FUZZ_CHECK(fast.rows_read == generic.rows_read);
  FUZZ_CHECK(fast.day == generic.day && fast.category == generic.category && fast.count == generic.count);
  FUZZ_CHECK(fast.place == generic.place && fast.place_names == generic.place_names);
  FUZZ_CHECK(same_doubles(fast.lon, generic.lon) && same_doubles(fast.lat, generic.lat));
  FUZZ_CHECK(fast.rejected.size() == generic.rejected.size());
  for (size_t i = 0; i < fast.rejected.size(); ++i) {
    FUZZ_CHECK(fast.rejected[i].row == generic.rejected[i].row && fast.rejected[i].reason == generic.rejected[i].reason);
  }
  FUZZ_CHECK(fast.warnings == generic.warnings);
  FUZZ_CHECK(one_pass.day == fast.day && one_pass.category == fast.category && one_pass.count == fast.count);
  FUZZ_CHECK(one_pass.place == fast.place && one_pass.place_names == fast.place_names);
  FUZZ_CHECK(same_doubles(one_pass.lon, fast.lon) && same_doubles(one_pass.lat, fast.lat));
  FUZZ_CHECK(one_pass.rejected.size() == fast.rejected.size() && one_pass.warnings == fast.warnings);
  return 0;
}
