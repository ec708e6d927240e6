// The fast CSV reader against GDAL's: field by field, on the fixtures, the real drone-strike file and
// files written to exercise quoting, line ends, encodings and chunk cuts.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/io/dates.hpp"
#include "core/io/event_loader.hpp"
#include "core/io/fast_csv.hpp"
#include "csv_test_files.hpp"
#include "core/text.hpp"

namespace {

using namespace zila::test;

std::vector<std::string> fields_of(std::string_view data) {
  zila::CsvRecordReader reader(data);
  std::vector<std::string_view> fields;
  size_t pos = 0;
  if (!reader.next(pos, fields)) return {"<none>"};
  return {fields.begin(), fields.end()};
}

}  // namespace

TEST_CASE("CSV records split as GDAL splits them", "[fast_csv]") {
  CHECK(fields_of("a,b,c\n") == std::vector<std::string>{"a", "b", "c"});
  CHECK(fields_of("a,,c,\r\n") == std::vector<std::string>{"a", "", "c", ""});
  CHECK(fields_of("\"x,y\",\"say \"\"hi\"\"\",\"\"") == std::vector<std::string>{"x,y", "say \"hi\"", ""});
  CHECK(fields_of("\"one\r\ntwo\rthree\n\rfour\n\nfive\",z") == std::vector<std::string>{"one\ntwo\nthree\nfour\n\nfive", "z"});
  CHECK(fields_of("\n\r\n  ,x") == std::vector<std::string>{"  ", "x"});
  // Several rewritten quoted fields in one record: each keeps its own text (found by fuzz_csv_rows:
  // growing the per-field buffers used to move the earlier fields' strings under their views).
  CHECK(fields_of("\"a\"\"b\",\"c\"\"d\",\"e\"\"f\"\n") == std::vector<std::string>{"a\"b", "c\"d", "e\"f"});
}

TEST_CASE("CSV syntax GDAL reads its own way is refused, not guessed", "[fast_csv]") {
  for (std::string_view bad : {std::string_view("ab\"c,d\n"), std::string_view("\"ab\"c,d\n"),
                                std::string_view("\"open,d\n"), std::string_view("a\0b,c\n", 6)}) {
    zila::CsvRecordReader reader(bad);
    std::vector<std::string_view> fields;
    size_t pos = 0;
    CHECK_FALSE(reader.next(pos, fields));
    CHECK(reader.unsupported());
  }
}

TEST_CASE("A plain record split in one pass has the fields, end and ASCII flag the general split gives", "[fast_csv]") {
  // Random records around the 64 bytes the one-pass split takes: plain ones, and ones it must leave to
  // next() (quotes, NULs, no line break within 64 bytes, a byte-order mark, the data's last 64 bytes).
  std::mt19937_64 random(11);
  const std::string_view alphabet[] = {"a", "Z", "7", " ", " ", ",", ",", ",", "\r", "\n", "\r\n", "\n\r", "\t",
                                       "\"", "\"q\"", std::string_view("\0", 1), "\xC3\xA9", "\xE9", "\x7F", "\xEF\xBB\xBF"};
  constexpr size_t kCommon[] = {8, 9, 10, 11, 12, 16, 17, 18}, kRare[] = {13, 14, 15, 19};
  size_t plain_records = 0, other_records = 0;
  for (int round = 0; round < 200; ++round) {
    std::string data;
    while (data.size() < 4000) {
      const size_t length = std::uniform_int_distribution<size_t>(0, 120)(random);
      for (size_t i = 0; i < length; ++i) {
        // Mostly plain text and commas, some line breaks and non-ASCII, rarely what next() refuses or
        // reads as quoted (after which the rest of the data is next()'s).
        const size_t pick = std::uniform_int_distribution<size_t>(0, 9999)(random);
        data += pick < 9000 ? alphabet[pick % 8] : pick < 9990 ? alphabet[kCommon[pick % 8]] : alphabet[kRare[pick % 4]];
      }
      data += '\n';
    }
    zila::CsvRecordReader plain_reader(data), reader(data);
    zila::PlainCsvRecord plain;
    std::vector<std::string_view> fields;
    size_t pos = 0;
    for (;;) {
      size_t plain_pos = pos;
      const bool split = plain_reader.next_plain(plain_pos, plain);
      if (!split) CHECK(plain_pos == pos);
      if (!reader.next(pos, fields)) {
        CHECK_FALSE(split);
        break;
      }
      if (!split) {
        ++other_records;
        continue;
      }
      ++plain_records;
      CHECK(plain_pos == pos);
      CHECK(plain.ascii() == reader.ascii());
      REQUIRE(plain.size() == fields.size());
      for (size_t i = 0; i < fields.size(); ++i) CHECK(plain.field(i) == fields[i]);
    }
  }
  CHECK(plain_records > 2000);
  CHECK(other_records > 100);
}

TEST_CASE("Records around 64 bytes and across chunk ends give GDAL's EventTable", "[fast_csv]") {
  // Rows of 60-70 bytes (the one-pass split takes those ending within 64), with trailing spaces,
  // non-ASCII bytes either side of the 64th, short and long rows; over 2.5 MiB, so chunks end among them.
  std::string text = "date,district,category,killed,lon,lat\n";
  std::mt19937_64 random(5);
  for (size_t i = 0; text.size() < (size_t{5} << 19); ++i) {
    std::string row = "2019-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + ",District " + std::to_string(i % 37);
    const size_t padding = std::uniform_int_distribution<size_t>(0, 20)(random);
    row += std::string(padding, i % 3 ? ' ' : 'x');
    if (i % 7 == 0) row += "\xC3\xA9";  // UTF-8
    if (i % 11 == 0) row += "\xE9";      // Windows-1252
    row += ",incident,";
    row += std::to_string(i % 5) + ",7" + std::to_string(i % 10) + ".5,3" + std::to_string(i % 7) + ".25";
    if (i % 13 == 0) row = row.substr(0, row.find(",incident"));  // short: no category, fatalities or coordinates
    if (i % 17 == 0) row += ",extra, cells";                        // long: more cells than the header
    if (i % 19 == 0) row += "   ";                                  // trailing spaces on the last cell
    text += row + (i % 23 == 0 ? "\r\n" : "\n");
  }
  check_same_tables(write_file("around_64.csv", text));
}

TEST_CASE("Re-synchronising after a cut skips to the next line start", "[fast_csv]") {
  std::string_view data = "ab,c\r\n\r\nde,f\n";
  CHECK(zila::csv_resync(data, 0) == 0);
  CHECK(zila::csv_resync(data, 2) == 8);
  CHECK(zila::csv_resync(data, 5) == 8);  // just after the \r: the pair and the empty line are skipped
  CHECK(zila::csv_resync(data, 8) == 8);   // byte 7 ends the empty line: a record starts at 8
  CHECK(zila::csv_resync(data, 9) == 13);
}

TEST_CASE("The fast CSV reader gives GDAL's EventTable on the fixtures and the real drone file", "[fast_csv]") {
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/events_tricky.csv");
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/events_cr_day_first.csv");
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/events_gtd.csv");  // a date in parts, known to the month or year
  check_same_tables(std::string(ZILA_FIXTURES_DIR) + "/layouts/acled.csv");  // a precision column
  check_same_tables(std::string(ZILA_SHARED_DIR) + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv");
}

TEST_CASE("The fast CSV reader gives GDAL's EventTable for line ends, quotes, BOM and encodings", "[fast_csv]") {
  const std::string header = "date,district,category,events,killed,lon,lat,note\n";
  const std::string rows =
      "2024-01-05,Peshawar,incident,2,3,71.5,34.0,plain\n"
      "2024-01-06,\"Dera Ismail Khan\",operation,1,,70.9,31.8,\"two\nlines, a comma and \"\"quotes\"\"\"\n"
      "\n"
      "05/01/2024,Quetta,Battles,1 000,x,67.0,30.2,\n"
      "2024-02-30,Lahore,riots,1,0,,,short\n"
      "2024-03-01,Karachi\n"
      "   ,  ,,,,,,\n"
      "Total,,,5,,,,\n"
      "2024-03-02,Multan,\xE9v\xE9nement,1,1.5,71.47,30.2,\"caf\xE9\"\n"
      "2024-03-03,,incident,1,0,34.0,71.5,swapped\n"
      "2024-03-04,Sukkur,incident,1,0,68.86,27.7,extra,cells,here\n"
      // Non-ASCII bytes in fields longer than sixteen bytes, before and after the sixteenth.
      "2024-03-05,Dera Ismail Khan Tehsil \xC3\xA9,incident,1,0,70.9,31.8,ok\n"
      "2024-03-06,D\xE9ra Ismail Khan Tehsil,incident,1,0,70.9,31.8,ok\n"
      "2024-03-07,Dera Ismail Khan Tehsil \xE9,incident,1,0,70.9,31.8,ok\n"
      // Non-ASCII dates longer than 15 bytes (issue 9's use-after-free), valid and not.
      "15 f\xC3\xA9vrier 2024,Swat,incident,1,0,72.4,35.2,\n"
      "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4-\xD9\xA0\xD9\xA1-\xD9\xA1\xD9\xA5,Swat,incident,1,0,72.4,35.2,\n"
      "15\xC2\xA0" "February\xC2\xA0" "2024,Swat,incident,1,0,72.4,35.2,\n"
      "\xFF\xFE\x80 2024 \xC3\x28 random bytes,Swat,incident,1,0,72.4,35.2,\n";
  check_same_tables(write_file("lf.csv", header + rows));
  std::string crlf, cr;
  for (char c : header + rows) {
    if (c == '\n') crlf += "\r\n", cr += '\r';
    else crlf += c, cr += c;
  }
  check_same_tables(write_file("crlf.csv", crlf));
  check_same_tables(write_file("cr.csv", cr));
  check_same_tables(write_file("bom.csv", "\xEF\xBB\xBF" + crlf + "2024-04-01,Swat,incident,1,0,72.4,35.2,no final line end"));
  // A mid-field quote is not handled by the fast reader: the whole file goes through GDAL instead.
  check_same_tables(write_file("fallback.csv", header + rows + "2024-04-02,Swat,incident,1,0,72.4,35.2,5\" rain\n"));
}

TEST_CASE("Chunks cut inside quoted line breaks are read again from the right place", "[fast_csv]") {
  // Over several 1 MiB chunks of rows whose notes hold line breaks, so cuts land inside quotes; every
  // 1000th row has a bad date, so that rejected rows fall in every chunk.
  std::string text = "date,district,lon,lat,note\n";
  std::string note(180, 'x');
  std::vector<uint64_t> accepted_rows;
  for (size_t i = 0; text.size() < (size_t{9} << 20); ++i) {
    note[i % note.size()] = '\n';
    const bool bad = i % 1000 == 999;
    if (!bad) accepted_rows.push_back(i + 1);
    text += (bad ? "2020-13-01" : "2020-01-" + std::to_string(1 + i % 28)) + ",District " + std::to_string(i % 97) +
            ",70." + std::to_string(i % 1000) + ",30.5,\"" + note + "\"\n";
  }
  const std::string path = write_file("chunks.csv", text);
  check_same_tables(path);

  // source_row() is derived from the rejected rows: it must give back each accepted row's number.
  zila::EventTable fast = load(path, false);
  REQUIRE(fast.size() == accepted_rows.size());
  std::vector<uint64_t> rows;
  for (size_t i = 0; i < fast.size(); ++i) rows.push_back(fast.source_row(i));
  CHECK(rows == accepted_rows);
}

TEST_CASE("A quoted field longer than a chunk is read whole, chunks it swallows included", "[fast_csv]") {
  std::string text = "date,district,lon,lat,note\n";
  auto add_rows = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) text += "2021-02-0" + std::to_string(1 + i % 9) + ",District " + std::to_string(i % 31) + ",71.5,34.0,x\n";
  };
  add_rows(1000);
  std::string note;
  while (note.size() < (size_t{5} << 19)) note += std::string(99, 'n') + "\n";  // 2.5 MiB, a line break every 100 bytes
  text += "2021-03-01,Swat,72.4,35.2,\"" + note + "\"\n";
  add_rows(1000);
  check_same_tables(write_file("long_field.csv", text));
}

TEST_CASE("Thousands of place names keep their first-seen order and indexes", "[fast_csv]") {
  std::string csv = "date,district\n";
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("Place " + std::to_string(i * 7919 % 4999) + (i % 3 ? "" : " District"));
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& name : names) csv += "2020-05-05," + name + "\n";
  }
  zila::EventTable table = load(write_file("places.csv", csv), false);
  REQUIRE(table.size() == 2 * names.size());
  std::vector<std::string> distinct;
  for (const std::string& name : names) {
    if (std::find(distinct.begin(), distinct.end(), name) == distinct.end()) distinct.push_back(name);
  }
  CHECK(table.place_names == distinct);
  size_t wrong = 0;
  for (size_t i = 0; i < table.size(); ++i) wrong += table.place_names[table.place[i]] != names[i % names.size()];
  CHECK(wrong == 0);
}

TEST_CASE("More than 65535 places and days beyond 16 bits are read exactly, by both readers", "[fast_csv]") {
  // Narrow columns until the end: the last place is the 70000th distinct one, the last day in 1850
  // (16-bit days start in 1880).
  std::string csv = "date,district\n";
  const size_t places = 70000;
  for (size_t i = 0; i < places; ++i) csv += "2020-05-05,Place " + std::to_string(i) + "\n";
  csv += "1850-03-01,Place 1\n";
  const std::string path = write_file("wide_places_days.csv", csv);
  const int32_t may_2020 = *zila::parse_date("2020-05-05", {}), march_1850 = *zila::parse_date("1850-03-01", {});
  for (const bool through_gdal : {false, true}) {
    INFO("through GDAL: " << through_gdal);
    zila::EventOptions options;
    options.path = path;
    options.first_year = 1800;
    if (through_gdal) options.layer = fs::path(path).stem().string();
    const zila::EventTable t = zila::load_events(options);
    REQUIRE(t.size() == places + 1);
    CHECK_FALSE(t.place.compact());
    CHECK_FALSE(t.day.compact());
    REQUIRE(t.place_names.size() == places);
    size_t wrong = 0;
    for (size_t i = 0; i < places; ++i) wrong += t.place_names[t.place[i]] != "Place " + std::to_string(i) || t.day[i] != may_2020;
    CHECK(wrong == 0);
    CHECK(t.place[places] == 1);
    CHECK(t.day[places] == march_1850);
  }
}

TEST_CASE("The file's layout finds GDAL's records, NUL bytes and a quote that never closes", "[fast_csv]") {
  using namespace std::string_literals;
  auto layout_of = [](const std::string& name, const std::string& bytes) {
    return zila::scan_csv_layout(zila::ReadOnlyFile(write_file(name, bytes)));
  };
  zila::CsvLayout plain = layout_of("layout_plain.csv", "a,b\r\n\r\n1,\"x\r\ny\"\n\r2,z\n\n3,\"\"\"\"");
  CHECK(plain.rows == 3);
  CHECK(plain.nul_rows.empty());
  CHECK_FALSE(plain.unclosed_quote);

  // GDAL cuts a line at a NUL: a line that is only a NUL is empty, a quote after a NUL does not count
  // (as `ogrinfo` shows: row 1 is lines 3 to 5, row 2 lines 6 and 7).
  zila::CsvLayout nul = layout_of("layout_nul.csv", "a,b\n\0 x\n1,\"q\0\"\n2\n3,\"r\0\n\"\n4,s"s);
  CHECK(nul.rows == 2);
  REQUIRE(nul.nul_rows.size() == 1);
  CHECK(nul.nul_rows[0].row == 1);
  CHECK(nul.nul_rows[0].line == 3);
  REQUIRE(nul.unclosed_quote);
  CHECK(nul.unclosed_quote->opened.row == 2);
  CHECK(nul.unclosed_quote->opened.line == 6);
  CHECK(nul.unclosed_quote->lines_swallowed == 1);
  CHECK(nul.unclosed_quote->rows_swallowed == 1);

  zila::CsvLayout unclosed = layout_of("layout_unclosed.csv", "a,b\n1,x\n2,5\" rain\n3,y\n\n4,z\n");
  REQUIRE(unclosed.unclosed_quote);
  CHECK(unclosed.rows == 2);
  CHECK(unclosed.unclosed_quote->opened.row == 2);
  CHECK(unclosed.unclosed_quote->opened.line == 3);
  CHECK(unclosed.unclosed_quote->lines_swallowed == 3);
  CHECK(unclosed.unclosed_quote->rows_swallowed == 2);
}

TEST_CASE("Files with NUL bytes or a quote that never closes give the same table on both paths", "[fast_csv]") {
  using namespace std::string_literals;
  const std::string header = "date,district,lon,lat,note\n";
  check_same_tables(write_file("nul.csv", header + "2024-01-01,Swat,72.4,35.2,a\n2024-01-02,Dir,72.4,35.2,b\0c\n"s +
                                              "2024-01-03,Swat,72.4,35.2,d\n"));
  check_same_tables(write_file("unclosed.csv", header + "2024-01-01,Swat,72.4,35.2,a\n2024-01-02,Dir,72.4,35.2,\"b\n" +
                                                   "2024-01-03,Swat,72.4,35.2,d\n2024-01-04,Swat,72.4,35.2,e\n"));
}
