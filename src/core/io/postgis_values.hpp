// What a database source's distinct values mean under Zila's row rules (RowReader), worked out once per
// distinct text, so that the grouping query can bin the dates and add up counts and fatalities in the
// database (core/io/postgis_source.cpp ships these maps back as bound arrays). No database here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cube.hpp"
#include "core/io/event_loader.hpp"
#include "core/join/name_match.hpp"

namespace zila {

// The most distinct texts of one column that are mapped; a column with more is grouped by its raw
// text (as before the maps), which is exact but gives more groups.
inline constexpr size_t kMaxMappedTexts = 200000;

// For each distinct date text (as the database gives it, untrimmed): the text that stands for its
// class. RowReader reads every text of a class alike: the same period of `bin` once the day/month
// order is settled by all the texts, the same precision, the same notes (weekday, day/month order
// evidence, ambiguity). A group keyed by the representative therefore lands in the local cube's cell.
// A text RowReader rejects (bad, outside the plausible years, a totals marker) stands for itself, so
// its rows are rejected with their own reason.
std::vector<std::string> date_representatives(const std::vector<std::string>& texts, const EventOptions& options, Bin bin);

// For each distinct place text (untrimmed): the text that stands for its class. The texts the matcher
// places firmly (exact, alias, abbreviation or spelling: a row's point cannot overrule them in the
// name join) in the same district by the same method are one class; any other text is nullopt (it
// stands for itself), so that unmatched names keep their spellings and guessed names their rows' points.
std::vector<std::optional<std::string>> place_representatives(const std::vector<std::string>& texts, const EventOptions& options,
                                               const NameMatcher& matcher);

// For each distinct category text: the text that stands for its class, the texts the rules read as one
// category whatever the row's actor; nullopt for a text that stands for itself: empty (the default
// category), unknown (the note lists it) or decided by the actor (ACLED's Battles).
std::vector<std::optional<std::string>> category_representatives(const std::vector<std::string>& texts, const EventOptions& options);

// Per distinct count text: the events RowReader counts for a row holding it, or nullopt when it is
// empty (counted as 1, with a note) or rejected ("bad count"): those keep their own text.
std::vector<std::optional<uint32_t>> count_values(const std::vector<std::string>& texts, const EventOptions& options);

// Per distinct fatalities text: the value RowReader stores (a float), nullopt for empty or unreadable text.
std::vector<std::optional<float>> fatality_values(const std::vector<std::string>& texts, const EventOptions& options);

// A PostgreSQL array literal ({"a","b\"c"}) of the texts, for a bound text[] parameter.
std::string pg_text_array(const std::vector<std::string>& texts);

}  // namespace zila
