// Internal to the name matcher (core/join/name_*.cpp): the text rules its stages share. Not for other modules.
//  - name_text.cpp:    UTF-8 folding and normalisation, tokens, word lists (district words, affixes,
//                      position words, regions), edit distance and spelling folds;
//  - name_phrases.cpp: key tables and phrases: looking names and generated forms up, districts
//                      mentioned in or filling the parts of a composite string;
//  - name_match.cpp:   NameMatcher itself: construction and the alias table, match() stage by stage,
//                      suggestions.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zila::name_rules {

// ---- name_text.cpp ----
std::vector<std::string> split_tokens(std::string_view normalised);
std::string join_tokens(const std::vector<std::string>& tokens, size_t first, size_t count, std::string_view sep = " ");
std::string join_all(const std::vector<std::string>& tokens);
std::string compact(std::string_view normalised);  // spaces removed
bool contains(std::initializer_list<std::string_view> words, std::string_view token);
bool is_district_word(std::string_view token);
bool is_affix(std::string_view token);
std::vector<std::string> strip_affixes(const std::vector<std::string>& tokens);
bool is_qualifier(std::string_view token);
bool is_part_qualifier(std::string_view token);
bool is_region_name(std::string_view normalised);
size_t edit_distance(std::string_view a, std::string_view b);
size_t fuzzy_threshold(std::string_view normalised);
// Shorter strings are too easily one edit away from an unrelated name ("Kajak" / Karak).
inline constexpr size_t kMinFuzzyLength = 5;
// From this length on, the default level also accepts one vowel edit ("Tharparker").
inline constexpr size_t kMinVowelEditLength = 10;
bool is_vowel(char c);
std::string fold_spelling(std::string_view compact_name);
std::string consonant_skeleton(std::string_view folded);
size_t length_difference(size_t a, size_t b);

// ---- name_phrases.cpp ----
inline constexpr int32_t kConflict = -2;  // two districts claim the key: never resolve through it
using PhraseTable = std::unordered_map<std::string, int32_t>;
void add_key(std::unordered_map<std::string, int32_t>& table, const std::string& key, int32_t district);
int32_t find_key(const std::unordered_map<std::string, int32_t>& table, const std::string& key);
void add_unique(std::vector<int32_t>& districts, int32_t district);
void add_unique_name(std::vector<std::string>& names, const std::string& name);
std::vector<int32_t> districts_mentioned(const std::vector<std::string>& tokens, const PhraseTable& phrases,
                                         size_t max_phrase_tokens);
std::vector<int32_t> districts_filling_parts(std::string_view raw, const PhraseTable& phrases);
int32_t find_phrase(const PhraseTable& phrases, const std::vector<std::string>& tokens);
std::vector<std::vector<std::string>> generated_forms(const std::vector<std::string>& words, bool with_initials);

}  // namespace zila::name_rules
