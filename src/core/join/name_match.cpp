// Sections: UTF-8 folding and normalisation; token helpers and word lists; edit distance;
// NameMatcher construction; NameMatcher::match and its suggestions.
#include "core/join/name_match.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string_view>

#include "core/error.hpp"

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

std::string join_tokens(const std::vector<std::string>& tokens, size_t first, size_t count, std::string_view sep = " ") {
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

size_t edit_distance(std::string_view a, std::string_view b);

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
constexpr size_t kMinFuzzyLength = 5;
// From this length on, the default level also accepts one vowel edit ("Tharparker").
constexpr size_t kMinVowelEditLength = 10;

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

// ---- Key tables -----------------------------------------------------------------------------

constexpr int32_t kConflict = -2;  // two districts claim the key: never resolve through it

void add_key(std::unordered_map<std::string, int32_t>& table, const std::string& key, int32_t district) {
  if (key.empty()) return;
  auto [it, inserted] = table.emplace(key, district);
  if (!inserted && it->second != district) it->second = kConflict;
}

int32_t find_key(const std::unordered_map<std::string, int32_t>& table, const std::string& key) {
  const auto it = table.find(key);
  return it == table.end() || it->second == kConflict ? -1 : it->second;
}

using PhraseTable = std::unordered_map<std::string, int32_t>;

void add_unique(std::vector<int32_t>& districts, int32_t district) {
  if (std::find(districts.begin(), districts.end(), district) == districts.end()) districts.push_back(district);
}

void add_unique_name(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

// Districts mentioned anywhere in the tokens, in order of appearance, longest phrase first;
// region names are skipped so that "Khyber Pakhtunkhwa" does not mention Khyber.
std::vector<int32_t> districts_mentioned(const std::vector<std::string>& tokens, const PhraseTable& phrases,
                                         size_t max_phrase_tokens) {
  std::vector<int32_t> found;
  for (size_t i = 0; i < tokens.size();) {
    size_t advance = 1;
    for (size_t length = std::min(max_phrase_tokens, tokens.size() - i); length >= 1; --length) {
      const std::string window = join_tokens(tokens, i, length);
      if (is_region_name(window)) {
        advance = length;
        break;
      }
      if (const int32_t hit = find_key(phrases, window); hit >= 0) {
        add_unique(found, hit);
        advance = length;
        break;
      }
    }
    i += advance;
  }
  return found;
}

std::vector<std::string_view> split_raw(std::string_view raw, std::initializer_list<std::string_view> separators) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t pos = 0; pos < raw.size();) {
    const auto separator = std::find_if(separators.begin(), separators.end(),
                                        [&](std::string_view sep) { return raw.substr(pos).starts_with(sep); });
    if (separator == separators.end()) {
      ++pos;
      continue;
    }
    parts.push_back(raw.substr(start, pos - start));
    pos += separator->size();
    start = pos;
  }
  parts.push_back(raw.substr(start));
  return parts;
}

// The district a phrase (affixes stripped) names: the phrase spaced or compact, or, after a
// "Lower"/"Upper" in front or behind, the rest of it ("lower kurram" -> Kurram).
int32_t find_phrase(const PhraseTable& phrases, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return -1;
  for (int32_t hit : {find_key(phrases, join_all(tokens)), find_key(phrases, join_tokens(tokens, 0, tokens.size(), ""))})
    if (hit >= 0) return hit;
  if (tokens.size() < 2) return -1;
  const size_t first = is_part_qualifier(tokens.front()) ? 1 : 0;
  const size_t last = is_part_qualifier(tokens.back()) ? tokens.size() - 1 : tokens.size();
  if (first == 0 && last == tokens.size()) return -1;
  if (first >= last) return -1;
  const std::vector<std::string> rest(tokens.begin() + static_cast<std::ptrdiff_t>(first),
                                      tokens.begin() + static_cast<std::ptrdiff_t>(last));
  if (is_qualifier(rest.front()) || is_qualifier(rest.back())) return -1;  // "upper lower dir" names two
  for (int32_t hit : {find_key(phrases, join_all(rest)), find_key(phrases, join_tokens(rest, 0, rest.size(), ""))})
    if (hit >= 0) return hit;
  return -1;
}

// The district that a part of a raw string names in full, affixes aside ("Charsadda district").
int32_t district_filling(std::string_view part, const PhraseTable& phrases) {
  const std::vector<std::string> tokens = strip_affixes(split_tokens(normalise_place_name(part)));
  if (tokens.empty() || is_region_name(join_all(tokens))) return -1;
  return find_phrase(phrases, tokens);
}

bool only_qualifiers(const std::vector<std::string>& tokens) {
  return !tokens.empty() && std::all_of(tokens.begin(), tokens.end(), [](const std::string& t) { return is_qualifier(t); });
}

// Districts that fill a whole part of the raw string: parts end at , ; / | ( ) [ ], and, where a
// part names none, at dashes ("Shabqadar-Charsadda"; "Mandi Baha-ud-Din" stays whole). A part that
// is only a position word shares the name of the next part: "North/South Waziristan" fills
// North Waziristan and South Waziristan.
std::vector<int32_t> districts_filling_parts(std::string_view raw, const PhraseTable& phrases) {
  std::vector<int32_t> found;
  const std::vector<std::string_view> parts = split_raw(raw, {",", ";", "/", "|", "(", ")", "[", "]", "\n"});
  for (size_t p = 0; p < parts.size(); ++p) {
    const std::string_view part = parts[p];
    const std::vector<std::string> part_tokens = split_tokens(normalise_place_name(part));
    if (only_qualifiers(part_tokens) && p + 1 < parts.size()) {
      std::vector<std::string> next = strip_affixes(split_tokens(normalise_place_name(parts[p + 1])));
      if (next.size() >= 2 && is_qualifier(next.front())) {
        next.erase(next.begin());
        std::vector<std::string> shared = part_tokens;
        shared.insert(shared.end(), next.begin(), next.end());
        if (const int32_t hit = find_phrase(phrases, shared); hit >= 0) add_unique(found, hit);
      }
      continue;
    }
    if (const int32_t whole = district_filling(part, phrases); whole >= 0) {
      add_unique(found, whole);
      continue;
    }
    for (std::string_view piece : split_raw(part, {"-", "\u2013", "\u2014"}))
      if (const int32_t hit = district_filling(piece, phrases); hit >= 0) add_unique(found, hit);
  }
  return found;
}

// Forms of a multi-word name that people write instead: "dir lower" for "lower dir", and, with
// `with_initials`, the position word's initial ("s waziristan", "n waziristan"), initials of all
// but the last word ("d i khan", "di khan") or of every word ("d i k", "dik") when the name has three
// words or more.
std::vector<std::vector<std::string>> generated_forms(const std::vector<std::string>& words, bool with_initials) {
  std::vector<std::vector<std::string>> forms;
  if (words.size() >= 2 && is_qualifier(words.front())) {
    forms.emplace_back(words.begin() + 1, words.end());
    forms.back().push_back(words.front());
    if (with_initials) {
      forms.push_back({std::string(1, words.front()[0])});
      forms.back().insert(forms.back().end(), words.begin() + 1, words.end());
    }
  }
  if (words.size() >= 2 && is_qualifier(words.back())) {
    forms.push_back({words.back()});
    forms.back().insert(forms.back().end(), words.begin(), words.end() - 1);
  }
  if (with_initials && words.size() >= 3) {
    for (size_t initials : {words.size() - 1, words.size()}) {
      std::vector<std::string> spaced, joined(1);
      for (size_t i = 0; i < initials; ++i) {
        spaced.emplace_back(1, words[i][0]);
        joined.front() += words[i][0];
      }
      for (size_t i = initials; i < words.size(); ++i) {
        spaced.push_back(words[i]);
        joined.push_back(words[i]);
      }
      forms.push_back(std::move(spaced));
      forms.push_back(std::move(joined));
    }
  }
  return forms;
}

}  // namespace

const char* name_match_method_name(NameMatchMethod m) {
  switch (m) {
    case NameMatchMethod::exact: return "exact";
    case NameMatchMethod::alias: return "alias";
    case NameMatchMethod::abbreviation: return "abbreviation";
    case NameMatchMethod::spelling: return "spelling";
    case NameMatchMethod::token: return "token";
    case NameMatchMethod::fuzzy: return "fuzzy";
    case NameMatchMethod::none: return "none";
  }
  return "none";
}

MatchLevel parse_match_level(const std::string& text) {
  if (text == "strict") return MatchLevel::strict;
  if (text == "default") return MatchLevel::standard;
  if (text == "lenient") return MatchLevel::lenient;
  throw Error(fmt::format("unknown match level '{}' (strict, default, lenient)", text));
}

const char* match_level_name(MatchLevel level) {
  switch (level) {
    case MatchLevel::strict: return "strict";
    case MatchLevel::standard: return "default";
    case MatchLevel::lenient: return "lenient";
  }
  return "default";
}

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

// ---- NameMatcher construction ---------------------------------------------------------------

NameMatcher::NameMatcher(std::vector<std::string> district_names, const std::vector<AliasEntry>& aliases,
                         MatchLevel level)
    : level_(level), district_names_(std::move(district_names)) {
  auto add_phrase = [this](const std::vector<std::string>& words, int32_t district) {
    const std::vector<std::string> stripped = strip_affixes(words);
    const std::vector<std::string>& phrase = stripped.empty() ? words : stripped;
    if (phrase.empty()) return;
    add_key(by_phrase_, join_all(phrase), district);
    add_key(by_phrase_, join_tokens(phrase, 0, phrase.size(), ""), district);
    max_phrase_tokens_ = std::max(max_phrase_tokens_, phrase.size());
  };
  // Initials only for district names: those of user aliases would be surprising words ("usw").
  auto add_spelling = [&](const std::string& key, int32_t district, bool is_alias) {
    const std::vector<std::string> words = split_tokens(key);
    add_phrase(words, district);
    for (const auto& form : generated_forms(words, !is_alias)) add_phrase(form, district);
    spelled_names_.push_back({key, compact(key), words, district, is_alias, {}});
  };

  for (size_t i = 0; i < district_names_.size(); ++i) {
    const auto district = static_cast<int32_t>(i);
    normalised_districts_.push_back(normalise_place_name(district_names_[i]));
    add_key(by_normalised_name_, normalised_districts_.back(), district);
    add_key(by_compact_name_, compact(normalised_districts_.back()), district);
    add_key(by_folded_name_, fold_spelling(compact(normalised_districts_.back())), district);
    add_spelling(normalised_districts_.back(), district, false);
  }
  check_aliases(aliases);
  for (const AliasEntry& entry : aliases) {
    const int32_t district = find_key(by_normalised_name_, normalise_place_name(entry.district));
    const std::string key = normalise_place_name(entry.alias);
    if (district < 0 || own_district(key) >= 0) continue;  // reported by check_aliases
    add_key(by_alias_, key, district);
    add_key(by_compact_alias_, compact(key), district);
    add_spelling(key, district, true);
  }
  std::unordered_map<std::string, std::vector<int32_t>> districts_by_word;
  for (const SpelledName& name : spelled_names_)
    for (const std::string& word : name.tokens) add_unique(districts_by_word[word], name.district);
  for (const auto& [word, districts] : districts_by_word) districts_per_word_[word] = districts.size();
  for (SpelledName& name : spelled_names_)
    for (const std::string& word : name.tokens)
      if (is_distinctive(word)) name.distinctive_words.push_back(word);
}

// The district whose name the normalised string is, spaced or compact; -1 if none.
int32_t NameMatcher::own_district(const std::string& key) const {
  const int32_t hit = find_key(by_normalised_name_, key);
  return hit >= 0 ? hit : find_key(by_compact_name_, compact(key));
}

// Collects the alias table's problems; the table is used as far as it is sound.
void NameMatcher::check_aliases(const std::vector<AliasEntry>& aliases) {
  std::unordered_map<std::string, std::string> target_of;  // normalised alias -> normalised target
  for (const AliasEntry& entry : aliases) target_of.emplace(normalise_place_name(entry.alias), normalise_place_name(entry.district));
  std::unordered_map<std::string, std::vector<std::string>> districts_of_alias;  // normalised alias -> district names
  std::vector<std::string> reported;  // normalised aliases already reported
  auto report_once = [&](const std::string& key, std::string message) {
    if (std::find(reported.begin(), reported.end(), key) != reported.end()) return;
    reported.push_back(key);
    alias_problems_.push_back(std::move(message));
  };
  for (const AliasEntry& entry : aliases) {
    const std::string key = normalise_place_name(entry.alias);
    const std::string target = normalise_place_name(entry.district);
    const int32_t district = find_key(by_normalised_name_, target);
    if (district < 0) {
      if (std::find(unknown_alias_targets_.begin(), unknown_alias_targets_.end(), entry.district) ==
          unknown_alias_targets_.end())
        unknown_alias_targets_.push_back(entry.district);
      // Follow the chain to say whether it loops; chains are never followed when matching.
      std::string step = target;
      size_t steps = 0;
      while (target_of.contains(step) && step != key && steps < aliases.size()) step = target_of.at(step), ++steps;
      const std::string why = !target_of.contains(target) ? "is not a district of the boundary file"
                              : step == key              ? "is an alias itself, and the chain loops back (a cycle)"
                                                         : "is an alias itself (aliases must name a district; chains are not followed)";
      report_once(key, fmt::format("alias '{}' -> '{}': '{}' {}; the alias is not used", entry.alias, entry.district,
                                   entry.district, why));
      continue;
    }
    const int32_t own = own_district(key);
    if (own >= 0 && own != district) {
      report_once(key, fmt::format("alias '{}' -> '{}': '{}' is itself a district; the district wins, the alias is never used",
                                   entry.alias, entry.district, district_names_[static_cast<size_t>(own)]));
      continue;
    }
    add_unique_name(districts_of_alias[key], district_names_[static_cast<size_t>(district)]);
    if (is_region_name(key)) {
      report_once(key + "\x01region", fmt::format("alias '{}' -> '{}': '{}' names a province or region of many districts; every row "
                                   "naming it goes to {} (check that this is meant)",
                                   entry.alias, entry.district, entry.alias, entry.district));
    }
  }
  for (const AliasEntry& entry : aliases) {
    const std::string key = normalise_place_name(entry.alias);
    const auto it = districts_of_alias.find(key);
    if (it == districts_of_alias.end() || it->second.size() < 2) continue;
    std::string names;
    for (const std::string& name : it->second) names += (names.empty() ? "'" : ", '") + name + "'";
    report_once(key, fmt::format("alias '{}' names several districts ({}); it resolves to none of them", entry.alias, names));
  }
}

bool is_region_level_name(std::string_view raw) {
  const std::string key = normalise_place_name(raw);
  return !key.empty() && key.size() <= kMaxMatchedNameLength && is_region_name(key);
}

// ---- NameMatcher::match ---------------------------------------------------------------------

NameMatch NameMatcher::match(std::string_view raw) const {
  const std::string key = normalise_place_name(raw);
  if (key.empty()) return {};
  const std::string key_compact = compact(key);

  for (int32_t hit : {find_key(by_normalised_name_, key), find_key(by_compact_name_, key_compact)})
    if (hit >= 0) return {hit, NameMatchMethod::exact, {}};
  for (int32_t hit : {find_key(by_alias_, key), find_key(by_compact_alias_, key_compact)})
    if (hit >= 0) return {hit, NameMatchMethod::alias, {}};
  if (level_ == MatchLevel::strict || key.size() > kMaxMatchedNameLength) return {};

  const std::vector<std::string> all_tokens = split_tokens(key);
  std::vector<std::string> tokens = strip_affixes(all_tokens);
  const bool names_division = std::erase(tokens, "division") > 0;
  if (tokens.empty() || is_region_name(join_all(tokens))) return {};

  const std::string stripped = join_all(tokens);
  if (!names_division) {
    if (const int32_t hit = find_phrase(by_phrase_, tokens); hit >= 0) return {hit, NameMatchMethod::abbreviation, {}};
    if (const int32_t hit = spelling_match(stripped); hit >= 0) return {hit, NameMatchMethod::spelling, {}};
  }

  // Token stage: a composite string resolves only when one district fills a whole part of it
  // ("Tangi, Charsadda district") and no other district is mentioned. Merely mentioned districts
  // are suggestions: in real data they are often wrong ("Babrak Ziarat", "62 miles southwest of
  // Peshawar"). A division is never resolved to its namesake district either.
  std::vector<int32_t> found = districts_filling_parts(raw, by_phrase_);
  const std::vector<int32_t> mentioned = districts_mentioned(tokens, by_phrase_, max_phrase_tokens_);
  const bool nothing_else_mentioned = std::all_of(mentioned.begin(), mentioned.end(), [&](int32_t d) {
    return std::find(found.begin(), found.end(), d) != found.end();
  });
  if (found.size() == 1 && nothing_else_mentioned && !names_division)
    return {found.front(), NameMatchMethod::token, {}};
  for (int32_t d : mentioned) add_unique(found, d);
  if (!found.empty() || names_division) return suggest(tokens, found);

  const int32_t fuzzy = level_ == MatchLevel::lenient ? lenient_fuzzy_match(stripped) : fuzzy_match(stripped);
  if (fuzzy >= 0) return {fuzzy, NameMatchMethod::fuzzy, {}};
  return suggest(tokens, {});
}

// The name folds to one district's name (fold_spelling). District names only: aliases include towns
// whose spellings are shared by villages elsewhere ("Sherani" is also a place in Datta Khel).
int32_t NameMatcher::spelling_match(const std::string& stripped) const {
  const std::string stripped_compact = compact(stripped);
  if (stripped_compact.size() < kMinFuzzyLength) return -1;
  return find_key(by_folded_name_, fold_spelling(stripped_compact));
}

// Default level: from ten letters on, one vowel from one district's name, first letter and
// consonants the same ("Tharparker"). District names only, as for spelling_match.
int32_t NameMatcher::fuzzy_match(const std::string& stripped) const {
  const std::string stripped_compact = compact(stripped);
  if (stripped_compact.size() < kMinVowelEditLength) return -1;
  const std::string folded = fold_spelling(stripped_compact);
  const std::string skeleton = consonant_skeleton(folded);
  int32_t found = -1;
  for (const SpelledName& name : spelled_names_) {
    if (name.is_alias || name.compact_key.empty() || name.compact_key[0] != folded[0]) continue;
    const std::string name_folded = fold_spelling(name.compact_key);
    if (length_difference(name_folded.size(), folded.size()) > 1 || consonant_skeleton(name_folded) != skeleton) continue;
    if (edit_distance(folded, name_folded) > 1) continue;
    if (found >= 0 && found != name.district) return -1;  // two districts: never guess between them
    found = name.district;
  }
  return found;
}

// Lenient level: one district clearly closer than every other within fuzzy_threshold edits, its
// name or an alias starting with the same letter.
int32_t NameMatcher::lenient_fuzzy_match(const std::string& stripped) const {
  const std::string stripped_compact = compact(stripped);
  if (stripped_compact.size() < kMinFuzzyLength) return -1;
  const size_t threshold = fuzzy_threshold(stripped);
  constexpr size_t kFar = std::numeric_limits<size_t>::max();
  std::vector<size_t> best_by_district(district_names_.size(), kFar);
  for (const SpelledName& name : spelled_names_) {
    if (name.compact_key.empty() || name.compact_key[0] != stripped_compact[0]) continue;
    if (length_difference(name.compact_key.size(), stripped_compact.size()) > threshold + 1) continue;
    size_t& best = best_by_district[static_cast<size_t>(name.district)];
    best = std::min({best, edit_distance(stripped, name.key), edit_distance(stripped_compact, name.compact_key)});
  }
  size_t best = kFar, second = kFar;
  int32_t best_district = -1;
  for (size_t d = 0; d < best_by_district.size(); ++d) {
    if (best_by_district[d] < best) {
      second = best;
      best = best_by_district[d];
      best_district = static_cast<int32_t>(d);
    } else if (best_by_district[d] < second) {
      second = best_by_district[d];
    }
  }
  // One edit with no rival inside the threshold, or a lead of two edits or more.
  const bool clear_lead = second > best + 1 || (best == 1 && second > threshold);
  return best <= threshold && clear_lead ? best_district : -1;
}

// A word worth suggesting a district for: not a position word ("north"), not a word of three
// districts or more ("khan", "dera"), not a stopword ("and" of "Azad Jammu and Kashmir").
bool NameMatcher::is_distinctive(const std::string& word) const {
  const auto uses = districts_per_word_.find(word);
  return !is_qualifier(word) && !contains({"and", "of", "the"}, word) && uses != districts_per_word_.end() &&
         uses->second <= 2;
}

// Unresolved: `first` (districts the string mentions) then districts sharing a distinctive word
// with it, then close spellings (same first letter, within fuzzy_threshold edits: "Muzaffarabad"
// is not suggested Jafarabad); five at most.
NameMatch NameMatcher::suggest(const std::vector<std::string>& tokens, std::vector<int32_t> first) const {
  constexpr size_t kMaxCandidates = 5;
  const std::string stripped = join_all(tokens);
  const std::string stripped_compact = compact(stripped);
  const size_t reach = fuzzy_threshold(stripped);
  struct Score {
    size_t shared_words = 0;
    size_t distance = std::numeric_limits<size_t>::max();
  };
  std::vector<Score> scores(district_names_.size());
  for (const SpelledName& name : spelled_names_) {
    Score& score = scores[static_cast<size_t>(name.district)];
    size_t shared = 0;
    for (const std::string& word : name.distinctive_words)
      if (std::find(tokens.begin(), tokens.end(), word) != tokens.end()) ++shared;
    score.shared_words = std::max(score.shared_words, shared);
    const bool comparable = !stripped_compact.empty() && !name.compact_key.empty() &&
                            name.compact_key[0] == stripped_compact[0] &&
                            length_difference(name.compact_key.size(), stripped_compact.size()) <= reach;
    if (comparable) score.distance = std::min(score.distance, edit_distance(stripped_compact, name.compact_key));
  }
  std::vector<int32_t> ranked;
  for (size_t d = 0; d < scores.size(); ++d)
    if (scores[d].shared_words > 0 || scores[d].distance <= reach) ranked.push_back(static_cast<int32_t>(d));
  std::stable_sort(ranked.begin(), ranked.end(), [&](int32_t a, int32_t b) {
    const Score& sa = scores[static_cast<size_t>(a)];
    const Score& sb = scores[static_cast<size_t>(b)];
    return sa.shared_words != sb.shared_words ? sa.shared_words > sb.shared_words : sa.distance < sb.distance;
  });
  NameMatch result;
  result.candidates = std::move(first);
  for (int32_t d : ranked) {
    if (result.candidates.size() >= kMaxCandidates) break;
    if (std::find(result.candidates.begin(), result.candidates.end(), d) == result.candidates.end())
      result.candidates.push_back(d);
  }
  if (result.candidates.size() > kMaxCandidates) result.candidates.resize(kMaxCandidates);
  return result;
}

}  // namespace zila
