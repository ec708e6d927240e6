// Choosing the sheet (layer) of a workbook or GeoPackage that holds the events, internal to the event
// loader: the one named in the options, or the one whose columns look most like events, so that a
// decoy or notes sheet before the data is not read instead of it.
#pragma once
#include <string>
#include <vector>

#include "core/io/event_columns.hpp"
#include "core/io/event_loader.hpp"
#include "core/io/table_source.hpp"

namespace zila {

// How an event table is opened: every CSV column text, empty cells as empty text, a workbook's first
// row its header. The loader, the layer listing and the sheet choice all open it so.
TableOpenOptions event_table_options();

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
