// Spatial weights between districts: queen/rook contiguity from polygons (through GEOS) or
// k nearest neighbours from points, stored row-standardised in CSR form.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/geo/geometry.hpp"

namespace zila {

// Row i's neighbours are neighbours[offsets[i] .. offsets[i+1]) (ascending) with matching weights.
// Each row with neighbours sums to 1; an island has an empty row and is listed in `islands`.
struct SpatialWeights {
  std::vector<uint32_t> offsets{0};
  std::vector<uint32_t> neighbours;
  std::vector<double> weights;
  std::vector<uint32_t> islands;  // districts without any neighbour, ascending

  size_t size() const { return offsets.size() - 1; }
  size_t neighbour_count(size_t i) const { return offsets[i + 1] - offsets[i]; }
  std::span<const uint32_t> neighbours_of(size_t i) const {
    return {neighbours.data() + offsets[i], neighbour_count(i)};
  }
  std::span<const double> weights_of(size_t i) const { return {weights.data() + offsets[i], neighbour_count(i)}; }
};

enum class Contiguity : uint8_t {
  queen,  // any shared boundary point (vertex touch is enough)
  rook,   // a shared stretch of boundary of positive length
};

// Distances and lengths are in the polygon set's units. For `Boundaries::lonlat` that is degrees:
// 0.0005° is about 55 m north-south (about 48 m east-west at 30°N), enough to close the gaps and
// slivers that simplified boundary files leave between districts without joining real non-neighbours.
struct ContiguityOptions {
  Contiguity rule = Contiguity::queen;
  double tolerance = 0.0005;  // districts closer than this count as touching
  // Rook only: how much of a district's boundary must lie within `tolerance` of the other district.
  // With a tolerance, a mere corner touch already shares ~2 x tolerance of boundary (more at sharp
  // angles), so the bar sits well above that.
  double min_shared_length = 0.005;
};

// Symmetric contiguity between the features of `polygons`. Features without polygons are islands.
// Throws zila::Error naming the feature when GEOS cannot process its geometry.
SpatialWeights contiguity_weights(const PolygonSet& polygons, const ContiguityOptions& options = {});

// The k nearest other points by Euclidean distance (use projected points, e.g.
// `Boundaries::label_points`); ties go to the lower index. Not symmetric. k is clamped to n - 1.
SpatialWeights knn_weights(std::span<const Point> points, size_t k);

// Builds row-standardised weights from symmetric or asymmetric neighbour lists (binary links).
SpatialWeights weights_from_neighbour_lists(const std::vector<std::vector<uint32_t>>& neighbour_lists);

}  // namespace zila
