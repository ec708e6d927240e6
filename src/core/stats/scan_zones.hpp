// The candidate zones of the space-time scan (scan.cpp): for each district as centre, the districts
// by distance, cut where the zone's population share would pass the limit, each prefix a zone when it is
// connected (contiguous scans) and not seen before. Internal to core/stats.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/stats/scan.hpp"

namespace zila {

// The zones as prefixes of each centre's districts sorted by distance: the zone of centre c with
// k + 1 districts is order[offsets[c] .. offsets[c] + k], and its facts sit at index offsets[c] + k.
struct Zones {
  std::vector<size_t> offsets{0};
  std::vector<uint32_t> order;
  std::vector<uint8_t> candidate;  // a distinct set (first seen) that is connected when asked
  std::vector<double> share;       // s_Z of the expected counts (see scan.hpp)
  size_t count = 0;
};

Zones build_zones(const ScanInput& in, const ScanOptions& options, std::span<const double> district_share);

}  // namespace zila
