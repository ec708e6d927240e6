// One mechanism for every enum's names: CLI flags, project files, reports and window combos all read
// the same table. Beside an enum, declare its table and make it findable by argument-dependent lookup:
//
//   enum class Bin : uint8_t { day, week, month };
//   inline constexpr EnumTable<Bin, 3> kBinNames{{{Bin::day, "day"}, {Bin::week, "week"}, {Bin::month, "month"}}};
//   constexpr const auto& enum_table(Bin) { return kBinNames; }
//
// then name_of(Bin::week) == "week", parse_enum<Bin>("week", "bin") == Bin::week, and a bad name
// throws zila::Error listing the valid ones. The first name of a value is its name; later entries for
// the same value are accepted spellings (e.g. "jenks" for natural breaks).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace zila {

template <typename E, size_t N>
using EnumTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `value` (a literal: .data() is null-terminated); "?" for a value missing from its table.
template <typename E>
constexpr std::string_view name_of(E value) {
  for (const auto& [v, name] : enum_table(E{}))
    if (v == value) return name;
  return "?";
}

template <typename E>
const char* name_cstr(E value) {
  return name_of(value).data();
}

// A value's text in another table of the same form (display labels beside the names), "?" if absent.
template <typename E, size_t N>
const char* text_in(const EnumTable<E, N>& table, E value) {
  for (const auto& [v, text] : table)
    if (v == value) return text.data();
  return "?";
}

template <typename E>
constexpr std::optional<E> find_enum(std::string_view text) {
  for (const auto& [v, name] : enum_table(E{}))
    if (name == text) return v;
  return std::nullopt;
}

// Every value once, in table order (for combos and loops).
template <typename E>
std::vector<E> enum_values() {
  std::vector<E> values;
  for (const auto& entry : enum_table(E{})) {
    bool seen = false;
    for (E v : values) seen = seen || v == entry.first;
    if (!seen) values.push_back(entry.first);
  }
  return values;
}

// Every name the table accepts, spellings included (for CLI11's IsMember).
template <typename E>
std::vector<std::string> accepted_names() {
  std::vector<std::string> names;
  for (const auto& entry : enum_table(E{})) names.emplace_back(entry.second);
  return names;
}

// "day, week, month": each value's name, for help texts and errors.
template <typename E>
std::string enum_names_list() {
  std::string out;
  for (E v : enum_values<E>()) out += (out.empty() ? "" : ", ") + std::string(name_of(v));
  return out;
}

// Throws zila::Error "unknown <what> 'text' (day, week, month)".
template <typename E>
E parse_enum(std::string_view text, std::string_view what) {
  if (std::optional<E> v = find_enum<E>(text)) return *v;
  throw Error("unknown " + std::string(what) + " '" + std::string(text) + "' (" + enum_names_list<E>() + ")");
}

}  // namespace zila
