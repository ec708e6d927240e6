#include "core/io/event_layer_choice.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "core/text.hpp"

namespace zila {

void refuse_folder(const std::string& path, const char* what) {
  std::error_code error;
  const std::filesystem::path file(path);
  if (std::filesystem::is_directory(file, error) && file.extension() != ".gdb") {
    throw Error(fmt::format("cannot open {} '{}': it is a folder; name the file in it (CSV, XLSX, ...)", what, path));
  }
}

TableSource open_event_table(const std::string& path) {
  refuse_folder(path, "events");
  TableOpenOptions options;
  options.empty_cell_is_text = true;
  options.workbook_header_row = true;
  return TableSource::open(path, options, "events");
}

ColumnSample sample_layer(TableLayer& layer, const std::string& encoding) {
  ColumnSample sample(layer.field_names().size());
  const int field_count = static_cast<int>(sample.size());
  layer.rewind();
  while (const TableRow* row = layer.next()) {
    if (row->row_number() > kSampleRows) break;
    for (int i = 0; i < field_count; ++i) {
      if (row->is_null(i)) continue;
      std::string text(trim(to_utf8(row->text(i), encoding)));
      if (!text.empty()) sample[static_cast<size_t>(i)].push_back(std::move(text));
    }
  }
  layer.rewind();
  return sample;
}

LayerChoice assess_layer(TableLayer& layer, const EventOptions& options, bool ranked_by_places) {
  LayerChoice choice;
  choice.layer = &layer;
  const std::vector<std::string> fields = layer.field_names();
  const ColumnSample sample = sample_layer(layer, options.encoding);
  try {
    choice.columns = choose_event_columns(fields, options, options.path, sample, choice.notes);
    const std::vector<std::string>* dates = values_of(fields, &sample, choice.columns.date);
    double date_score = dates && !dates->empty() ? rank_date(choice.columns.date, dates).score : 0;
    if (!choice.columns.month.empty()) date_score = share_numeric(*dates);  // a year column
    const bool has_rows = dates && !dates->empty();
    // Where the district names are known, a sheet of another country's places scores below the right one.
    double place_score = choice.columns.place.empty() ? 0.5 : 1.0;
    if (ranked_by_places && !choice.columns.place.empty()) {
      place_score = std::max(0.0, rank_place(choice.columns.place, values_of(fields, &sample, choice.columns.place), options).score);
    }
    choice.score = has_rows ? date_score + place_score : 0;
  } catch (const Error& e) {
    choice.problem = e.what();
  }
  return choice;
}

LayerChoice choose_event_layer(TableSource& table, const EventOptions& options) {
  if (!options.layer.empty() || table.layer_count() == 1) {
    LayerChoice choice = assess_layer(table.layer(options.layer), options, false);
    if (!choice.problem.empty()) throw Error(choice.problem);
    return choice;
  }
  std::vector<LayerChoice> layers;
  for (size_t i = 0; i < table.layer_count(); ++i) {
    layers.push_back(assess_layer(table.layer_at(i), options, options.resolves_place != nullptr));
  }
  if (layers.empty()) throw Error(fmt::format("{}: no layers (sheets) in it", options.path));
  auto best = std::max_element(layers.begin(), layers.end(),
                               [](const LayerChoice& a, const LayerChoice& b) { return a.score < b.score; });
  if (best->score < 0) {
    std::string problems;
    for (const LayerChoice& l : layers) problems += fmt::format("\n  '{}': {}", l.layer->name(), l.problem);
    throw Error(fmt::format("{}: no layer (sheet) looks like events (--events-layer names one):{}", options.path, problems));
  }
  std::vector<std::string> others;
  for (const LayerChoice& l : layers) {
    if (&l != &*best) others.push_back(fmt::format("'{}' ({})", l.layer->name(), l.score < 0 ? "no date or place column" : "less like events"));
  }
  best->notes.insert(best->notes.begin(), fmt::format("sheet '{}' (of {}) over {}: --events-layer names another",
                                                      best->layer->name(), layers.size(), fmt::join(others, ", ")));
  return std::move(*best);
}

}  // namespace zila
