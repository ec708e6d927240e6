#include <catch2/catch.hpp>

#include <string>

#include "core/error.hpp"
#include "core/text.hpp"

using zila::cp1252_to_utf8;
using zila::is_valid_utf8;
using zila::parse_number;
using zila::to_utf8;
using zila::trim;

TEST_CASE("Well-formed UTF-8 is valid") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("Peshawar"));
  CHECK(is_valid_utf8("Pe\xC3\xB1" "a"));               // Peña
  CHECK(is_valid_utf8("\xD9\xBE\xD8\xB4\xD8\xA7\xD9\x88\xD8\xB1"));  // پشاور
  CHECK(is_valid_utf8("\xE2\x82\xAC"));                  // €
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));              // U+1F600
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));              // U+10FFFF
}

TEST_CASE("Overlong forms, surrogates and stray bytes are not valid UTF-8") {
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("\x80"));              // continuation without a lead
  CHECK_FALSE(is_valid_utf8("Pe\xF1" "a"));        // Windows-1252 ñ
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // truncated €
}

TEST_CASE("Windows-1252 converts to UTF-8, including 0x80 to 0x9F") {
  CHECK(cp1252_to_utf8("Pe\xF1" "a") == "Pe\xC3\xB1" "a");
  CHECK(cp1252_to_utf8("\x80") == "\xE2\x82\xAC");                  // €
  CHECK(cp1252_to_utf8("\x93quoted\x94") == "\xE2\x80\x9Cquoted\xE2\x80\x9D");
  CHECK(cp1252_to_utf8("\x96") == "\xE2\x80\x93");                  // en dash
  CHECK(cp1252_to_utf8("\x9F") == "\xC5\xB8");                      // Ÿ
  CHECK(cp1252_to_utf8("\xA0") == "\xC2\xA0");                      // no-break space
  CHECK(cp1252_to_utf8("\xFF") == "\xC3\xBF");                      // ÿ
  CHECK(cp1252_to_utf8("plain ASCII") == "plain ASCII");
}

TEST_CASE("Bytes Windows-1252 leaves undefined become the C1 control of the same value") {
  CHECK(cp1252_to_utf8("\x81") == "\xC2\x81");
  CHECK(cp1252_to_utf8("\x8D\x8F\x90\x9D") == "\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D");
}

TEST_CASE("Every Windows-1252 byte converts to valid UTF-8") {
  std::string all_bytes;
  for (int byte = 1; byte < 256; ++byte) all_bytes += static_cast<char>(byte);
  CHECK(is_valid_utf8(cp1252_to_utf8(all_bytes)));
}

TEST_CASE("UTF-8 input is kept and invalid bytes fall back to Windows-1252") {
  bool fell_back = true;
  CHECK(to_utf8("Pe\xC3\xB1" "a", "", &fell_back) == "Pe\xC3\xB1" "a");
  CHECK_FALSE(fell_back);
  CHECK(to_utf8("Pe\xF1" "a", "UTF-8", &fell_back) == "Pe\xC3\xB1" "a");
  CHECK(fell_back);
  // Only the ill-formed byte is reinterpreted; the UTF-8 ñ beside it stays as it is.
  CHECK(to_utf8("Pe\xC3\xB1" "a \x96 Pe\xF1" "a", "utf8", &fell_back) ==
        "Pe\xC3\xB1" "a \xE2\x80\x93 Pe\xC3\xB1" "a");
  CHECK(fell_back);
  CHECK(to_utf8("Pe\xF1" "a", "") == "Pe\xC3\xB1" "a");  // the flag is optional
}

TEST_CASE("Named single-byte encodings convert unconditionally, names ignoring case") {
  bool fell_back = true;
  CHECK(to_utf8("Pe\xF1" "a", "CP1252", &fell_back) == "Pe\xC3\xB1" "a");
  CHECK_FALSE(fell_back);
  CHECK(to_utf8("Pe\xF1" "a", "windows-1252") == "Pe\xC3\xB1" "a");
  CHECK(to_utf8("Pe\xF1" "a", "ISO-8859-1") == "Pe\xC3\xB1" "a");
  CHECK(to_utf8("Pe\xF1" "a", "latin1") == "Pe\xC3\xB1" "a");
  // Valid UTF-8 bytes are still read as single bytes when the file says it is Windows-1252.
  CHECK(to_utf8("\xC3\xB1", "CP1252") == "\xC3\x83\xC2\xB1");
}

TEST_CASE("An unknown encoding is an error") {
  CHECK_THROWS_AS(to_utf8("abc", "EBCDIC"), zila::Error);
  CHECK_THROWS_AS(to_utf8("abc", "UTF-16"), zila::Error);
}

TEST_CASE("Trimming removes ASCII whitespace and no-break spaces at both ends") {
  CHECK(trim("  Swat \t\r\n") == "Swat");
  CHECK(trim("\xC2\xA0Swat\xC2\xA0") == "Swat");           // U+00A0
  CHECK(trim("\xE2\x80\xAFSwat\xE2\x80\xAF") == "Swat");   // U+202F
  CHECK(trim("\xA0Swat\xA0") == "Swat");                   // Latin-1 A0
  CHECK(trim("\xEF\xBB\xBFSwat") == "Swat");               // byte-order mark
  CHECK(trim("Dera Ismail Khan") == "Dera Ismail Khan");
  CHECK(trim("   ").empty());
  CHECK(trim("").empty());
}

TEST_CASE("Trimming keeps UTF-8 characters whose last byte is A0") {
  CHECK(trim("voil\xC3\xA0 ") == "voil\xC3\xA0");      // à is C3 A0
  CHECK(trim("\xD8\xA0") == "\xD8\xA0");               // Arabic U+0620
  CHECK(trim("x\xE2\x80\xA0") == "x\xE2\x80\xA0");     // † is E2 80 A0
  CHECK(trim("x\xC3\xA0\xA0") == "x\xC3\xA0");         // à then a Latin-1 no-break space
}

TEST_CASE("Plain and signed numbers parse") {
  CHECK(parse_number("12") == 12.0);
  CHECK(parse_number(" 12 ") == 12.0);
  CHECK(parse_number("3.5") == 3.5);
  CHECK(parse_number(".5") == 0.5);
  CHECK(parse_number("+4") == 4.0);
  CHECK(parse_number("-2") == -2.0);
  CHECK(parse_number("-2.25") == -2.25);
  CHECK(parse_number("007") == 7.0);
  CHECK(parse_number("1.5E+03") == 1500.0);
  CHECK(parse_number("2e-3") == 0.002);
}

TEST_CASE("Thousands separators parse: commas, spaces and no-break spaces") {
  CHECK(parse_number("1,234") == 1234.0);
  CHECK(parse_number(" 1,234 ") == 1234.0);
  CHECK(parse_number("1,234,567") == 1234567.0);
  CHECK(parse_number("1,234.5") == 1234.5);
  CHECK(parse_number("-1,234") == -1234.0);
  CHECK(parse_number("1 234") == 1234.0);
  CHECK(parse_number("1 234 567.25") == 1234567.25);
  CHECK(parse_number("1\xC2\xA0" "234") == 1234.0);
  CHECK(parse_number("1\xA0" "234") == 1234.0);
  CHECK(parse_number("1\xE2\x80\xAF" "234") == 1234.0);
  CHECK(parse_number("\xC2\xA0" "1\xC2\xA0" "234\xC2\xA0") == 1234.0);
}

TEST_CASE("Commas not in groups of three are ambiguous and rejected") {
  CHECK_FALSE(parse_number("1,23"));
  CHECK_FALSE(parse_number("12,5"));
  CHECK_FALSE(parse_number("1,2345"));
  CHECK_FALSE(parse_number("1234,567"));
  CHECK_FALSE(parse_number("1,234,56"));
  CHECK_FALSE(parse_number("1,234 567"));  // mixed separators
  CHECK_FALSE(parse_number(",123"));
  CHECK_FALSE(parse_number("123,"));
}

TEST_CASE("Text that is not a number is rejected") {
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("   "));
  CHECK_FALSE(parse_number("n/a"));
  CHECK_FALSE(parse_number("12abc"));
  CHECK_FALSE(parse_number("abc12"));
  CHECK_FALSE(parse_number("-"));
  CHECK_FALSE(parse_number("."));
  CHECK_FALSE(parse_number("+-3"));
  CHECK_FALSE(parse_number("1.2.3"));
  CHECK_FALSE(parse_number("nan"));
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number("1e"));
  CHECK_FALSE(parse_number("0x1A"));
  CHECK_FALSE(parse_number("1,234e5"));
  CHECK_FALSE(parse_number(std::string(100, '9')));
}

TEST_CASE("Long values are shown by their start and their length, cut between characters", "[text]") {
  CHECK(zila::excerpt("Peshawar") == "Peshawar");
  CHECK(zila::excerpt(std::string(80, 'x')) == std::string(80, 'x'));
  CHECK(zila::excerpt(std::string(81, 'x')) == std::string(80, 'x') + "\xE2\x80\xA6[+1 bytes]");
  // "é" is two bytes (C3 A9): a cut is moved back to the start of the character it would split.
  CHECK(zila::excerpt("aaa\xC3\xA9\xC3\xA9", 7) == "aaa\xC3\xA9\xC3\xA9");
  CHECK(zila::excerpt("aaaa\xC3\xA9\xC3\xA9", 5) == "aaaa\xE2\x80\xA6[+4 bytes]");
  CHECK(zila::excerpt("aaa\xC3\xA9\xC3\xA9", 5) == "aaa\xC3\xA9\xE2\x80\xA6[+2 bytes]");
}

// Issue 12: Excel for Mac exports Mac Roman; other 8-bit encodings come through iconv.
TEST_CASE("Mac Roman and the other 8-bit encodings iconv knows are read, UTF-16 is refused", "[text]") {
  CHECK(zila::to_utf8("caf\x8E Pe\x9A" "awar", "macroman") == "caf\xC3\xA9 Pe\xC3\xB6" "awar");
  CHECK(zila::to_utf8("caf\x8E", "MacRoman") == "caf\xC3\xA9");
  CHECK(zila::to_utf8("\xE0\xE1", "ISO-8859-2") == "\xC5\x95\xC3\xA1");        // ŕá
  CHECK(zila::to_utf8("\xC1\xD2", "CP1256") == "\xD8\xA1\xD8\xB2");  // Arabic hamza, zain
  CHECK_THROWS_WITH(zila::to_utf8("x", "no-such-encoding"), Catch::Contains("unknown text encoding 'no-such-encoding'"));
  CHECK_THROWS_WITH(zila::to_utf8("x", "UTF-16"), Catch::Contains("not ASCII-compatible"));
  CHECK(zila::to_utf8("caf\x8E", "macroman") == "caf\xC3\xA9");  // usable again after a refusal
}
