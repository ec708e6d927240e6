#include "core/geo/point_locator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace zila {
namespace {

constexpr double kMargin = 1e-7;     // degrees: an edge is filed in every fine cell it passes this close to
constexpr double kTolerance = 1e-9;  // degrees: closer than this to an edge, the full ray test answers

// Twice the signed area of abc: > 0 when c is left of a->b.
double orient(Point a, Point b, Point c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

}  // namespace

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
  build_fine_grid();
}

void PointLocator::build_fine_grid() {
  if (set_.feature_count() == 0 || extent_.empty()) return;
  // About 16 cells per vertex: most points then fall in cells no edge touches.
  double wanted = std::clamp(16.0 * static_cast<double>(set_.vertices.size()), 65536.0, 4194304.0);
  double width = std::max(extent_.width(), 1e-9), height = std::max(extent_.height(), 1e-9);
  fine_cols_ = std::clamp(static_cast<int>(std::sqrt(wanted * width / height)), 1, 8192);
  fine_rows_ = std::clamp(static_cast<int>(wanted / fine_cols_), 1, 8192);
  // Every edge is filed in each cell it passes within kMargin of: cells not much larger than the margin
  // file each edge many times (a 1M-vertex sliver's short side cut into 500 rows took 12 GB).
  const double min_cell = 64 * kMargin;
  fine_cols_ = std::min(fine_cols_, std::max(1, static_cast<int>(width / min_cell)));
  fine_rows_ = std::min(fine_rows_, std::max(1, static_cast<int>(height / min_cell)));
  fine_w_ = width / fine_cols_;
  fine_h_ = height / fine_rows_;
  fine_cols_per_degree_ = 1 / fine_w_;
  fine_rows_per_degree_ = 1 / fine_h_;
  const size_t cell_count = static_cast<size_t>(fine_cols_) * static_cast<size_t>(fine_rows_);
  auto col_of = [&](double x) { return std::clamp(static_cast<int>(std::floor((x - extent_.min_x) / fine_w_)), 0, fine_cols_ - 1); };
  auto row_of = [&](double y) { return std::clamp(static_cast<int>(std::floor((y - extent_.min_y) / fine_h_)), 0, fine_rows_ - 1); };
  auto centre_y = [&](int r) { return extent_.min_y + (r + 0.5) * fine_h_; };

  // Edges as feature_contains walks them (a = ring[i], b = ring[j]), filed per cell, and the
  // crossings of each row's centre line, computed with feature_contains' own formula.
  struct Filed {
    size_t cell;
    uint32_t feature;
    Edge edge;
  };
  std::vector<Filed> filed;
  std::vector<std::vector<std::pair<double, uint32_t>>> crossings(static_cast<size_t>(fine_rows_));
  for (uint32_t f = 0; f < set_.feature_count(); ++f) {
    for (uint32_t r = set_.polygon_offsets[set_.feature_offsets[f]]; r < set_.polygon_offsets[set_.feature_offsets[f + 1]]; ++r) {
      auto ring = set_.ring(r);
      for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point a = ring[i], b = ring[j];
        const double x0 = std::min(a.x, b.x) - kMargin, x1 = std::max(a.x, b.x) + kMargin;
        for (int c = col_of(x0); c <= col_of(x1); ++c) {
          double sx0 = std::max(x0, extent_.min_x + c * fine_w_ - kMargin);
          double sx1 = std::min(x1, extent_.min_x + (c + 1) * fine_w_ + kMargin);
          double y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
          if (a.x != b.x) {
            double t0 = std::clamp((sx0 - a.x) / (b.x - a.x), 0.0, 1.0), t1 = std::clamp((sx1 - a.x) / (b.x - a.x), 0.0, 1.0);
            y0 = std::min(a.y + t0 * (b.y - a.y), a.y + t1 * (b.y - a.y));
            y1 = std::max(a.y + t0 * (b.y - a.y), a.y + t1 * (b.y - a.y));
          }
          for (int row = row_of(y0 - kMargin); row <= row_of(y1 + kMargin); ++row) {
            filed.push_back({static_cast<size_t>(row) * static_cast<size_t>(fine_cols_) + static_cast<size_t>(c), f, {a, b}});
          }
        }
        const double lo = std::min(a.y, b.y), hi = std::max(a.y, b.y);
        for (int row = std::max(0, row_of(lo) - 1); row <= std::min(fine_rows_ - 1, row_of(hi) + 1); ++row) {
          const double y = centre_y(row);
          if ((a.y > y) != (b.y > y)) crossings[static_cast<size_t>(row)].emplace_back((b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x, f);
        }
      }
    }
  }
  std::sort(filed.begin(), filed.end(),
            [](const Filed& l, const Filed& r) { return l.cell != r.cell ? l.cell < r.cell : l.feature < r.feature; });
  std::vector<uint32_t> first_filed(cell_count + 1, 0);
  for (const Filed& entry : filed) ++first_filed[entry.cell + 1];
  for (size_t cell = 0; cell < cell_count; ++cell) first_filed[cell + 1] += first_filed[cell];

  // Sweep each row's centre line from the right: the features whose ring crossings to the right of
  // a cell's centre are odd in number hold that centre (sorted, so the first is the lowest index).
  fine_cells_.assign(cell_count, -1);
  std::vector<uint32_t> inside;
  for (int row = 0; row < fine_rows_; ++row) {
    auto& line = crossings[static_cast<size_t>(row)];
    std::sort(line.begin(), line.end(), [](const auto& l, const auto& r) { return l.first > r.first; });
    inside.clear();
    size_t k = 0;
    for (int c = fine_cols_ - 1; c >= 0; --c) {
      const Point centre{extent_.min_x + (c + 0.5) * fine_w_, centre_y(row)};
      for (; k < line.size() && line[k].first > centre.x; ++k) {
        auto it = std::lower_bound(inside.begin(), inside.end(), line[k].second);
        if (it != inside.end() && *it == line[k].second) inside.erase(it);
        else inside.insert(it, line[k].second);
      }
      const size_t cell = static_cast<size_t>(row) * static_cast<size_t>(fine_cols_) + static_cast<size_t>(c);
      const uint32_t begin = first_filed[cell], end = first_filed[cell + 1];
      auto has_edges_here = [&](uint32_t f) {
        for (uint32_t e = begin; e < end; ++e) {
          if (filed[e].feature == f) return true;
        }
        return false;
      };
      int32_t constant_owner = -1;
      for (uint32_t f : inside) {
        if (feature_boxes_[f].contains(centre) && !has_edges_here(f)) {
          constant_owner = static_cast<int32_t>(f);
          break;
        }
      }
      if (begin == end) {
        fine_cells_[cell] = constant_owner;
        continue;
      }
      BoundaryCell boundary{static_cast<uint32_t>(slots_.size()), 0, static_cast<uint32_t>(edges_.size()), constant_owner};
      for (uint32_t e = begin; e < end; ++e) {
        if (e == begin || filed[e].feature != filed[e - 1].feature) {
          bool centre_inside = std::binary_search(inside.begin(), inside.end(), filed[e].feature);
          slots_.push_back({filed[e].feature, static_cast<uint32_t>(edges_.size()), 0, centre_inside});
          ++boundary.slot_count;
        }
        edges_.push_back(filed[e].edge);
        ++slots_.back().edge_count;
      }
      fine_cells_[cell] = -2 - static_cast<int32_t>(boundary_.size());
      boundary_.push_back(boundary);
    }
  }
}

void PointLocator::locate_all(std::span<const double> lon, std::span<const double> lat, std::span<int32_t> out) const {
  // In batches: every point's fine cell fetched, then every boundary cell's record, then its slots and
  // edges, then the answers.
  constexpr size_t kBatch = 64;
  constexpr size_t kNoCell = SIZE_MAX;  // outside the extent, or no fine grid: locate answers
  std::array<size_t, kBatch> cell_of;
  for (size_t first = 0; first < out.size(); first += kBatch) {
    const size_t n = std::min(kBatch, out.size() - first);
    for (size_t k = 0; k < n; ++k) {
      const Point p{lon[first + k], lat[first + k]};
      cell_of[k] = extent_.contains(p) && !fine_cells_.empty() ? fine_cell_of(p) : kNoCell;
      if (cell_of[k] != kNoCell) __builtin_prefetch(&fine_cells_[cell_of[k]]);
    }
    for (size_t k = 0; k < n; ++k) {
      if (cell_of[k] == kNoCell) continue;
      const int32_t value = out[first + k] = fine_cells_[cell_of[k]];
      if (value < -1) __builtin_prefetch(&boundary_[static_cast<size_t>(-2 - value)]);
    }
    for (size_t k = 0; k < n; ++k) {
      if (cell_of[k] == kNoCell || out[first + k] >= -1) continue;
      const BoundaryCell& cell = boundary_[static_cast<size_t>(-2 - out[first + k])];
      __builtin_prefetch(&slots_[cell.first_slot]);
      __builtin_prefetch(&edges_[cell.first_edge]);
      // and the next line: a cell has 3 or 4 edges on average
      __builtin_prefetch(&edges_[std::min<size_t>(cell.first_edge + 2, edges_.size() - 1)]);
    }
    for (size_t k = 0; k < n; ++k) {
      const Point p{lon[first + k], lat[first + k]};
      int32_t& answer = out[first + k];
      if (cell_of[k] == kNoCell) answer = locate(p.x, p.y);
      else if (answer < -1) answer = locate_in_boundary_cell(answer, cell_of[k], p);
    }
  }
}

int32_t PointLocator::locate_in_boundary_cell(int32_t value, size_t fine_cell, Point p) const {
  const BoundaryCell& cell = boundary_[static_cast<size_t>(-2 - value)];
  const size_t c = fine_cell % static_cast<size_t>(fine_cols_), r = fine_cell / static_cast<size_t>(fine_cols_);
  const Point centre{extent_.min_x + (static_cast<double>(c) + 0.5) * fine_w_, extent_.min_y + (static_cast<double>(r) + 0.5) * fine_h_};
  const double segment_tolerance = kTolerance * (std::abs(p.x - centre.x) + std::abs(p.y - centre.y));
  for (uint32_t s = cell.first_slot; s < cell.first_slot + cell.slot_count; ++s) {
    const Slot& slot = slots_[s];
    if (cell.constant_owner >= 0 && slot.feature > static_cast<uint32_t>(cell.constant_owner)) break;
    bool inside = slot.centre_inside;
    for (uint32_t e = slot.first_edge; e < slot.first_edge + slot.edge_count; ++e) {
      const Point a = edges_[e].a, b = edges_[e].b;
      const double edge_tolerance = kTolerance * (std::abs(b.x - a.x) + std::abs(b.y - a.y));
      const double d1 = orient(a, b, centre), d2 = orient(a, b, p);
      if (std::abs(d1) <= edge_tolerance || std::abs(d2) <= edge_tolerance) return locate_by_ray(p);
      if ((d1 > 0) == (d2 > 0)) continue;
      const double d3 = orient(centre, p, a), d4 = orient(centre, p, b);
      if (std::abs(d3) <= segment_tolerance || std::abs(d4) <= segment_tolerance) return locate_by_ray(p);
      if ((d3 > 0) != (d4 > 0)) inside = !inside;
    }
    if (inside && feature_boxes_[slot.feature].contains(p)) return static_cast<int32_t>(slot.feature);
  }
  return cell.constant_owner;
}

int32_t PointLocator::locate_by_ray(Point p) const {
  double lon = p.x, lat = p.y;
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

double PointLocator::edge_distance_km(Point p, size_t feature) const {
  double best_km = std::numeric_limits<double>::infinity();
  uint32_t first_ring = set_.polygon_offsets[set_.feature_offsets[feature]];
  uint32_t last_ring = set_.polygon_offsets[set_.feature_offsets[feature + 1]];
  for (uint32_t r = first_ring; r < last_ring; ++r) {
    auto ring = set_.ring(r);
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) best_km = std::min(best_km, segment_distance_km(p, ring[j], ring[i]));
  }
  return best_km;
}

int32_t PointLocator::nearest_within(double lon, double lat, double max_km) const {
  Point p{lon, lat};
  double margin_lat = max_km / 110.574;
  double margin_lon = max_km / (111.320 * std::max(std::cos(lat * M_PI / 180), 1e-6));
  int32_t best = -1;
  double best_km = max_km;
  for (size_t f = 0; f < feature_boxes_.size(); ++f) {
    const BBox& b = feature_boxes_[f];
    if (lon < b.min_x - margin_lon || lon > b.max_x + margin_lon || lat < b.min_y - margin_lat || lat > b.max_y + margin_lat) continue;
    const double d = edge_distance_km(p, f);
    if (d <= best_km) best_km = d, best = static_cast<int32_t>(f);
  }
  return best;
}

double PointLocator::distance_km(double lon, double lat, int32_t feature) const {
  const Point p{lon, lat};
  const auto f = static_cast<size_t>(feature);
  if (feature_boxes_[f].contains(p) && feature_contains(set_, f, p)) return 0;
  return edge_distance_km(p, f);
}

}  // namespace zila
