// Matching messy place names ("D.I. Khan", "Kurram Agency", "Tangi, Charsadda district") to district
// names. A wrong match is worse than no match: ambiguous candidates are never guessed between.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/enum_names.hpp"

namespace zila {

enum class NameMatchMethod : uint8_t {
  exact,         // equal after normalisation (case, whitespace, punctuation, diacritics)
  alias,         // user alias table
  abbreviation,  // Pakistani abbreviations and affixes: "D.I. Khan", "Kurram Agency", "FR Bannu"
  spelling,      // one district's name with letters doubled or undoubled, or an 'h' after a vowel: "Kuram", "Nowshehra"
  token,         // one district fills a part of a composite string, no other is named: "Shabqadar-Charsadda"
  fuzzy,         // one district's name but for a vowel (long names) or, lenient, a few edits (see MatchLevel)
  none,
};
inline constexpr EnumTable<NameMatchMethod, 7> kNameMatchMethodNames{
    {{NameMatchMethod::exact, "exact"}, {NameMatchMethod::alias, "alias"}, {NameMatchMethod::abbreviation, "abbreviation"},
     {NameMatchMethod::spelling, "spelling"}, {NameMatchMethod::token, "token"}, {NameMatchMethod::fuzzy, "fuzzy"},
     {NameMatchMethod::none, "none"}}};
constexpr const auto& enum_table(NameMatchMethod) { return kNameMatchMethodNames; }
inline const char* name_match_method_name(NameMatchMethod m) { return name_cstr(m); }

// How much guessing the matcher may do. A wrong district is worse than an unmatched row.
//  - strict: exact names and the alias table only;
//  - standard ("default"): also abbreviations, spelling variants, composite strings, and fuzzy
//    matches of names of ten letters or more that differ from one district's name by one vowel;
//  - lenient: fuzzy matches within a small edit distance, same first letter, one clear winner
//    (these include town names that merely look like districts: use with coordinates).
enum class MatchLevel : uint8_t { strict, standard, lenient };
inline constexpr EnumTable<MatchLevel, 3> kMatchLevelNames{
    {{MatchLevel::strict, "strict"}, {MatchLevel::standard, "default"}, {MatchLevel::lenient, "lenient"}}};
constexpr const auto& enum_table(MatchLevel) { return kMatchLevelNames; }
inline MatchLevel parse_match_level(const std::string& text) { return parse_enum<MatchLevel>(text, "match level"); }
inline const char* match_level_name(MatchLevel level) { return name_cstr(level); }

struct AliasEntry {
  std::string alias;     // as written in event files
  std::string district;  // as written in the boundary file
};

struct NameMatch {
  int32_t district = -1;  // index into the district list, -1 when unresolved
  NameMatchMethod method = NameMatchMethod::none;
  std::vector<int32_t> candidates;  // when unresolved: plausible districts, best first (suggestions)
};

// Lower-case ASCII, diacritics folded, punctuation to spaces, whitespace collapsed, trimmed.
std::string normalise_place_name(std::string_view raw);

// Whether `raw` names a province, territory or region above district level ("Federally Administered
// Tribal Areas", "FATA", "KP", "Balochistan"), misspelt or not: an alias from it to one district
// would send every row of many districts there.
bool is_region_level_name(std::string_view raw);

// Place strings longer than this (normalised bytes) are only looked up whole (exact, alias): no
// affix, composite or fuzzy work, which would cost time in proportion to the length (issue 9).
inline constexpr size_t kMaxMatchedNameLength = 256;

class NameMatcher {
 public:
  // `aliases` naming a district that is not in `district_names` are reported in unknown_alias_targets();
  // every problem of the alias table (see alias_problems()) is reported, none stops the matcher.
  NameMatcher(std::vector<std::string> district_names, const std::vector<AliasEntry>& aliases,
              MatchLevel level = MatchLevel::standard);

  // Tries exact, alias, abbreviation, token and fuzzy matching in that order (see NameMatchMethod),
  // as far as the match level allows. Province names ("Khyber Pakhtunkhwa", "FATA") and divisions
  // ("Malakand Division") never resolve, nor does a string naming two districts ("NWA/SWA").
  // Safe to call from several threads.
  NameMatch match(std::string_view raw) const;
  const std::vector<std::string>& district_names() const { return district_names_; }
  MatchLevel level() const { return level_; }
  const std::vector<std::string>& unknown_alias_targets() const { return unknown_alias_targets_; }
  // One sentence per problem of the alias table: a target that is not a district (or is itself an
  // alias: chains and cycles are not followed), an alias claimed by two districts, an alias that is
  // a district's own name (the district wins), an alias from a province-level name (used, but warned).
  const std::vector<std::string>& alias_problems() const { return alias_problems_; }

 private:
  // A normalised district name or alias, kept for edit distances and shared-token suggestions.
  struct SpelledName {
    std::string key;
    std::string compact_key;  // spaces removed
    std::vector<std::string> tokens;
    int32_t district;
    bool is_alias;
    std::vector<std::string> distinctive_words;  // tokens that is_distinctive accepts, for suggestions
  };

  NameMatch suggest(const std::vector<std::string>& tokens, std::vector<int32_t> first) const;
  bool is_distinctive(const std::string& word) const;
  int32_t spelling_match(const std::string& stripped) const;
  int32_t fuzzy_match(const std::string& stripped) const;
  int32_t lenient_fuzzy_match(const std::string& stripped) const;
  void check_aliases(const std::vector<AliasEntry>& aliases);
  int32_t own_district(const std::string& normalised) const;

  MatchLevel level_ = MatchLevel::standard;

  std::vector<std::string> district_names_;
  std::vector<std::string> normalised_districts_;
  // Keys map to a district index, or to a conflict marker when two districts claim the same key.
  std::unordered_map<std::string, int32_t> by_normalised_name_;  // "dera ismail khan"
  std::unordered_map<std::string, int32_t> by_compact_name_;     // spaces removed: "mirpurkhas"
  std::unordered_map<std::string, int32_t> by_alias_;            // normalised alias
  std::unordered_map<std::string, int32_t> by_compact_alias_;
  // Names and aliases plus generated forms ("dir lower", "d i khan", "dik"), spaced and compact:
  // the abbreviation stage looks whole strings up here, the token stage token sequences.
  std::unordered_map<std::string, int32_t> by_phrase_;
  size_t max_phrase_tokens_ = 1;
  std::vector<SpelledName> spelled_names_;
  std::unordered_map<std::string, size_t> districts_per_word_;  // districts whose names or aliases use a word
  // District names (not aliases) in transliteration-folded form (see fold_spelling): "kuram".
  std::unordered_map<std::string, int32_t> by_folded_name_;
  std::vector<std::string> unknown_alias_targets_;
  std::vector<std::string> alias_problems_;
};

}  // namespace zila
