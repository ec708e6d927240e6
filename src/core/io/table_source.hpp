// A table as the loaders see it: layers (sheets), typed columns, rows of fields as text, number, date
// or null, each with its row number and feature id, and a point where the layer has geometry. The
// only implementation is GDAL's (core/io/gdal_io_table.cpp): the events, population, alias, gazetteer
// and audit readers use this header and include no GDAL header. TableSource owns its layers; a
// TableLayer and the rows it hands out must not outlive the source they came from.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zila {

enum class FieldType { text, integer, real, date, date_time, other };

struct TableField {
  std::string name;
  FieldType type = FieldType::text;
};

// A date field's parts as stored (not checked: 2023-02-30 comes back as such).
struct StoredDate {
  int year = 0, month = 0, day = 0;
};

struct TablePoint {
  double x = 0, y = 0;
};

struct TableOpenOptions {
  // CSV: every column text (Zila parses dates and numbers itself, with row-level messages).
  bool detect_types = false;
  // CSV: an empty cell is an empty text, never null (said explicitly, whatever the driver's default).
  bool empty_cell_is_text = false;
  // Workbooks (.xlsx, .xlsm, .ods): the first row is the header even when every cell in it is text.
  bool workbook_header_row = false;
};

namespace detail {
struct TableCursor;
struct TableDataset;
}  // namespace detail

// The current row of a TableLayer. Views it returns stay valid until the layer moves to another row.
class TableRow {
 public:
  uint64_t row_number() const;  // 1-based, counted since the layer was last rewound
  int64_t feature_id() const;   // the format's own id (CSV: the record's), -1 when it has none
  int field_count() const;
  bool is_null(int field) const;  // unset, null, or no such field
  std::string_view text(int field) const;  // the field as text ("" when null), bytes as stored
  std::optional<double> number(int field) const;    // integer and real fields; nullopt for others or null
  std::optional<StoredDate> date(int field) const;  // date and date-time fields; nullopt for others or null
  std::optional<TablePoint> point() const;           // the geometry's point (a point geometry only)

 private:
  friend class TableLayer;
  explicit TableRow(const detail::TableCursor& cursor) : cursor_(cursor) {}
  const detail::TableCursor& cursor_;
};

class TableLayer {
 public:
  ~TableLayer();
  TableLayer(const TableLayer&) = delete;
  TableLayer& operator=(const TableLayer&) = delete;

  std::string name() const;
  std::vector<TableField> fields() const;
  std::vector<std::string> field_names() const;
  int field_index(const std::string& name) const;  // exact name; -1 when absent or `name` is empty
  bool has_geometry() const;
  // Back to the first row; row numbers and the read failure (read_failure) start again.
  void rewind();
  // The next row, or nullptr after the last one.
  const TableRow* next();
  // What made reading stop early since the last rewind ("" when nothing did): a row over the driver's
  // size limit, a file cut short, ...
  std::string read_failure() const;

 private:
  friend class TableSource;
  friend struct detail::TableDataset;
  explicit TableLayer(std::unique_ptr<detail::TableCursor> cursor);
  std::unique_ptr<detail::TableCursor> cursor_;
  TableRow row_;
};

class TableSource {
 public:
  // Opens a file, folder dataset or database connection read-only. Throws zila::Error naming the path
  // (password masked) and the reason; `what` says what the table is for ("events", "population table").
  static TableSource open(const std::string& path, const TableOpenOptions& options, const char* what);
  ~TableSource();
  TableSource(TableSource&&) noexcept;
  TableSource& operator=(TableSource&&) noexcept;

  const std::string& path() const;
  std::string format() const;  // the reader's short name: "CSV", "XLSX", "GPKG", "PostgreSQL", ...
  size_t layer_count() const;
  std::vector<std::string> layer_names() const;
  TableLayer& layer_at(size_t index);
  // The layer named `name`, or the first one when `name` is empty. Throws zila::Error listing the layers.
  TableLayer& layer(const std::string& name);
  // A database's rows of `sql`, run as it stands. Throws zila::Error with the database's reason.
  std::unique_ptr<TableLayer> query(const std::string& sql);

 private:
  TableSource();
  std::unique_ptr<detail::TableDataset> handle_;  // the dataset and the wrappers of its layers
};

// Case- and punctuation-insensitive search for the first candidate present among `fields`.
// Returns the field's real name or "" when none is present.
std::string find_field(const std::vector<std::string>& fields, const std::vector<std::string>& candidates);

}  // namespace zila
