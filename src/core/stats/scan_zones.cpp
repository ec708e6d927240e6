#include "core/stats/scan_zones.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace zila {
namespace {

// Union-find over districts for the incremental "is the zone connected" test.
struct Components {
  std::vector<uint32_t> parent;
  uint32_t find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

}  // namespace

Zones build_zones(const ScanInput& in, const ScanOptions& options, std::span<const double> district_share) {
  const size_t n = in.districts;
  // Undirected links: k-nearest weights need not be symmetric, connection is.
  std::vector<std::vector<uint32_t>> links(n);
  if (options.contiguous) {
    for (size_t i = 0; i < n; ++i)
      for (uint32_t j : in.contiguity->neighbours_of(i)) {
        links[i].push_back(j);
        links[j].push_back(static_cast<uint32_t>(i));
      }
  }
  const double base_total = std::accumulate(in.base.begin(), in.base.end(), 0.0);
  const double limit = options.max_share * base_total * (1 + 1e-12);
  Zones zones;
  std::set<std::vector<uint32_t>> seen;
  std::vector<uint32_t> by_distance(n), members;
  std::vector<double> distance(n);
  Components components{std::vector<uint32_t>(n)};
  std::vector<uint8_t> inside(n, 0);
  for (size_t c = 0; c < n; ++c) {
    for (size_t j = 0; j < n; ++j)
      distance[j] = std::hypot(in.centres[j].x - in.centres[c].x, in.centres[j].y - in.centres[c].y);
    std::iota(by_distance.begin(), by_distance.end(), 0u);
    std::stable_sort(by_distance.begin(), by_distance.end(), [&](uint32_t a, uint32_t b) {
      if (a == c || b == c) return a == c && b != c;  // the centre first, even beside a twin point
      return distance[a] < distance[b];
    });
    double base = 0, share = 0;
    size_t parts = 0;
    members.clear();
    for (uint32_t d : by_distance) {
      base += in.base[d];
      if (base > limit) break;
      share += district_share[d];
      inside[d] = 1;
      components.parent[d] = d;
      ++parts;
      for (uint32_t other : links[d]) {
        if (!inside[other]) continue;
        const uint32_t a = components.find(d), b = components.find(other);
        if (a != b) {
          components.parent[a] = b;
          --parts;
        }
      }
      members.insert(std::upper_bound(members.begin(), members.end(), d), d);
      const bool connected = !options.contiguous || parts == 1;
      const bool fresh = connected && seen.insert(members).second;
      zones.order.push_back(d);
      zones.candidate.push_back(fresh ? 1 : 0);
      zones.share.push_back(share);
      zones.count += fresh ? 1 : 0;
    }
    for (uint32_t d : members) inside[d] = 0;
    zones.offsets.push_back(zones.order.size());
  }
  return zones;
}

}  // namespace zila
