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

// A text cell of a CSV meant for people and spreadsheets (the report's district names): a value
// starting with = + - @ tab or CR would run as a formula in Excel, LibreOffice and Google Sheets
// (=HYPERLINK(...) as a district name), so it gets a leading single quote and quotes, as OWASP's
// CSV-injection advice has it. Not for files Zila reads back (the alias table).
inline std::string csv_text_field(std::string_view text) {
  if (text.empty() || std::string_view("=+-@\t\r").find(text.front()) == std::string_view::npos) return csv_field(text);
  std::string quoted = "\"'";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace zila
