// The table interface (core/io/table_source.hpp) implemented on GDAL's vector drivers.
#include "core/io/gdal_io.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

// A workbook's first row is its header even when every cell in it is text, as it nearly always is
// (GDAL takes such a row for data unless told). GDAL before 3.7 has no open option for it, only the
// configuration options, read when a sheet is first parsed (lazily): they are set for this thread
// while the table is open.
class WorkbookHeadersForced {
 public:
  WorkbookHeadersForced() {
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
  }
  ~WorkbookHeadersForced() {
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", nullptr);
  }
  WorkbookHeadersForced(const WorkbookHeadersForced&) = delete;
  WorkbookHeadersForced& operator=(const WorkbookHeadersForced&) = delete;
};

std::vector<std::string> gdal_open_options(const std::string& path, const TableOpenOptions& options) {
  std::vector<std::string> out;
  out.emplace_back(options.detect_types ? "AUTODETECT_TYPE=YES" : "AUTODETECT_TYPE=NO");
  if (options.empty_cell_is_text) out.emplace_back("EMPTY_STRING_AS_NULL=NO");
  const std::string extension = ascii_lower(std::filesystem::path(path).extension().string());
  if (options.workbook_header_row && (extension == ".xlsx" || extension == ".xlsm" || extension == ".ods")) {
    out.emplace_back("HEADERS=FORCE");  // the CSV driver has its own HEADERS, without FORCE
  }
  return out;
}

FieldType field_type(OGRFieldType type) {
  switch (type) {  // GDAL's types onto ours: not a name table, a mapping between two libraries' enums
    case OFTInteger:
    case OFTInteger64: return FieldType::integer;
    case OFTReal: return FieldType::real;
    case OFTString: return FieldType::text;
    case OFTDate: return FieldType::date;
    case OFTDateTime: return FieldType::date_time;
    default: return FieldType::other;
  }
}

}  // namespace

namespace detail {

struct TableCursor {
  TableCursor(GDALDataset& dataset_, OGRLayer& layer_, bool query_result_)
      : dataset(dataset_), layer(layer_), query_result(query_result_) {}
  ~TableCursor() {
    feature.reset();
    if (query_result) dataset.ReleaseResultSet(&layer);
  }
  TableCursor(const TableCursor&) = delete;
  TableCursor& operator=(const TableCursor&) = delete;

  bool has(int field) const { return feature && field >= 0 && field < feature->GetFieldCount(); }

  GDALDataset& dataset;
  OGRLayer& layer;
  const bool query_result;  // a result set of ExecuteSQL, released with the cursor
  OGRFeatureUniquePtr feature;
  uint64_t row = 0;
  // Fields copied as text, each once per row: GDAL formats non-string fields into one shared buffer,
  // so without the copies a view of one field would change when the next is read.
  mutable std::vector<std::string> copies;
  mutable std::vector<bool> copied;
};

struct TableDataset {
  // The layer's wrapper, made when the layer is first asked for (listing a database's every table
  // costs queries), then the same one each time.
  TableLayer& wrapper(OGRLayer& layer) {
    for (const std::unique_ptr<TableLayer>& wrapped : layers) {
      if (&wrapped->cursor_->layer == &layer) return *wrapped;
    }
    layers.push_back(std::unique_ptr<TableLayer>(new TableLayer(std::make_unique<TableCursor>(*dataset, layer, false))));
    return *layers.back();
  }
  ~TableDataset() { layers.clear(); }  // the layers' features go before the dataset

  std::string path;
  std::unique_ptr<WorkbookHeadersForced> headers_forced;  // declared before the dataset: outlives it
  GDALDatasetUniquePtr dataset;
  std::vector<std::unique_ptr<TableLayer>> layers;
};

}  // namespace detail

// ---- TableRow

uint64_t TableRow::row_number() const { return cursor_.row; }

int64_t TableRow::feature_id() const {
  if (!cursor_.feature) return -1;
  const GIntBig id = cursor_.feature->GetFID();
  return id == OGRNullFID ? -1 : static_cast<int64_t>(id);
}

int TableRow::field_count() const { return cursor_.feature ? cursor_.feature->GetFieldCount() : 0; }

bool TableRow::is_null(int field) const { return !cursor_.has(field) || !cursor_.feature->IsFieldSetAndNotNull(field); }

std::string_view TableRow::text(int field) const {
  if (is_null(field)) return {};
  const auto at = static_cast<size_t>(field);
  if (!cursor_.copied[at]) cursor_.copies[at] = cursor_.feature->GetFieldAsString(field), cursor_.copied[at] = true;
  return cursor_.copies[at];
}

std::optional<double> TableRow::number(int field) const {
  if (is_null(field)) return std::nullopt;
  const FieldType type = field_type(cursor_.feature->GetFieldDefnRef(field)->GetType());
  if (type != FieldType::integer && type != FieldType::real) return std::nullopt;
  return cursor_.feature->GetFieldAsDouble(field);
}

std::optional<StoredDate> TableRow::date(int field) const {
  if (is_null(field)) return std::nullopt;
  const OGRFieldType type = cursor_.feature->GetFieldDefnRef(field)->GetType();
  if (type != OFTDate && type != OFTDateTime) return std::nullopt;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, zone = 0;
  float second = 0;
  cursor_.feature->GetFieldAsDateTime(field, &year, &month, &day, &hour, &minute, &second, &zone);
  return StoredDate{year, month, day};
}

std::optional<TablePoint> TableRow::point() const {
  if (!cursor_.feature) return std::nullopt;
  const OGRGeometry* geometry = cursor_.feature->GetGeometryRef();
  if (!geometry || geometry->IsEmpty() || wkbFlatten(geometry->getGeometryType()) != wkbPoint) return std::nullopt;
  const auto* point = geometry->toPoint();
  return TablePoint{point->getX(), point->getY()};
}

// ---- TableLayer

TableLayer::TableLayer(std::unique_ptr<detail::TableCursor> cursor) : cursor_(std::move(cursor)), row_(*cursor_) {}

TableLayer::~TableLayer() = default;

std::string TableLayer::name() const { return cursor_->layer.GetName(); }

std::vector<TableField> TableLayer::fields() const {
  std::vector<TableField> out;
  OGRFeatureDefn* definition = cursor_->layer.GetLayerDefn();
  for (int i = 0; i < definition->GetFieldCount(); ++i) {
    const OGRFieldDefn* field = definition->GetFieldDefn(i);
    out.push_back({field->GetNameRef(), field_type(field->GetType())});
  }
  return out;
}

std::vector<std::string> TableLayer::field_names() const { return zila::field_names(cursor_->layer); }

int TableLayer::field_index(const std::string& name) const {
  return name.empty() ? -1 : cursor_->layer.GetLayerDefn()->GetFieldIndex(name.c_str());
}

bool TableLayer::has_geometry() const { return cursor_->layer.GetLayerDefn()->GetGeomFieldCount() > 0; }

void TableLayer::rewind() {
  cursor_->feature.reset();
  cursor_->row = 0;
  cursor_->layer.ResetReading();
  CPLErrorReset();
}

const TableRow* TableLayer::next() {
  detail::TableCursor& cursor = *cursor_;
  cursor.feature.reset(cursor.layer.GetNextFeature());
  if (!cursor.feature) return nullptr;
  ++cursor.row;
  const auto fields = static_cast<size_t>(cursor.feature->GetFieldCount());
  if (cursor.copies.size() < fields) cursor.copies.resize(fields);
  cursor.copied.assign(fields, false);
  return &row_;
}

std::string TableLayer::read_failure() const { return CPLGetLastErrorType() >= CE_Failure ? CPLGetLastErrorMsg() : ""; }

// ---- TableSource

TableSource::TableSource() : handle_(std::make_unique<detail::TableDataset>()) {}
TableSource::~TableSource() = default;
TableSource::TableSource(TableSource&&) noexcept = default;
TableSource& TableSource::operator=(TableSource&&) noexcept = default;

TableSource TableSource::open(const std::string& path, const TableOpenOptions& options, const char* what) {
  TableSource source;
  source.handle_->path = path;
  if (options.workbook_header_row) source.handle_->headers_forced = std::make_unique<WorkbookHeadersForced>();
  source.handle_->dataset = open_vector_dataset(path, gdal_open_options(path, options), what);
  return source;
}

const std::string& TableSource::path() const { return handle_->path; }

std::string TableSource::format() const {
  GDALDriver* driver = handle_->dataset->GetDriver();
  return driver ? driver->GetDescription() : "";
}

size_t TableSource::layer_count() const { return static_cast<size_t>(std::max(0, handle_->dataset->GetLayerCount())); }

std::vector<std::string> TableSource::layer_names() const { return zila::layer_names(*handle_->dataset); }

TableLayer& TableSource::layer_at(size_t index) {
  OGRLayer* wanted = handle_->dataset->GetLayer(static_cast<int>(index));
  if (!wanted) throw Error(fmt::format("{}: no layer number {}", handle_->path, index + 1));
  return handle_->wrapper(*wanted);
}

TableLayer& TableSource::layer(const std::string& name) {
  OGRLayer* wanted = choose_layer(*handle_->dataset, name, handle_->path, [](OGRLayer&) { return true; });
  return handle_->wrapper(*wanted);
}

std::unique_ptr<TableLayer> TableSource::query(const std::string& sql) {
  CPLErrorReset();
  OGRLayer* result = handle_->dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) throw Error(CPLGetLastErrorMsg());
  return std::unique_ptr<TableLayer>(new TableLayer(std::make_unique<detail::TableCursor>(*handle_->dataset, *result, true)));
}

}  // namespace zila
