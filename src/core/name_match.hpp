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
  token,         // a composite string with exactly one district token: "Shabqadar-Charsadda"
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

  NameMatch match(std::string_view raw) const;
  const std::vector<std::string>& district_names() const { return district_names_; }
  const std::vector<std::string>& unknown_alias_targets() const { return unknown_alias_targets_; }

 private:
  std::vector<std::string> district_names_;
  std::vector<std::string> normalised_districts_;
  std::unordered_map<std::string, int32_t> by_normalised_name_;  // normalised district or alias key
  std::unordered_map<std::string, int32_t> by_alias_;
  std::vector<std::string> unknown_alias_targets_;
};

}  // namespace zila
