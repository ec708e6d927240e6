// Name matching on any text. The first byte picks the district list: even, Pakistan's 126 ADM2
// districts with the project's alias table (the real join); odd, a list made from the input itself
// (lines "district" or "alias,district"), so that odd alias tables are built too.
// Properties: a result names a district of the list or none, with a method saying how; suggestions
// name districts of the list; normalising twice changes nothing.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/error.hpp"
#include "core/io/event_loader.hpp"
#include "core/join/name_match.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace zila;

std::unique_ptr<NameMatcher> pakistan_matcher;

void check_match(const NameMatcher& matcher, std::string_view raw) {
  const NameMatch result = matcher.match(raw);
  const auto districts = static_cast<int32_t>(matcher.district_names().size());
  FUZZ_CHECK(result.district >= -1 && result.district < districts);
  FUZZ_CHECK((result.district == -1) == (result.method == NameMatchMethod::none));
  for (int32_t candidate : result.candidates) FUZZ_CHECK(candidate >= 0 && candidate < districts);
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

// Loads the districts once: the boundary file geodata/fetch.sh puts in geodata/cache/.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string geodata = ZILA_GEODATA_DIR;
  try {
    BoundaryOptions options;
    options.path = geodata + "/cache/geoBoundaries-PAK-ADM2_simplified.geojson";
    Boundaries districts = load_boundaries(options);
    pakistan_matcher = std::make_unique<NameMatcher>(districts.names, load_aliases(geodata + "/aliases.csv"));
  } catch (const Error& e) {
    std::fprintf(stderr, "fuzz_name_match: %s (run geodata/fetch.sh first)\n", e.what());
    std::exit(1);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  const std::string normalised = normalise_place_name(text);
  FUZZ_CHECK(normalise_place_name(normalised) == normalised);

  if (data[0] % 2 == 0) {
    check_match(*pakistan_matcher, text);
    return 0;
  }
  std::vector<std::string> names;
  std::vector<AliasEntry> aliases;
  const std::vector<std::string_view> lines = lines_of(text);
  for (std::string_view line : lines) {
    const size_t comma = line.find(',');
    if (comma == std::string_view::npos) names.emplace_back(line);
    else aliases.push_back({std::string(line.substr(0, comma)), std::string(line.substr(comma + 1))});
  }
  const NameMatcher matcher(names, aliases);
  for (std::string_view line : lines) check_match(matcher, line);
  return 0;
}
