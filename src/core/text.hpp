// Text clean-up for input files: encodings and numbers as people type them.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace zila {

bool is_valid_utf8(std::string_view bytes);
// Windows-1252 (a superset of Latin-1 for printable bytes) to UTF-8. The five bytes Windows-1252
// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 control of the same value, as on
// Windows: lossless, unlike U+FFFD.
std::string cp1252_to_utf8(std::string_view bytes);
// `encoding` empty or "UTF-8": valid UTF-8 is kept, invalid bytes are read as Windows-1252 and
// `*fell_back` is set. Other names ("CP1252", "ISO-8859-1", "LATIN1") convert unconditionally;
// Latin-1 is read as Windows-1252, as browsers do. Names ignore case, '-' and '_'. Any other
// ASCII-compatible encoding iconv knows converts through iconv ("MacRoman", "ISO-8859-2", "KOI8-R",
// "CP1256"); bytes it cannot convert become U+FFFD.
// Throws zila::Error for an encoding it does not know or one that is not ASCII-compatible (UTF-16).
std::string to_utf8(std::string_view bytes, std::string_view encoding, bool* fell_back = nullptr);

// `text` as shown in a message: whole up to `max_bytes`, else its start (cut between UTF-8 characters)
// and a mark with its full length, "Peshawar Peshawar…[+52428720 bytes]", so that a 50 MB cell does not
// flood the terminal or the join report.
std::string excerpt(std::string_view text, size_t max_bytes = 80);

// Trims ASCII whitespace and UTF-8 / Latin-1 no-break spaces (U+00A0, U+202F, a lone A0 byte, and
// U+FEFF, the byte-order mark) at both ends.
std::string_view trim(std::string_view text);

// "12", " 1,234 ", "3.5", "1 234" (space or no-break space as thousands separator), "+4", "-2",
// "1.5E+03". Thousands groups must have three digits: "1,23" may be a decimal comma, so nullopt.
// nullopt for empty or non-numeric text ("n/a", "12abc").
std::optional<double> parse_number(std::string_view text);

// ASCII letters lower-cased, other bytes (UTF-8 included) kept: for file extensions, flags and keys.
std::string ascii_lower(std::string_view text);
// Equal ignoring ASCII case.
bool ascii_iequals(std::string_view a, std::string_view b);

// Milliseconds of wall time since `start`, for the timings commands print and `zila bench` compares.
inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace zila
