// Sections: UTF-8 folding and normalisation; token helpers and word lists; edit distance;
// NameMatcher construction; NameMatcher::match and its suggestions.
#include "name_match.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string_view>

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

// Words around a district name that do not change which district is meant. "Division" is not
// here on purpose: "Malakand Division" spans several districts besides Malakand.
bool is_affix(std::string_view token) {
  return contains({"agency", "district", "distt", "dist", "tehsil", "city", "cantt", "cantonment", "fr", "province"},
                  token);
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

// Edits tolerated for a string of this length (spaces not counted). Stricter than "2 from six
// letters": real village names sit two edits from districts ("Ghorski"/Ghotki, "Mada Khel"/Musakhel).
size_t fuzzy_threshold(std::string_view normalised) {
  const size_t letters = compact(normalised).size();
  return letters <= 8 ? 1 : letters <= 12 ? 2 : 3;
}

// Shorter strings are too easily one edit away from an unrelated name ("Dir" / "Dik").
constexpr size_t kMinFuzzyLength = 4;

bool is_region_name(std::string_view normalised) {
  const std::vector<std::string> words = split_tokens(normalised);
  for (std::string_view region : kRegionNames) {
    if (normalised == region || compact(normalised) == compact(region)) return true;
    // Misspelt regions ("Khyber Punkhtunkhwa"): word by word, so that a district word next to a
    // region word is never taken for part of it ("Gilgit, Pakistan" is not "Gilgit Baltistan").
    const std::vector<std::string> region_words = split_tokens(region);
    if (region_words.size() != words.size()) continue;
    bool close = true;
    for (size_t i = 0; i < words.size() && close; ++i) {
      const size_t tolerated = region_words[i].size() >= 6 ? fuzzy_threshold(region_words[i]) : 0;
      close = edit_distance(words[i], region_words[i]) <= tolerated;
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

// The district that a part of a raw string names in full, affixes aside ("Charsadda district").
int32_t district_filling(std::string_view part, const PhraseTable& phrases) {
  const std::vector<std::string> tokens = strip_affixes(split_tokens(normalise_place_name(part)));
  if (tokens.empty() || is_region_name(join_all(tokens))) return -1;
  const int32_t hit = find_key(phrases, join_all(tokens));
  return hit >= 0 ? hit : find_key(phrases, join_tokens(tokens, 0, tokens.size(), ""));
}

// Districts that fill a whole part of the raw string: parts end at , ; / | ( ) [ ], and, where a
// part names none, at dashes ("Shabqadar-Charsadda"; "Mandi Baha-ud-Din" stays whole).
std::vector<int32_t> districts_filling_parts(std::string_view raw, const PhraseTable& phrases) {
  std::vector<int32_t> found;
  for (std::string_view part : split_raw(raw, {",", ";", "/", "|", "(", ")", "[", "]", "\n"})) {
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
// `with_initials`, initials of all but the last word ("d i khan", "di khan") or of every word
// ("d i k", "dik") when the name has three words or more.
std::vector<std::vector<std::string>> generated_forms(const std::vector<std::string>& words, bool with_initials) {
  std::vector<std::vector<std::string>> forms;
  if (words.size() >= 2 && is_qualifier(words.front())) {
    forms.emplace_back(words.begin() + 1, words.end());
    forms.back().push_back(words.front());
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
    case NameMatchMethod::token: return "token";
    case NameMatchMethod::fuzzy: return "fuzzy";
    case NameMatchMethod::none: return "none";
  }
  return "none";
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

NameMatcher::NameMatcher(std::vector<std::string> district_names, const std::vector<AliasEntry>& aliases)
    : district_names_(std::move(district_names)) {
  auto add_phrase = [this](const std::vector<std::string>& words, int32_t district) {
    const std::vector<std::string> stripped = strip_affixes(words);
    const std::vector<std::string>& phrase = stripped.empty() ? words : stripped;
    if (phrase.empty()) return;
    add_key(by_phrase_, join_all(phrase), district);
    add_key(by_phrase_, join_tokens(phrase, 0, phrase.size(), ""), district);
    max_phrase_tokens_ = std::max(max_phrase_tokens_, phrase.size());
  };
  // Initials only for district names: those of user aliases would be surprising words ("usw").
  auto add_spelling = [&](const std::string& key, int32_t district, bool with_initials) {
    const std::vector<std::string> words = split_tokens(key);
    add_phrase(words, district);
    for (const auto& form : generated_forms(words, with_initials)) add_phrase(form, district);
    spelled_names_.push_back({key, words, district});
  };

  for (size_t i = 0; i < district_names_.size(); ++i) {
    const auto district = static_cast<int32_t>(i);
    normalised_districts_.push_back(normalise_place_name(district_names_[i]));
    add_key(by_normalised_name_, normalised_districts_.back(), district);
    add_key(by_compact_name_, compact(normalised_districts_.back()), district);
    add_spelling(normalised_districts_.back(), district, true);
  }
  for (const AliasEntry& entry : aliases) {
    const std::string target = normalise_place_name(entry.district);
    const int32_t district = find_key(by_normalised_name_, target);
    if (district < 0) {
      if (std::find(unknown_alias_targets_.begin(), unknown_alias_targets_.end(), entry.district) ==
          unknown_alias_targets_.end())
        unknown_alias_targets_.push_back(entry.district);
      continue;
    }
    const std::string key = normalise_place_name(entry.alias);
    add_key(by_alias_, key, district);
    add_key(by_compact_alias_, compact(key), district);
    add_spelling(key, district, false);
  }
  std::unordered_map<std::string, std::vector<int32_t>> districts_by_word;
  for (const SpelledName& name : spelled_names_)
    for (const std::string& word : name.tokens) add_unique(districts_by_word[word], name.district);
  for (const auto& [word, districts] : districts_by_word) districts_per_word_[word] = districts.size();
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

  const std::vector<std::string> all_tokens = split_tokens(key);
  std::vector<std::string> tokens = strip_affixes(all_tokens);
  const bool names_division = std::erase(tokens, "division") > 0;
  if (tokens.empty() || is_region_name(join_all(tokens))) return {};

  const std::string stripped = join_all(tokens);
  if (!names_division) {
    for (int32_t hit : {find_key(by_phrase_, stripped), find_key(by_phrase_, compact(stripped))})
      if (hit >= 0) return {hit, NameMatchMethod::abbreviation, {}};
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

  // Fuzzy stage: accept only one district clearly closer than every other.
  if (compact(stripped).size() >= kMinFuzzyLength) {
    const size_t threshold = fuzzy_threshold(stripped);
    const std::string stripped_compact = compact(stripped);
    constexpr size_t kFar = std::numeric_limits<size_t>::max();
    std::vector<size_t> best_by_district(district_names_.size(), kFar);
    for (const SpelledName& name : spelled_names_) {
      size_t& best = best_by_district[static_cast<size_t>(name.district)];
      best = std::min({best, edit_distance(stripped, name.key), edit_distance(stripped_compact, compact(name.key))});
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
    if (best <= threshold && clear_lead) return {best_district, NameMatchMethod::fuzzy, {}};
  }
  return suggest(tokens, {});
}

// A word worth suggesting a district for: not a position word ("north"), not a word of three
// districts or more ("khan", "dera"), not a stopword ("and" of "Azad Jammu and Kashmir").
bool NameMatcher::is_distinctive(const std::string& word) const {
  const auto uses = districts_per_word_.find(word);
  return !is_qualifier(word) && !contains({"and", "of", "the"}, word) && uses != districts_per_word_.end() &&
         uses->second <= 2;
}

// Unresolved: `first` (districts the string mentions) then districts sharing a distinctive word
// with it, then close spellings; five at most.
NameMatch NameMatcher::suggest(const std::vector<std::string>& tokens, std::vector<int32_t> first) const {
  constexpr size_t kMaxCandidates = 5;
  const std::string stripped = join_all(tokens);
  const size_t reach = fuzzy_threshold(stripped) + 1;  // one edit beyond what fuzzy accepts
  struct Score {
    size_t shared_words = 0;
    size_t distance = std::numeric_limits<size_t>::max();
  };
  std::vector<Score> scores(district_names_.size());
  for (const SpelledName& name : spelled_names_) {
    Score& score = scores[static_cast<size_t>(name.district)];
    size_t shared = 0;
    for (const std::string& word : name.tokens)
      if (is_distinctive(word) && std::find(tokens.begin(), tokens.end(), word) != tokens.end()) ++shared;
    score.shared_words = std::max(score.shared_words, shared);
    score.distance = std::min(score.distance, edit_distance(stripped, name.key));
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
