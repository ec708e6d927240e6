// Name rules, part 1: UTF-8 folding and normalisation, tokens and word lists, edit distance and the
// spelling folds (see name_rules.hpp for the map of the name matcher's files).
#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "core/join/name_match.hpp"
#include "core/join/name_rules.hpp"

namespace zila {
namespace {

// ---- UTF-8 folding and normalisation --------------------------------------------------------

// Decodes one UTF-8 sequence at text[pos]; returns the code point and advances pos.
// Invalid bytes decode as U+FFFD one byte at a time, so they end up as separators.
char32_t decode_utf8(std::string_view text, size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || pos + length > text.size()) {
    ++pos;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    const auto cont = static_cast<unsigned char>(text[pos + i]);
    if ((cont & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cont & 0x3F);
  }
  pos += length;
  return cp;
}

// Base letters of U+00C0..U+00FF and U+0100..U+017F; '*' marks two-letter folds, ' ' non-letters.
constexpr std::string_view kLatin1Folds = "aaaaaa*ceeeeiiiidnooooo ouuuuy**aaaaaa*ceeeeiiiidnooooo ouuuuy*y";
constexpr std::string_view kLatinExtendedAFolds =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssss"
    "ttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatin1Folds.size() == 0x40 && kLatinExtendedAFolds.size() == 0x80);

// What a code point contributes to a normalised name: a folded letter, a separator (" "),
// nothing (apostrophes and combining marks join: "Baha'uddin" -> "bahauddin"), or, as nullopt,
// itself (scripts we do not fold, e.g. Urdu, stay usable as alias keys).
std::optional<std::string_view> fold(char32_t cp) {
  static constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyz";
  if (cp < 0x80) {
    if (cp >= 'a' && cp <= 'z') return kLetters.substr(cp - 'a', 1);
    if (cp >= 'A' && cp <= 'Z') return kLetters.substr(cp - 'A', 1);
    if (cp >= '0' && cp <= '9') return std::string_view("0123456789").substr(cp - '0', 1);
    if (cp == '\'' || cp == '`') return "";
    return " ";
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    switch (cp) {
      case 0xC6: case 0xE6: return "ae";
      case 0xDE: case 0xFE: return "th";
      case 0xDF: return "ss";
      default: return kLatin1Folds.substr(cp - 0xC0, 1);
    }
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    switch (cp) {
      case 0x132: case 0x133: return "ij";
      case 0x152: case 0x153: return "oe";
      default: return kLatinExtendedAFolds.substr(cp - 0x100, 1);
    }
  }
  // Dotted letters of Urdu/Arabic transliteration: ḍ ḏ ḥ ḳ ḵ ṇ ṛ ṣ ṭ ṯ ẓ.
  if (cp >= 0x1E00 && cp <= 0x1EFF) {
    switch (cp & ~char32_t{1}) {
      case 0x1E0C: case 0x1E0E: return "d";
      case 0x1E24: return "h";
      case 0x1E32: case 0x1E34: return "k";
      case 0x1E46: return "n";
      case 0x1E5A: return "r";
      case 0x1E62: return "s";
      case 0x1E6C: case 0x1E6E: return "t";
      case 0x1E92: return "z";
      default: break;
    }
  }
  if ((cp >= 0x2BB && cp <= 0x2BF) || cp == 0x2018 || cp == 0x2019) return "";  // ʻ ʼ ʾ ʿ ‘ ’
  if (cp >= 0x300 && cp <= 0x36F) return "";                                    // combining accents
  const bool separator = cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
                         cp == 0x3000 || cp == 0xFFFD || cp == 0x60C || cp == 0x61B || cp == 0x61F ||
                         cp == 0x6D4;  // Arabic comma, semicolon, question mark, full stop
  if (separator) return " ";
  return std::nullopt;
}

}  // namespace

std::string normalise_place_name(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < raw.size();) {
    const size_t start = pos;
    const std::optional<std::string_view> replacement = fold(decode_utf8(raw, pos));
    const std::string_view folded = replacement.value_or(raw.substr(start, pos - start));
    if (folded == " ") {
      pending_space = !out.empty();
    } else if (!folded.empty()) {
      if (pending_space) out += ' ';
      pending_space = false;
      out += folded;
    }
  }
  return out;
}

namespace name_rules {

// ---- Token helpers and word lists -----------------------------------------------------------

std::vector<std::string> split_tokens(std::string_view normalised) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < normalised.size()) {
    size_t end = normalised.find(' ', start);
    if (end == std::string_view::npos) end = normalised.size();
    tokens.emplace_back(normalised.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

std::string join_tokens(const std::vector<std::string>& tokens, size_t first, size_t count, std::string_view sep) {
  std::string joined;
  for (size_t i = first; i < first + count; ++i) {
    if (i > first) joined += sep;
    joined += tokens[i];
  }
  return joined;
}

std::string join_all(const std::vector<std::string>& tokens) { return join_tokens(tokens, 0, tokens.size()); }

std::string compact(std::string_view normalised) {
  std::string out(normalised);
  std::erase(out, ' ');
  return out;
}

bool contains(std::initializer_list<std::string_view> words, std::string_view token) {
  return std::find(words.begin(), words.end(), token) != words.end();
}


// "district" as typed in real files: "distt", "dist", and typos two edits away ("distrcit", "distric").
bool is_district_word(std::string_view token) {
  return token == "district" || token == "distt" || token == "dist" ||
         (token.size() >= 6 && token.starts_with("dis") && edit_distance(token, "district") <= 2);
}

// Words around a district name that do not change which district is meant. "Division" is not
// here on purpose: "Malakand Division" spans several districts besides Malakand.
bool is_affix(std::string_view token) {
  return is_district_word(token) ||
         contains({"agency", "tehsil", "city", "cantt", "cantonment", "fr", "province"}, token);
}

// Drops affix words, "F.R." (normalised "f r") and "Frontier Region(s)".
std::vector<std::string> strip_affixes(const std::vector<std::string>& tokens) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool pair_f_r = tokens[i] == "f" && i + 1 < tokens.size() && tokens[i + 1] == "r";
    const bool frontier_region = tokens[i] == "frontier" && i + 1 < tokens.size() &&
                                 (tokens[i + 1] == "region" || tokens[i + 1] == "regions");
    if (pair_f_r || frontier_region) {
      ++i;
    } else if (!is_affix(tokens[i])) {
      kept.push_back(tokens[i]);
    }
  }
  return kept;
}

// Position words that analysts write before or after the name: "Dir Lower" for "Lower Dir".
bool is_qualifier(std::string_view token) {
  return contains({"lower", "upper", "north", "south", "east", "west", "central"}, token);
}

// "Lower"/"Upper" before or after a district name name a part of it ("Lower Kurram Agency"); other
// position words may name a different district ("North Waziristan" is not "Waziristan").
bool is_part_qualifier(std::string_view token) { return token == "lower" || token == "upper"; }

// Provinces, territories and regions above district level, normalised. None of them may resolve
// to a district, even where a district shares a word ("Khyber", "Gilgit").
constexpr std::array<std::string_view, 22> kRegionNames = {
    "khyber pakhtunkhwa", "khyber pakhtoonkhwa", "kpk", "kp", "nwfp", "north west frontier province",
    "northwest frontier province", "balochistan", "baluchistan", "punjab", "sindh", "sind", "fata",
    "federally administered tribal areas", "pata", "provincially administered tribal areas", "tribal areas",
    "gilgit baltistan", "northern areas", "pakistan", "frontier regions", "ex fata"};

// ---- Edit distance --------------------------------------------------------------------------

// Damerau-Levenshtein distance, optimal-string-alignment variant (adjacent transpositions count 1).
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// Edits tolerated for a string of this length (spaces not counted) by the lenient level, and the
// reach of spelling suggestions. Real village names sit one or two edits from districts
// ("Kalam"/Kalat, "Ghorski"/Ghotki, "Mada Khel"/Musakhel), so the default level uses fold_spelling.
size_t fuzzy_threshold(std::string_view normalised) {
  const size_t letters = compact(normalised).size();
  return letters <= 8 ? 1 : letters <= 12 ? 2 : 3;
}

// Shorter strings are too easily one edit away from an unrelated name ("Kajak" / Karak).
// From this length on, the default level also accepts one vowel edit ("Tharparker").

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The spelling variation of transliterated names that does not change the place: doubled letters
// ("Kuram", "Abbotabad") and an 'h' after a vowel ("Nowshehra"). Input: a compact normalised name.
// Letter changes, even of one vowel, do not fold: "Kharian" is not Kharan, "Musa Khil" not Musakhel.
std::string fold_spelling(std::string_view compact_name) {
  std::string out;
  for (char c : compact_name) {
    if (!out.empty() && out.back() == c) continue;
    if (c == 'h' && !out.empty() && is_vowel(out.back())) continue;
    out += c;
  }
  return out;
}

// The consonants of a folded name, in order: "tharparkar" -> "thrprkr".
std::string consonant_skeleton(std::string_view folded) {
  std::string out;
  for (char c : folded)
    if (!is_vowel(c)) out += c;
  return out;
}

size_t length_difference(size_t a, size_t b) { return a > b ? a - b : b - a; }

struct RegionName {
  std::string spaced, compact;
  std::vector<std::string> words;
};

const std::vector<RegionName>& region_names() {
  static const std::vector<RegionName> regions = [] {
    std::vector<RegionName> out;
    for (std::string_view region : kRegionNames) out.push_back({std::string(region), compact(region), split_tokens(region)});
    return out;
  }();
  return regions;
}

bool is_region_name(std::string_view normalised) {
  const std::vector<std::string> words = split_tokens(normalised);
  const std::string normalised_compact = compact(normalised);
  for (const RegionName& region : region_names()) {
    if (normalised == region.spaced || normalised_compact == region.compact) return true;
    // Misspelt regions ("Khyber Punkhtunkhwa"): word by word, so that a district word next to a
    // region word is never taken for part of it ("Gilgit, Pakistan" is not "Gilgit Baltistan").
    if (region.words.size() != words.size()) continue;
    bool close = true;
    for (size_t i = 0; i < words.size() && close; ++i) {
      const std::string& region_word = region.words[i];
      const size_t tolerated = region_word.size() >= 6 ? fuzzy_threshold(region_word) : 0;
      close = words[i] == region_word ||
              (tolerated > 0 && !words[i].empty() && words[i][0] == region_word[0] &&
               length_difference(words[i].size(), region_word.size()) <= tolerated &&
               edit_distance(words[i], region_word) <= tolerated);
    }
    if (close) return true;
  }
  return false;
}

}  // namespace name_rules
}  // namespace zila
