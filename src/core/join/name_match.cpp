// The name matcher itself: NameMatcher construction and the alias table; NameMatcher::match and its
// suggestions. The text rules it uses are in name_text.cpp and name_phrases.cpp (map: name_rules.hpp).
#include "core/join/name_match.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/join/name_rules.hpp"

namespace zila {

using namespace name_rules;

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
