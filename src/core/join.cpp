#include "join.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "error.hpp"

namespace zila {

JoinMode parse_join_mode(const std::string& text) {
  if (text == "name") return JoinMode::name;
  if (text == "coords" || text == "coordinates") return JoinMode::coords;
  if (text == "hybrid") return JoinMode::hybrid;
  throw Error(fmt::format("unknown join mode '{}' (name, coords, hybrid)", text));
}

const char* join_mode_name(JoinMode m) {
  switch (m) {
    case JoinMode::name: return "name";
    case JoinMode::coords: return "coords";
    case JoinMode::hybrid: return "hybrid";
  }
  return "?";
}

const char* join_method_name(JoinMethod m) {
  switch (m) {
    case JoinMethod::exact: return "exact";
    case JoinMethod::alias: return "alias";
    case JoinMethod::abbreviation: return "abbreviation";
    case JoinMethod::token: return "token";
    case JoinMethod::fuzzy: return "fuzzy";
    case JoinMethod::coordinates: return "coordinates";
    case JoinMethod::snapped: return "snapped";
    case JoinMethod::unmatched: return "unmatched";
  }
  return "?";
}

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

namespace {

JoinMethod from_name_method(NameMatchMethod m) {
  switch (m) {
    case NameMatchMethod::exact: return JoinMethod::exact;
    case NameMatchMethod::alias: return JoinMethod::alias;
    case NameMatchMethod::abbreviation: return JoinMethod::abbreviation;
    case NameMatchMethod::token: return JoinMethod::token;
    case NameMatchMethod::fuzzy: return JoinMethod::fuzzy;
    case NameMatchMethod::none: return JoinMethod::unmatched;
  }
  return JoinMethod::unmatched;
}

// Placeholders in the unmatched list for rows that had no usable name.
constexpr const char* kNoPlaceName = "(no place name)";
constexpr const char* kNoCoordinates = "(no coordinates)";
constexpr const char* kOutside = "(coordinates outside every district)";

}  // namespace

JoinResult join_events(const EventTable& events, const Boundaries& boundaries, const NameMatcher& matcher,
                       const JoinOptions& options) {
  JoinResult result;
  size_t n = events.size();
  result.district.assign(n, -1);
  result.method.assign(n, JoinMethod::unmatched);
  result.rows_read = events.rows_read;
  result.rejected = events.rejected.size();

  bool use_names = options.mode != JoinMode::coords;
  bool use_coords = options.mode != JoinMode::name;
  // Names are resolved once per distinct string, not per row.
  std::vector<NameMatch> place_matches;
  if (use_names) {
    place_matches.reserve(events.place_names.size());
    for (const std::string& name : events.place_names) place_matches.push_back(matcher.match(name));
  }
  std::optional<PointLocator> locator;
  if (use_coords) locator.emplace(boundaries.lonlat);

  struct Pending {
    uint64_t rows = 0, events = 0;
    const NameMatch* match = nullptr;
  };
  std::unordered_map<std::string, Pending> unmatched;

  for (size_t i = 0; i < n; ++i) {
    int32_t by_name = -1;
    JoinMethod name_method = JoinMethod::unmatched;
    uint32_t place = events.place[i];
    if (use_names && place != kNoPlace) {
      by_name = place_matches[place].district;
      name_method = from_name_method(place_matches[place].method);
    }
    int32_t by_coords = -1;
    JoinMethod coords_method = JoinMethod::coordinates;
    bool has_point = !std::isnan(events.lon[i]);
    if (use_coords && has_point) {
      by_coords = locator->locate(events.lon[i], events.lat[i]);
      if (by_coords < 0) {
        int32_t swapped = locator->locate(events.lat[i], events.lon[i]);
        if (swapped >= 0) {
          by_coords = swapped;
          ++result.points_swapped;
        } else {
          ++result.points_outside;
          if (options.snap_km > 0) {
            by_coords = locator->nearest_within(events.lon[i], events.lat[i], options.snap_km);
            coords_method = JoinMethod::snapped;
          }
        }
      }
    }

    int32_t district = -1;
    JoinMethod method = JoinMethod::unmatched;
    if (by_name >= 0) {
      district = by_name, method = name_method;
    } else if (by_coords >= 0) {
      district = by_coords, method = coords_method;
    }
    if (options.mode == JoinMode::hybrid && by_name >= 0 && by_coords >= 0 && by_name != by_coords) {
      ++result.disagreement_rows;
      if (result.disagreements.size() < JoinResult::kMaxListedDisagreements) {
        result.disagreements.push_back({events.source_row[i], events.place_names[place],
                                        boundaries.names[static_cast<size_t>(by_name)],
                                        boundaries.names[static_cast<size_t>(by_coords)]});
      }
    }

    result.district[i] = district;
    result.method[i] = method;
    ++result.rows_by_method[static_cast<size_t>(method)];
    if (district >= 0) {
      ++result.joined;
      result.events_joined += events.count[i];
      continue;
    }
    ++result.unmatched;
    result.events_unmatched += events.count[i];
    std::string key;
    const NameMatch* match = nullptr;
    if (use_names && place != kNoPlace) {
      key = events.place_names[place];
      match = &place_matches[place];
    } else if (!use_names) {
      key = has_point ? kOutside : kNoCoordinates;
    } else {
      key = has_point ? kOutside : kNoPlaceName;
    }
    Pending& entry = unmatched[key];
    ++entry.rows;
    entry.events += events.count[i];
    entry.match = match;
  }

  for (auto& [name, pending] : unmatched) {
    UnmatchedName entry{name, pending.rows, pending.events, {}};
    if (pending.match) {
      for (int32_t candidate : pending.match->candidates) entry.suggestions.push_back(boundaries.names[static_cast<size_t>(candidate)]);
    }
    result.unmatched_names.push_back(std::move(entry));
  }
  std::sort(result.unmatched_names.begin(), result.unmatched_names.end(),
            [](const UnmatchedName& a, const UnmatchedName& b) { return a.rows != b.rows ? a.rows > b.rows : a.name < b.name; });
  if (result.joined + result.unmatched + result.rejected != result.rows_read) {
    throw Error(fmt::format("internal accounting error: {} joined + {} unmatched + {} rejected != {} rows read",
                            result.joined, result.unmatched, result.rejected, result.rows_read));
  }
  return result;
}

}  // namespace zila
