#include "core/text.hpp"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "core/error.hpp"

namespace zila {
namespace {

// Length of the well-formed UTF-8 sequence starting at bytes[i], or 0 if there is none.
// Follows Unicode table 3-7, so overlong forms, surrogates (ED A0..BF) and code points above
// U+10FFFF are not well-formed.
size_t utf8_sequence_length(std::string_view bytes, size_t i) {
  const auto byte_at = [&](size_t k) { return static_cast<uint8_t>(bytes[k]); };
  const uint8_t lead = byte_at(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint8_t second_min = 0x80;
  uint8_t second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // below is overlong
    if (lead == 0xED) second_max = 0x9F;  // above is a surrogate
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // below is overlong
    if (lead == 0xF4) second_max = 0x8F;  // above is past U+10FFFF
  } else {
    return 0;  // continuation byte, C0/C1 (always overlong) or F5..FF
  }
  if (i + length > bytes.size()) return 0;
  if (byte_at(i + 1) < second_min || byte_at(i + 1) > second_max) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte_at(i + k) < 0x80 || byte_at(i + k) > 0xBF) return 0;
  }
  return length;
}

void append_code_point(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {  // Windows-1252 needs nothing beyond the Basic Multilingual Plane
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 bytes 0x80..0x9F; every other byte has the code point of its value. The five bytes
// Windows leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same value,
// as Windows itself and the WHATWG Encoding Standard do: the conversion stays lossless, where
// U+FFFD would erase what the byte was.
constexpr std::array<char16_t, 32> kCp1252High = {
    u'\u20AC', u'\u0081', u'\u201A', u'\u0192', u'\u201E', u'\u2026', u'\u2020', u'\u2021',
    u'\u02C6', u'\u2030', u'\u0160', u'\u2039', u'\u0152', u'\u008D', u'\u017D', u'\u008F',
    u'\u0090', u'\u2018', u'\u2019', u'\u201C', u'\u201D', u'\u2022', u'\u2013', u'\u2014',
    u'\u02DC', u'\u2122', u'\u0161', u'\u203A', u'\u0153', u'\u009D', u'\u017E', u'\u0178',
};

char32_t cp1252_code_point(uint8_t byte) {
  if (byte >= 0x80 && byte <= 0x9F) return kCp1252High[byte - 0x80];
  return byte;
}

// Compares names ignoring case, '-' and '_', so "utf8", "UTF-8" and "Windows_1252" are all known.
bool encoding_name_is(std::string_view name, std::string_view canonical) {
  size_t matched = 0;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (matched == canonical.size() || canonical[matched] != c) return false;
    ++matched;
  }
  return matched == canonical.size();
}

// An iconv conversion to UTF-8, one per thread, kept open: opening one costs more than converting a
// field.
class IconvToUtf8 {
 public:
  IconvToUtf8() = default;
  IconvToUtf8(const IconvToUtf8&) = delete;
  IconvToUtf8& operator=(const IconvToUtf8&) = delete;
  ~IconvToUtf8() { close(); }

  // Opens the conversion from `encoding` (or keeps the open one); throws zila::Error for an encoding
  // iconv does not know or one that is not ASCII-compatible (Zila splits fields on ASCII bytes).
  void open(std::string_view encoding) {
    if (descriptor_ != kNone && encoding == name_) return;
    close();
    // Excel for Mac's "Mac Roman" is iconv's MACINTOSH.
    const std::string iconv_name = encoding_name_is(encoding, "MACROMAN") || encoding_name_is(encoding, "XMACROMAN")
                                       ? "MACINTOSH"
                                       : std::string(encoding);
    descriptor_ = ::iconv_open("UTF-8", iconv_name.c_str());
    if (descriptor_ == kNone) {
      throw Error("unknown text encoding '" + std::string(encoding) +
                  "' (known: UTF-8, CP1252 / Windows-1252, ISO-8859-1 / Latin1, MacRoman, and the other 8-bit "
                  "encodings `iconv -l` lists)");
    }
    name_ = encoding;
    std::string ascii = "\t\n\r";
    for (char c = ' '; c <= '~'; ++c) ascii += c;
    if (convert(ascii) != ascii) {
      close();
      throw Error("text encoding '" + std::string(encoding) +
                  "' is not ASCII-compatible (UTF-16, EBCDIC, ...): convert the file to UTF-8 first");
    }
  }

  // Bytes that do not convert become U+FFFD.
  std::string convert(std::string_view bytes) {
    ::iconv(descriptor_, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
    std::string out(bytes.size() * 4 + 16, '\0');  // no character takes more than four UTF-8 bytes
    char* in = const_cast<char*>(bytes.data());    // iconv's signature; it does not write there
    size_t in_left = bytes.size();
    char* to = out.data();
    size_t out_left = out.size();
    while (in_left > 0 && ::iconv(descriptor_, &in, &in_left, &to, &out_left) == static_cast<size_t>(-1)) {
      if (errno == E2BIG || out_left < 3) break;
      std::memcpy(to, "\xEF\xBF\xBD", 3);  // a byte that does not convert becomes U+FFFD
      to += 3, out_left -= 3;
      ++in, --in_left;
    }
    out.resize(out.size() - out_left);
    return out;
  }

 private:
  static inline const iconv_t kNone = reinterpret_cast<iconv_t>(-1);
  void close() {
    if (descriptor_ != kNone) ::iconv_close(descriptor_);
    descriptor_ = kNone;
  }
  iconv_t descriptor_ = kNone;
  std::string name_;
};

IconvToUtf8& thread_converter() {
  thread_local IconvToUtf8 converter;
  return converter;
}

enum class Encoding { utf8, cp1252, iconv };

Encoding encoding_from_name(std::string_view name) {
  if (name.empty() || encoding_name_is(name, "UTF8")) return Encoding::utf8;
  // Files labelled Latin-1 are decoded as Windows-1252, like browsers do (WHATWG): bytes 0x80..0x9F
  // in such files are almost always curly quotes and dashes, not C1 control codes.
  for (std::string_view cp1252_name : {"CP1252", "WINDOWS1252", "ISO88591", "LATIN1"}) {
    if (encoding_name_is(name, cp1252_name)) return Encoding::cp1252;
  }
  thread_converter().open(name);  // throws for a name iconv does not know
  return Encoding::iconv;
}

// Byte length of a space-like character at the start of `text`, 0 if it does not start with one.
size_t leading_space_length(std::string_view text) {
  if (text.empty()) return 0;
  switch (static_cast<uint8_t>(text[0])) {
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
      return 1;
    case 0xA0:  // Latin-1 no-break space; a UTF-8 character never starts with this byte
      return 1;
    default:
      break;
  }
  if (text.starts_with("\xC2\xA0")) return 2;      // U+00A0 no-break space
  if (text.starts_with("\xE2\x80\xAF")) return 3;  // U+202F narrow no-break space
  if (text.starts_with("\xEF\xBB\xBF")) return 3;  // U+FEFF zero-width no-break space (a BOM)
  return 0;
}

// Byte length of a space-like character at the end of `text`, 0 if it does not end with one.
size_t trailing_space_length(std::string_view text) {
  if (text.empty()) return 0;
  const auto last = static_cast<uint8_t>(text.back());
  if (last == ' ' || (last >= '\t' && last <= '\r')) return 1;
  for (std::string_view space : {"\xC2\xA0", "\xE2\x80\xAF", "\xEF\xBB\xBF"}) {
    if (text.ends_with(space)) return space.size();
  }
  if (last != 0xA0) return 0;
  // A0 also ends UTF-8 characters ("à" is C3 A0, Arabic U+0620 is D8 A0): it is a Latin-1
  // no-break space only when no well-formed sequence ends with it.
  for (size_t length = 2; length <= 4 && length <= text.size(); ++length) {
    if (utf8_sequence_length(text, text.size() - length) == length) return 0;
  }
  return 1;
}

// A thousands separator at the start of `text`: ',' or a (no-break) space. Returns its byte length.
size_t group_separator_length(std::string_view text) {
  if (text.empty()) return 0;
  if (text[0] == ',' || text[0] == ' ' || static_cast<uint8_t>(text[0]) == 0xA0) return 1;
  if (text.starts_with("\xC2\xA0")) return 2;
  if (text.starts_with("\xE2\x80\xAF")) return 3;  // French style: narrow no-break space
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    const size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string cp1252_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (char byte : bytes) append_code_point(out, cp1252_code_point(static_cast<uint8_t>(byte)));
  return out;
}

std::string to_utf8(std::string_view bytes, std::string_view encoding, bool* fell_back) {
  if (fell_back) *fell_back = false;
  switch (encoding_from_name(encoding)) {
    case Encoding::cp1252: return cp1252_to_utf8(bytes);
    case Encoding::iconv: return thread_converter().convert(bytes);
    case Encoding::utf8: break;
  }
  if (is_valid_utf8(bytes)) return std::string(bytes);
  // Only the ill-formed bytes are read as Windows-1252: a file mixing UTF-8 rows with rows pasted
  // from a Windows tool keeps its UTF-8 text intact.
  if (fell_back) *fell_back = true;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (size_t i = 0; i < bytes.size();) {
    const size_t length = utf8_sequence_length(bytes, i);
    if (length > 0) {
      out.append(bytes.substr(i, length));
      i += length;
    } else {
      append_code_point(out, cp1252_code_point(static_cast<uint8_t>(bytes[i])));
      ++i;
    }
  }
  return out;
}

std::string excerpt(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6[+" + std::to_string(text.size() - cut) + " bytes]";
}

std::string_view trim(std::string_view text) {
  while (size_t length = leading_space_length(text)) text.remove_prefix(length);
  while (size_t length = trailing_space_length(text)) text.remove_suffix(length);
  return text;
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  // The number is copied without its '+' and separators, so that from_chars sees plain digits.
  // The copy is never longer than the text; longer text is not a number anyone typed.
  std::array<char, 64> clean{};
  if (text.size() > clean.size()) return std::nullopt;
  size_t clean_size = 0;
  const auto keep = [&](char c) { clean[clean_size++] = c; };

  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    if (text[i] == '-') keep('-');
    ++i;
  }
  const auto copy_digits = [&]() {
    size_t count = 0;
    for (; i < text.size() && is_digit(text[i]); ++i, ++count) keep(text[i]);
    return count;
  };

  const size_t first_group = copy_digits();
  size_t integer_digits = first_group;
  // Thousands groups: "1,234,567" or "1 234 567", one kind of separator, exactly three digits each.
  // "1,23" is rejected rather than guessed: it may be a decimal comma.
  std::string_view separator;
  while (first_group > 0 && i < text.size()) {
    const size_t separator_length = group_separator_length(text.substr(i));
    if (separator_length == 0) break;
    const std::string_view this_separator = text.substr(i, separator_length);
    if (!separator.empty() && this_separator != separator) return std::nullopt;
    if (separator.empty() && first_group > 3) return std::nullopt;
    separator = this_separator;
    i += separator_length;
    const size_t group = copy_digits();
    if (group != 3) return std::nullopt;
    integer_digits += group;
  }

  size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    keep('.');
    ++i;
    fraction_digits = copy_digits();
  }
  if (integer_digits + fraction_digits == 0) return std::nullopt;

  // Exponents as spreadsheets and pandas write them ("1.5E+03"), only on ungrouped numbers.
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E') && separator.empty()) {
    keep('e');
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) keep(text[i++]);
    if (copy_digits() == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;  // trailing text: "12abc", "1,234.5.6"

  double value = 0;
  const char* end = clean.data() + clean_size;
  const auto [stop, error] = std::from_chars(clean.data(), end, value);
  if (error != std::errc{} || stop != end) return std::nullopt;
  return value;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ascii_lower(a) == ascii_lower(b);
}

}  // namespace zila
