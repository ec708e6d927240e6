// Name rules, part 2: key tables and phrases (see name_rules.hpp for the map of the name matcher's files).
#include <algorithm>
#include <string_view>

#include "core/join/name_match.hpp"
#include "core/join/name_rules.hpp"

namespace zila::name_rules {

// ---- Key tables -----------------------------------------------------------------------------


void add_key(std::unordered_map<std::string, int32_t>& table, const std::string& key, int32_t district) {
  if (key.empty()) return;
  auto [it, inserted] = table.emplace(key, district);
  if (!inserted && it->second != district) it->second = kConflict;
}

int32_t find_key(const std::unordered_map<std::string, int32_t>& table, const std::string& key) {
  const auto it = table.find(key);
  return it == table.end() || it->second == kConflict ? -1 : it->second;
}


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

}  // namespace zila::name_rules
