// parse_date on any text under each date order and a few explicit formats (the first byte picks
// them). Property: a date it accepts, written as ISO, reads back as the same day.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/dates.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zila;
  if (size == 0) return 0;
  static const DateOrder kOrders[] = {DateOrder::automatic, DateOrder::month_first, DateOrder::day_first};
  static const char* const kFormats[] = {"", "%d.%m.%Y", "%Y-%m", "%m/%d/%y", "%d %B %Y", "%Y%m%d", "%B %Y", "%F %T"};
  const uint8_t selector = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  DateOptions options;
  options.order = kOrders[selector % 3];
  options.format = kFormats[(selector / 3) % 8];
  const std::optional<int32_t> day = parse_date(text, options);
  if (day) {
    const std::string iso = format_iso_date(*day);
    FUZZ_CHECK(parse_date(iso, DateOptions{}) == day);
  }
  const std::vector<std::string> samples{std::string(text)};
  infer_date_order(samples);
  return 0;
}
