// How one event table is read (EventOptions): the file or database, its sheet or query, the columns,
// date rules, encoding and categories. Its own header so that the loader's internals (event_rows.hpp,
// event_columns.hpp) and its users need not include the loader.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/events.hpp"
#include "core/io/dates.hpp"

namespace zila {

struct EventOptions {
  std::string path;
  std::string layer;        // empty: first layer
  std::string sql;          // database sources (PG:...): a query whose rows are the events, instead of a layer
  EventColumns columns;     // empty entries are auto-detected from common names
  DateOrder date_order = DateOrder::automatic;
  std::string date_format;  // explicit strptime-style format, e.g. "%d.%m.%Y"
  // Plausible years: dates outside [first_year, last_year] are rejected with their own reason.
  int first_year = 1900;
  int last_year = current_year() + 1;
  std::string encoding;     // empty: UTF-8, with Windows-1252 fallback for invalid bytes
  // Raw category value (case-insensitive) -> category. Added to the built-in ACLED/common mapping.
  std::map<std::string, Category> category_map;
  Category default_category = Category::incident;  // for rows without a category column
  std::string citation;     // a short citation of the publisher, shown on slides instead of the file name
  // Whether a place name resolves to a district: scores candidate place columns by their content (the
  // pipeline passes the name matcher's). Empty: place columns are chosen by their names only.
  std::function<bool(std::string_view)> resolves_place;
};

}  // namespace zila
