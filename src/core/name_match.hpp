// Matching messy place names ("D.I. Khan", "Kurram Agency", "Tangi, Charsadda district") to district
// names. A wrong match is worse than no match: ambiguous candidates are never guessed between.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zila {

enum class NameMatchMethod : uint8_t {
  exact,         // equal after normalisation (case, whitespace, punctuation, diacritics)
  alias,         // user alias table
  abbreviation,  // Pakistani abbreviations and affixes: "D.I. Khan", "Kurram Agency", "FR Bannu"
  token,         // one district fills a part of a composite string, no other is named: "Shabqadar-Charsadda"
  fuzzy,         // one unambiguous candidate within a small edit distance: "Kuram", "Nowshehra"
  none,
};
const char* name_match_method_name(NameMatchMethod m);

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

class NameMatcher {
 public:
  // `aliases` naming a district that is not in `district_names` are reported in unknown_alias_targets().
  NameMatcher(std::vector<std::string> district_names, const std::vector<AliasEntry>& aliases);

  // Tries exact, alias, abbreviation, token and fuzzy matching in that order (see NameMatchMethod).
  // Province names ("Khyber Pakhtunkhwa", "FATA") and divisions ("Malakand Division") never resolve.
  NameMatch match(std::string_view raw) const;
  const std::vector<std::string>& district_names() const { return district_names_; }
  const std::vector<std::string>& unknown_alias_targets() const { return unknown_alias_targets_; }

 private:
  // A normalised district name or alias, kept for edit distances and shared-token suggestions.
  struct SpelledName {
    std::string key;
    std::vector<std::string> tokens;
    int32_t district;
  };

  NameMatch suggest(const std::vector<std::string>& tokens, std::vector<int32_t> first) const;
  bool is_distinctive(const std::string& word) const;

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
  std::vector<std::string> unknown_alias_targets_;
};

}  // namespace zila
