// Distinct values of a database source read by the file rules: each text goes through a RowReader as a
// one-row table of its own (the rules live in one place, core/io/event_rows.cpp), and what it gives
// decides the text's class (dates) or value (counts, fatalities).
#include "core/io/postgis_values.hpp"

#include <fmt/core.h>

#include <array>
#include <cmath>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "core/io/dates.hpp"
#include "core/io/event_rows.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

// One row of text fields: date, place, count, fatalities, category, state actor.
class TextRow final : public RowSource {
 public:
  explicit TextRow(std::array<std::string_view, 6> fields) : fields_(fields) {}
  int field_count() const override { return static_cast<int>(fields_.size()); }
  std::string_view raw(int field) const override {
    return field >= 0 && field < field_count() ? fields_[static_cast<size_t>(field)] : std::string_view();
  }

 private:
  std::array<std::string_view, 6> fields_;
};

// A RowReader over rows made of one value under test and fixed, valid other fields.
class ScratchReader {
 public:
  explicit ScratchReader(const EventOptions& options) : options_(options) {
    options_.encoding.clear();  // the database's text is UTF-8
    table_.columns.date = "date", table_.columns.place = "place", table_.columns.count = "count";
    table_.columns.fatalities = "fatalities", table_.columns.category = "category";
    at_.date = 0, at_.place = 1, at_.count = 2, at_.fatalities = 3, at_.category = 4, at_.state_actor = 5;
    reader_ = std::make_unique<RowReader>(options_, table_);
    plausible_date_ = format_iso_date(first_day_of_year(options_.first_year));
  }
  // True when RowReader accepts the row; its values are then the table's last entry.
  bool read(std::string_view date, std::string_view count, std::string_view fatalities, std::string_view place = "x",
            std::string_view category = "", std::string_view actor = "") {
    const size_t before = table_.size();
    reader_->read(TextRow({date, place, count, fatalities, category, actor}), at_, ++table_.rows_read);
    return table_.size() > before;
  }
  void finish() { reader_->finish(); }
  const std::string& plausible_date() const { return plausible_date_; }
  const EventTable& table() const { return table_; }

 private:
  EventOptions options_;
  EventTable table_;
  FieldIndexes at_;
  std::unique_ptr<RowReader> reader_;
  std::string plausible_date_;
};

// What RowReader notices in an accepted date text besides its day and precision, as a key part:
// a weekday note, and (automatic order only) the day/month order evidence and ambiguity, as
// RowReader::read_day and track_date_order see them.
std::string date_notes_key(std::string_view text, const EventOptions& options) {
  DateNotes notes;
  parse_date(text, {options.date_order, options.date_format}, &notes);
  int evidence = -1;
  bool ambiguous = false;
  if (options.date_order == DateOrder::automatic && options.date_format.empty()) {
    const std::string sample[1] = {std::string(text)};
    const DateOrder order = infer_date_order(sample);
    evidence = static_cast<int>(order);
    const size_t separator = text.find_first_of("/-. ");
    ambiguous = order == DateOrder::automatic && separator != std::string_view::npos && separator <= 2 &&
                parse_date(text, {DateOrder::day_first, {}}) != parse_date(text, {DateOrder::month_first, {}});
  }
  return fmt::format("{}{}{}", notes.weekday_misspelt || notes.weekday_wrong ? 'w' : '-', evidence, ambiguous ? 'a' : '-');
}

}  // namespace

std::vector<std::string> date_representatives(const std::vector<std::string>& texts, const EventOptions& options, Bin bin) {
  ScratchReader scratch(options);
  std::vector<size_t> text_of_entry;
  for (size_t t = 0; t < texts.size(); ++t) {
    if (scratch.read(texts[t], "", "")) text_of_entry.push_back(t);
  }
  scratch.finish();  // settles the day/month order of ambiguous dates from all the texts
  const EventTable& table = scratch.table();
  std::vector<std::string> out = texts;
  std::unordered_map<std::string, size_t> first_of_class;
  for (size_t e = 0; e < text_of_entry.size(); ++e) {
    const size_t t = text_of_entry[e];
    const std::string key = fmt::format("{} {} {}", period_start(bin, table.day[e]), static_cast<int>(table.date_precision(e)),
                                        date_notes_key(trim(texts[t]), options));
    out[t] = texts[first_of_class.emplace(key, t).first->second];
  }
  return out;
}

std::vector<std::optional<std::string>> place_representatives(const std::vector<std::string>& texts, const EventOptions& options,
                                               const NameMatcher& matcher) {
  ScratchReader scratch(options);
  std::vector<std::optional<std::string>> out(texts.size());
  std::unordered_map<std::string, size_t> first_of_class;
  for (size_t t = 0; t < texts.size(); ++t) {
    // Read as a row's place (trimmed, not a totals marker), then matched as join_events matches it.
    if (!scratch.read(scratch.plausible_date(), "", "", texts[t]) || scratch.table().place.back() == kNoPlace) continue;
    const NameMatch match = matcher.match(scratch.table().place_names[scratch.table().place.back()]);
    const bool firm = match.method == NameMatchMethod::exact || match.method == NameMatchMethod::alias ||
                      match.method == NameMatchMethod::abbreviation || match.method == NameMatchMethod::spelling;  // is_firm_name_method
    if (!firm || match.district < 0) continue;
    const std::string key = fmt::format("{} {}", match.district, static_cast<int>(match.method));
    out[t] = texts[first_of_class.emplace(key, t).first->second];
  }
  return out;
}

std::vector<std::optional<std::string>> category_representatives(const std::vector<std::string>& texts, const EventOptions& options) {
  std::vector<std::optional<std::string>> out(texts.size());
  std::unordered_map<int, size_t> first_of_class;
  for (size_t t = 0; t < texts.size(); ++t) {
    if (trim(texts[t]).empty()) continue;
    // Read with a state actor and without: a category the actor decides reads differently. An unknown
    // value is the only note finish() can make on these rows.
    ScratchReader scratch(options);
    const std::string& date = scratch.plausible_date();
    if (!scratch.read(date, "1", "", "x", texts[t], "1") || !scratch.read(date, "1", "", "x", texts[t], "0")) continue;
    const Category with_actor = scratch.table().category[0], without = scratch.table().category[1];
    scratch.finish();
    if (with_actor != without || !scratch.table().warnings.empty()) continue;
    out[t] = texts[first_of_class.emplace(static_cast<int>(without), t).first->second];
  }
  return out;
}

std::vector<std::optional<uint32_t>> count_values(const std::vector<std::string>& texts, const EventOptions& options) {
  ScratchReader scratch(options);
  std::vector<std::optional<uint32_t>> out(texts.size());
  for (size_t t = 0; t < texts.size(); ++t) {
    if (!trim(texts[t]).empty() && scratch.read(scratch.plausible_date(), texts[t], "")) out[t] = scratch.table().count.back();
  }
  return out;
}

std::vector<std::optional<float>> fatality_values(const std::vector<std::string>& texts, const EventOptions& options) {
  ScratchReader scratch(options);
  std::vector<std::optional<float>> out(texts.size());
  for (size_t t = 0; t < texts.size(); ++t) {
    if (scratch.read(scratch.plausible_date(), "", texts[t]) && !std::isnan(scratch.table().fatalities.back())) {
      out[t] = scratch.table().fatalities.back();
    }
  }
  return out;
}

std::string pg_text_array(const std::vector<std::string>& texts) {
  std::string out = "{";
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : texts[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace zila
