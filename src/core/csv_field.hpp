// RFC 4180 quoting of one CSV field, only when needed (commas, quotes, line breaks).
#pragma once
#include <string>
#include <string_view>

namespace zila {

inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace zila
