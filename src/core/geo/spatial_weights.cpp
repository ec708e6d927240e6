// Spatial weights from flat PolygonSet arrays (contiguity through the GEOS adapter) to CSR weights.
#include "core/geo/spatial_weights.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/geo/geos_ops.hpp"

namespace zila {
namespace {

[[noreturn]] void fail(const GeosContext& geos, const char* what, size_t feature) {
  throw Error(fmt::format("spatial weights: GEOS {} failed for feature {}: {}", what, feature, geos.last_error()));
}

// Pairs (i < j) whose bounding boxes, grown by the tolerance, overlap: a sweep along x.
std::vector<std::pair<uint32_t, uint32_t>> bbox_candidates(const std::vector<BBox>& boxes, double tolerance) {
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < boxes.size(); ++i) {
    if (!boxes[i].empty()) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return boxes[a].min_x < boxes[b].min_x; });
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (size_t a = 0; a < order.size(); ++a) {
    const BBox& left = boxes[order[a]];
    for (size_t b = a + 1; b < order.size() && boxes[order[b]].min_x <= left.max_x + tolerance; ++b) {
      const BBox& right = boxes[order[b]];
      if (right.min_y > left.max_y + tolerance || left.min_y > right.max_y + tolerance) continue;
      pairs.emplace_back(std::min(order[a], order[b]), std::max(order[a], order[b]));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

}  // namespace

SpatialWeights weights_from_neighbour_lists(const std::vector<std::vector<uint32_t>>& neighbour_lists) {
  SpatialWeights weights;
  weights.offsets.reserve(neighbour_lists.size() + 1);
  for (uint32_t i = 0; i < neighbour_lists.size(); ++i) {
    std::vector<uint32_t> row = neighbour_lists[i];
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    std::erase(row, i);  // a district is never its own neighbour here; Gi* adds itself explicitly
    if (row.empty()) weights.islands.push_back(i);
    for (uint32_t j : row) {
      weights.neighbours.push_back(j);
      weights.weights.push_back(1.0 / static_cast<double>(row.size()));
    }
    weights.offsets.push_back(static_cast<uint32_t>(weights.neighbours.size()));
  }
  return weights;
}

SpatialWeights contiguity_weights(const PolygonSet& polygons, const ContiguityOptions& options) {
  const size_t count = polygons.feature_count();
  const double tolerance = std::max(0.0, options.tolerance);
  GeosContext geos;

  std::vector<GeosGeometry> features;
  std::vector<BBox> boxes;
  features.reserve(count);
  for (size_t f = 0; f < count; ++f) {
    features.push_back(GeosGeometry::from_feature(geos, polygons, f));
    if (!features.back()) fail(geos, "multipolygon construction", f);
    boxes.push_back(polygons.feature_bbox(f));
  }

  // Rook measures how much of one district's boundary runs within the tolerance of the other:
  // boundary(a) ∩ buffer(b, tolerance). The buffer also catches overlapping slivers.
  std::vector<GeosGeometry> boundaries, grown;
  if (options.rule == Contiguity::rook) {
    for (size_t f = 0; f < count; ++f) {
      boundaries.push_back(features[f].boundary());
      if (!boundaries.back()) fail(geos, "boundary", f);
      grown.push_back(tolerance > 0 ? features[f].buffer(tolerance) : features[f].clone());
      if (!grown.back()) fail(geos, "buffer", f);
    }
  }

  // Preparing is cheap (GEOS indexes lazily) and pays off over a district's several candidates.
  std::vector<GeosPrepared> prepared;
  prepared.reserve(count);
  for (size_t f = 0; f < count; ++f) {
    prepared.emplace_back(features[f]);
    if (!prepared.back()) fail(geos, "prepare", f);
  }
  std::vector<std::vector<uint32_t>> neighbour_lists(count);
  for (auto [a, b] : bbox_candidates(boxes, tolerance)) {
    std::optional<bool> touching = tolerance > 0 ? prepared[a].within_distance(features[b], tolerance)
                                                 : prepared[a].intersects(features[b]);
    if (!touching) fail(geos, "distance test", a);
    if (!*touching) continue;
    if (options.rule == Contiguity::rook) {
      GeosGeometry shared = boundaries[a].intersection(grown[b]);
      std::optional<double> length = shared ? shared.length() : std::nullopt;
      if (!length) fail(geos, "shared boundary", a);
      if (*length <= options.min_shared_length) continue;
    }
    neighbour_lists[a].push_back(b);
    neighbour_lists[b].push_back(a);
  }
  return weights_from_neighbour_lists(neighbour_lists);
}

SpatialWeights knn_weights(std::span<const Point> points, size_t k) {
  const size_t count = points.size();
  k = std::min(k, count > 0 ? count - 1 : 0);
  std::vector<std::vector<uint32_t>> neighbour_lists(count);
  std::vector<std::pair<double, uint32_t>> by_distance;
  for (size_t i = 0; i < count; ++i) {
    by_distance.clear();
    for (uint32_t j = 0; j < count; ++j) {
      if (j == i) continue;
      double dx = points[j].x - points[i].x;
      double dy = points[j].y - points[i].y;
      by_distance.emplace_back(dx * dx + dy * dy, j);  // pairs compare distance first, then index
    }
    std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(k), by_distance.end());
    for (size_t n = 0; n < k; ++n) neighbour_lists[i].push_back(by_distance[n].second);
  }
  return weights_from_neighbour_lists(neighbour_lists);
}

}  // namespace zila
