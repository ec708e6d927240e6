#include "point_locator.hpp"

#include <algorithm>
#include <cmath>

namespace zila {

PointLocator::PointLocator(const PolygonSet& lonlat) : set_(lonlat) {
  size_t features = set_.feature_count();
  feature_boxes_.resize(features);
  for (size_t f = 0; f < features; ++f) {
    feature_boxes_[f] = set_.feature_bbox(f);
    extent_.expand(feature_boxes_[f]);
  }
  // About four features per cell on average keeps the candidate lists short.
  int side = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(features)) * 2));
  cols_ = rows_ = side;
  cell_w_ = std::max(extent_.width(), 1e-12) / cols_;
  cell_h_ = std::max(extent_.height(), 1e-12) / rows_;
  std::vector<std::vector<uint32_t>> cells(static_cast<size_t>(cols_ * rows_));
  for (size_t f = 0; f < features; ++f) {
    const BBox& b = feature_boxes_[f];
    int c0 = std::clamp(static_cast<int>((b.min_x - extent_.min_x) / cell_w_), 0, cols_ - 1);
    int c1 = std::clamp(static_cast<int>((b.max_x - extent_.min_x) / cell_w_), 0, cols_ - 1);
    int r0 = std::clamp(static_cast<int>((b.min_y - extent_.min_y) / cell_h_), 0, rows_ - 1);
    int r1 = std::clamp(static_cast<int>((b.max_y - extent_.min_y) / cell_h_), 0, rows_ - 1);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) cells[static_cast<size_t>(r * cols_ + c)].push_back(static_cast<uint32_t>(f));
  }
  cell_offsets_.push_back(0);
  for (const auto& cell : cells) {
    cell_features_.insert(cell_features_.end(), cell.begin(), cell.end());
    cell_offsets_.push_back(static_cast<uint32_t>(cell_features_.size()));
  }
}

int32_t PointLocator::locate(double lon, double lat) const {
  Point p{lon, lat};
  if (!extent_.contains(p)) return -1;
  int c = std::min(static_cast<int>((lon - extent_.min_x) / cell_w_), cols_ - 1);
  int r = std::min(static_cast<int>((lat - extent_.min_y) / cell_h_), rows_ - 1);
  size_t cell = static_cast<size_t>(r * cols_ + c);
  for (uint32_t i = cell_offsets_[cell]; i < cell_offsets_[cell + 1]; ++i) {
    uint32_t f = cell_features_[i];
    if (feature_boxes_[f].contains(p) && feature_contains(set_, f, p)) return static_cast<int32_t>(f);
  }
  return -1;
}

namespace {

// Distance in km from p to segment ab, on a local equirectangular plane around p (fine below ~100 km).
double segment_distance_km(Point p, Point a, Point b) {
  double kx = 111.320 * std::cos(p.y * M_PI / 180), ky = 110.574;
  double ax = (a.x - p.x) * kx, ay = (a.y - p.y) * ky, bx = (b.x - p.x) * kx, by = (b.y - p.y) * ky;
  double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? std::clamp(-(ax * dx + ay * dy) / length2, 0.0, 1.0) : 0;
  double cx = ax + t * dx, cy = ay + t * dy;
  return std::sqrt(cx * cx + cy * cy);
}

}  // namespace

int32_t PointLocator::nearest_within(double lon, double lat, double max_km) const {
  Point p{lon, lat};
  double margin_lat = max_km / 110.574;
  double margin_lon = max_km / (111.320 * std::max(std::cos(lat * M_PI / 180), 1e-6));
  int32_t best = -1;
  double best_km = max_km;
  for (size_t f = 0; f < feature_boxes_.size(); ++f) {
    const BBox& b = feature_boxes_[f];
    if (lon < b.min_x - margin_lon || lon > b.max_x + margin_lon || lat < b.min_y - margin_lat || lat > b.max_y + margin_lat) continue;
    uint32_t first_ring = set_.polygon_offsets[set_.feature_offsets[f]];
    uint32_t last_ring = set_.polygon_offsets[set_.feature_offsets[f + 1]];
    for (uint32_t r = first_ring; r < last_ring; ++r) {
      auto ring = set_.ring(r);
      for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        double d = segment_distance_km(p, ring[j], ring[i]);
        if (d <= best_km) best_km = d, best = static_cast<int32_t>(f);
      }
    }
  }
  return best;
}

}  // namespace zila
