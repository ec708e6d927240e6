// Reading a plain CSV event file on all cores (event_csv.cpp), internal to the event loader.
#pragma once
#include <string>
#include <vector>

#include "core/events.hpp"
#include "core/io/event_options.hpp"
#include "core/io/event_rows.hpp"

namespace zila {

// The fast path for plain CSV files (event_csv.cpp): reads `options.path` with CsvRecordReader on all
// cores into `table` (whose columns are already chosen) and returns true, or returns false, leaving
// `table` as it was, when the file holds something only GDAL reads right. `header` is GDAL's field list.
bool read_csv_events(const EventOptions& options, const std::vector<std::string>& header, const FieldIndexes& at,
                     EventTable& table);

}  // namespace zila
