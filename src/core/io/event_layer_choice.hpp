// Opening an event table (open_event_table) and choosing the sheet (layer) of a workbook or GeoPackage
// that holds the events: the one named in the options, or the one whose columns look most like events,
// so that a decoy or notes sheet before the data is not read instead of it. Used by the loader, the
// data panel's preview and the audit trail.
#pragma once
#include <string>
#include <vector>

#include "core/io/event_columns.hpp"
#include "core/io/event_loader.hpp"
#include "core/io/table_source.hpp"

namespace zila {

// Opens an event table as the loader reads it: every CSV column text, empty cells as empty text, a
// workbook's first row its header (even when all text). The loader, the layer listing, the data panel's
// preview and the audit trail all open it through here, so that they see the same columns and rows.
// Throws zila::Error for a folder (only a File Geodatabase is one table) or what cannot be read.
TableSource open_event_table(const std::string& path);

// Refuses a folder given for a table (`what`: "events", "alias table"): GDAL reads a folder of CSV files
// as one dataset, which gave 0 rows or the wrong file. A File Geodatabase (.gdb) is let through.
void refuse_folder(const std::string& path, const char* what);

// The first kSampleRows rows' non-empty values of each field, trimmed UTF-8; the layer is rewound.
ColumnSample sample_layer(TableLayer& layer, const std::string& encoding);

// A layer's columns and how well they look like events: the date column's read share plus the place's.
struct LayerChoice {
  TableLayer* layer = nullptr;
  EventColumns columns;
  std::vector<std::string> notes;
  double score = -1;  // -1: no date or no place found
  std::string problem;
};

// The columns `layer` would give (ranked by content) and its score; `ranked_by_places`: a sheet of
// another country's places scores below the right one (needs options.resolves_place).
LayerChoice assess_layer(TableLayer& layer, const EventOptions& options, bool ranked_by_places);

// The layer named in the options, or (several layers) the best assessed one with a note naming the
// others. Throws zila::Error when none has a date and a place column, saying what each lacks.
LayerChoice choose_event_layer(TableSource& table, const EventOptions& options);

}  // namespace zila
