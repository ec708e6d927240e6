// The only file that talks to GEOS for spatial weights: flat PolygonSet arrays in, CSR weights out.
#include "spatial_weights.hpp"

#include <geos_c.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "error.hpp"

namespace zila {
namespace {

// One reentrant GEOS context per call; its last error message is kept for exceptions.
class GeosContext {
 public:
  GeosContext() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::remember_error, &last_error_);
  }
  ~GeosContext() { GEOS_finish_r(handle_); }
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const { return handle_; }
  const std::string& last_error() const { return last_error_; }

 private:
  static void remember_error(const char* message, void* userdata) {
    *static_cast<std::string*>(userdata) = message ? message : "";
  }
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

struct GeometryDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(context, geometry); }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t context;
  void operator()(const GEOSPreparedGeometry* prepared) const { GEOSPreparedGeom_destroy_r(context, prepared); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

[[noreturn]] void fail(const GeosContext& geos, const char* what, size_t feature) {
  throw Error(fmt::format("spatial weights: GEOS {} failed for feature {}: {}", what, feature, geos.last_error()));
}

// A closed GEOS linear ring from an open ring of the set; nullptr for degenerate rings (< 3 vertices).
GEOSGeometry* make_ring(GEOSContextHandle_t context, std::span<const Point> ring) {
  if (ring.size() < 3) return nullptr;
  std::vector<double> xy;
  xy.reserve(2 * (ring.size() + 1));
  for (const Point& p : ring) xy.insert(xy.end(), {p.x, p.y});
  xy.insert(xy.end(), {ring[0].x, ring[0].y});
  GEOSCoordSequence* sequence =
      GEOSCoordSeq_copyFromBuffer_r(context, xy.data(), static_cast<unsigned>(ring.size() + 1), 0, 0);
  return sequence ? GEOSGeom_createLinearRing_r(context, sequence) : nullptr;
}

// All polygons of one feature as a GEOS MultiPolygon (empty when it has no usable polygon).
GeometryPtr make_feature(const GeosContext& geos, const PolygonSet& set, size_t feature) {
  GEOSContextHandle_t context = geos.handle();
  std::vector<GEOSGeometry*> polygons;
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p) {
    GEOSGeometry* shell = make_ring(context, set.ring(set.polygon_offsets[p]));
    if (!shell) continue;
    std::vector<GEOSGeometry*> holes;
    for (uint32_t r = set.polygon_offsets[p] + 1; r < set.polygon_offsets[p + 1]; ++r) {
      if (GEOSGeometry* hole = make_ring(context, set.ring(r))) holes.push_back(hole);
    }
    GEOSGeometry* polygon =
        GEOSGeom_createPolygon_r(context, shell, holes.data(), static_cast<unsigned>(holes.size()));
    if (!polygon) fail(geos, "polygon construction", feature);
    polygons.push_back(polygon);
  }
  // The collection takes ownership of the polygons (not of the array).
  GEOSGeometry* multi = GEOSGeom_createCollection_r(context, GEOS_MULTIPOLYGON, polygons.data(),
                                                    static_cast<unsigned>(polygons.size()));
  if (!multi) fail(geos, "multipolygon construction", feature);
  return GeometryPtr(multi, GeometryDeleter{context});
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
  GEOSContextHandle_t context = geos.handle();

  std::vector<GeometryPtr> features;
  std::vector<BBox> boxes;
  features.reserve(count);
  for (size_t f = 0; f < count; ++f) {
    features.push_back(make_feature(geos, polygons, f));
    boxes.push_back(polygons.feature_bbox(f));
  }

  // Rook measures how much of one district's boundary runs within the tolerance of the other:
  // boundary(a) ∩ buffer(b, tolerance). The buffer also catches overlapping slivers.
  std::vector<GeometryPtr> boundaries, grown;
  if (options.rule == Contiguity::rook) {
    for (size_t f = 0; f < count; ++f) {
      GEOSGeometry* boundary = GEOSBoundary_r(context, features[f].get());
      if (!boundary) fail(geos, "boundary", f);
      boundaries.emplace_back(boundary, GeometryDeleter{context});
      GEOSGeometry* buffer = tolerance > 0 ? GEOSBuffer_r(context, features[f].get(), tolerance, 4)
                                           : GEOSGeom_clone_r(context, features[f].get());
      if (!buffer) fail(geos, "buffer", f);
      grown.emplace_back(buffer, GeometryDeleter{context});
    }
  }

  // Preparing is cheap (GEOS indexes lazily) and pays off over a district's several candidates.
  std::vector<PreparedPtr> prepared;
  for (size_t f = 0; f < count; ++f) {
    prepared.emplace_back(GEOSPrepare_r(context, features[f].get()), PreparedDeleter{context});
    if (!prepared.back()) fail(geos, "prepare", f);
  }
  std::vector<std::vector<uint32_t>> neighbour_lists(count);
  for (auto [a, b] : bbox_candidates(boxes, tolerance)) {
    char touching = tolerance > 0 ? GEOSPreparedDistanceWithin_r(context, prepared[a].get(), features[b].get(), tolerance)
                                  : GEOSPreparedIntersects_r(context, prepared[a].get(), features[b].get());
    if (touching == 2) fail(geos, "distance test", a);
    if (!touching) continue;
    if (options.rule == Contiguity::rook) {
      GeometryPtr shared(GEOSIntersection_r(context, boundaries[a].get(), grown[b].get()), GeometryDeleter{context});
      double length = 0;
      if (!shared || !GEOSLength_r(context, shared.get(), &length)) fail(geos, "shared boundary", a);
      if (length <= options.min_shared_length) continue;
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
