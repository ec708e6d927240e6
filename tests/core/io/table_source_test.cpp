// The narrow table interface every loader reads through (core/io/table_source.hpp, GDAL behind it):
// rows, row numbers, nulls and column types on the real drone-strike table and the workbook fixtures,
// the CSV checked record by record against the fast CSV splitter (an independent reader).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/io/fast_csv.hpp"
#include "core/io/table_source.hpp"
#include "core/text.hpp"

using namespace zila;

namespace {

const std::string kDroneCsv = std::string(ZILA_SHARED_DIR) + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";

bool shared_present() { return std::filesystem::exists(kDroneCsv); }

std::vector<std::vector<std::string>> csv_records(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CsvRecordReader reader(data);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string_view> fields;
  size_t pos = csv_bom_length(data);
  while (reader.next(pos, fields)) records.emplace_back(fields.begin(), fields.end());
  REQUIRE_FALSE(reader.unsupported());
  return records;
}

}  // namespace

TEST_CASE("a real CSV through the table interface: every record, numbered, fields as the file holds them") {
  if (!shared_present()) {
    WARN("SKIPPED: ../shared/events/real is absent");
    return;
  }
  const std::vector<std::vector<std::string>> records = csv_records(kDroneCsv);
  REQUIRE(records.size() > 100);
  const std::vector<std::string>& header = records.front();

  TableSource table = TableSource::open(kDroneCsv, {}, "events");
  CHECK(table.path() == kDroneCsv);
  CHECK(table.format() == "CSV");
  REQUIRE(table.layer_count() == 1);
  TableLayer& layer = table.layer("");
  CHECK(&layer == &table.layer_at(0));  // one wrapper per layer, however it is asked for
  CHECK_FALSE(layer.has_geometry());

  const std::vector<TableField> fields = layer.fields();
  REQUIRE(fields.size() == header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    // Repeated headers ("Source" x 7) are renamed; the others are the file's.
    if (std::count(header.begin(), header.end(), header[i]) == 1) CHECK(fields[i].name == header[i]);
    CHECK(fields[i].type == FieldType::text);  // every column text unless types are asked for
  }
  CHECK(layer.field_index("geo_lat") == static_cast<int>(std::find(header.begin(), header.end(), "geo_lat") - header.begin()));
  CHECK(layer.field_index("no such column") == -1);
  CHECK(layer.field_index("") == -1);

  size_t empty_cells = 0;
  layer.rewind();
  uint64_t rows = 0;
  while (const TableRow* row = layer.next()) {
    ++rows;
    REQUIRE(rows < records.size());
    CHECK(row->row_number() == rows);
    const std::vector<std::string>& record = records[rows];
    REQUIRE(row->field_count() == static_cast<int>(header.size()));
    for (int f = 0; f < row->field_count(); ++f) {
      const auto at = static_cast<size_t>(f);
      if (at >= record.size()) {
        CHECK(row->is_null(f));  // a short record's missing fields are null
        continue;
      }
      CHECK(row->text(f) == record[at]);
      empty_cells += record[at].empty();
      CHECK_FALSE(row->number(f).has_value());  // text columns are no numbers: the loaders parse them
      CHECK_FALSE(row->date(f).has_value());
    }
    CHECK(row->is_null(-1));
    CHECK(row->is_null(row->field_count()));
    CHECK(row->text(row->field_count()).empty());
    CHECK_FALSE(row->point().has_value());
  }
  CHECK(rows == records.size() - 1);
  CHECK(empty_cells > 0);  // the real table has empty cells, and they read as ""
  CHECK(layer.read_failure().empty());

  // Rewound, the rows are numbered from 1 again.
  layer.rewind();
  const TableRow* first = layer.next();
  REQUIRE(first);
  CHECK(first->row_number() == 1);
  CHECK(first->text(layer.field_index("date")) == records[1][1]);
}

TEST_CASE("asked for types, the real CSV's numeric columns read as numbers") {
  if (!shared_present()) {
    WARN("SKIPPED: ../shared/events/real is absent");
    return;
  }
  TableOpenOptions options;
  options.detect_types = true;
  TableSource table = TableSource::open(kDroneCsv, options, "events");
  TableLayer& layer = table.layer("");
  const std::vector<TableField> fields = layer.fields();
  const int year = layer.field_index("year"), lat = layer.field_index("geo_lat"), village = layer.field_index("village");
  REQUIRE(year >= 0);
  REQUIRE(lat >= 0);
  CHECK(fields[static_cast<size_t>(year)].type == FieldType::integer);
  CHECK(fields[static_cast<size_t>(lat)].type == FieldType::real);
  CHECK(fields[static_cast<size_t>(village)].type == FieldType::text);
  layer.rewind();
  size_t checked = 0;
  while (const TableRow* row = layer.next()) {
    if (row->is_null(lat)) continue;
    const std::optional<double> from_text = parse_number(row->text(lat));
    REQUIRE(row->number(lat).has_value());
    REQUIRE(from_text.has_value());
    CHECK(std::abs(*row->number(lat) - *from_text) < 1e-9);
    CHECK_FALSE(row->number(village).has_value());
    ++checked;
  }
  CHECK(checked > 100);
}

TEST_CASE("a workbook through the table interface: sheets, the header row, empty cells as null") {
  for (const char* name : {"events_workbook.xlsx", "events_workbook.ods"}) {
    CAPTURE(name);
    const std::string path = std::string(ZILA_FIXTURES_DIR) + "/" + name;
    TableOpenOptions options;
    options.workbook_header_row = true;
    TableSource table = TableSource::open(path, options, "events");
    CHECK(table.layer_names() == std::vector<std::string>{"Notes", "Attacks"});
    TableLayer& attacks = table.layer("Attacks");
    CHECK(attacks.name() == "Attacks");
    const std::vector<std::string> columns = attacks.field_names();
    REQUIRE(columns.size() >= 6);
    CHECK(columns[0] == "Date");
    CHECK(columns[1] == "Tribal Agency");
    const int longitude = attacks.field_index("Longitude");
    REQUIRE(longitude >= 0);
    attacks.rewind();
    uint64_t rows = 0, rows_with_text = 0, null_longitudes = 0;
    int64_t previous_id = -1;
    while (const TableRow* row = attacks.next()) {
      CHECK(row->row_number() == ++rows);
      CHECK(row->feature_id() > previous_id);  // ids go up with the rows
      previous_id = row->feature_id();
      bool any_text = false;
      for (int f = 0; f < row->field_count(); ++f) any_text = any_text || !row->is_null(f);
      if (!any_text) continue;  // the XLSX's formatted empty rows after the data: every cell null
      CHECK(rows == ++rows_with_text);  // ... and only after it
      if (row->is_null(longitude)) {
        ++null_longitudes;
        CHECK(row->text(longitude).empty());
      }
    }
    CHECK(rows_with_text == 4);
    CHECK(null_longitudes == 1);  // the fixture's row without coordinates

    TableLayer& notes = table.layer_at(0);
    CHECK(notes.field_names() == std::vector<std::string>{"Note", "Author"});  // a header of text only
  }
}

TEST_CASE("points, typed dates and numbers from a GeoJSON table, and errors that name the file and the layers") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "zila_table_source_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "points.geojson").string();
  {
    std::ofstream out(path);
    out << R"({"type":"FeatureCollection","features":[)"
        << R"({"type":"Feature","id":7,"properties":{"place":"Wana","n":3,"day":"2020-02-29"},"geometry":{"type":"Point","coordinates":[69.5,32.25]}},)"
        << R"({"type":"Feature","id":9,"properties":{"place":null,"n":null,"day":null},"geometry":null}]})";
  }
  TableSource table = TableSource::open(path, {}, "events");
  TableLayer& layer = table.layer("");
  CHECK(layer.has_geometry());
  const std::vector<TableField> fields = layer.fields();
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].type == FieldType::text);
  CHECK(fields[1].type == FieldType::integer);
  CHECK(fields[2].type == FieldType::date);
  layer.rewind();
  const TableRow* row = layer.next();
  REQUIRE(row);
  CHECK(row->row_number() == 1);
  CHECK(row->feature_id() == 7);
  CHECK(row->text(0) == "Wana");
  CHECK(row->number(1) == 3.0);
  REQUIRE(row->date(2).has_value());
  CHECK(row->date(2)->year == 2020);
  CHECK(row->date(2)->month == 2);
  CHECK(row->date(2)->day == 29);
  REQUIRE(row->point().has_value());
  CHECK(row->point()->x == 69.5);
  CHECK(row->point()->y == 32.25);
  row = layer.next();
  REQUIRE(row);
  CHECK(row->row_number() == 2);
  CHECK(row->feature_id() == 9);
  for (int f = 0; f < 3; ++f) CHECK(row->is_null(f));
  CHECK_FALSE(row->number(1).has_value());
  CHECK_FALSE(row->date(2).has_value());
  CHECK_FALSE(row->point().has_value());
  CHECK(layer.next() == nullptr);

  try {
    table.layer("Attacks");
    FAIL("no error for a missing layer");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find(path) != std::string::npos);
    CHECK(std::string(e.what()).find("no layer 'Attacks'; layers: points") != std::string::npos);
  }
  const std::string missing = (dir / "absent.csv").string();
  try {
    TableSource::open(missing, {}, "population table");
    FAIL("no error for a missing file");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("cannot open population table '" + missing + "'") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}
