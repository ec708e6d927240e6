#include "core/map/labels.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <unordered_set>

#include "core/map/box_grid.hpp"

namespace zila {
namespace {

// Points of `box` (inset) on a grid about `step` pixels apart, in map coordinates.
void sample_points(const LabelView& view, const LabelBox& box, double inset, double step, std::vector<Point>& out) {
  out.clear();
  const double x0 = box.x0 + inset, x1 = std::max(box.x1 - inset, x0), y0 = box.y0 + inset, y1 = std::max(box.y1 - inset, y0);
  const int cols = std::max(3, static_cast<int>(std::ceil((x1 - x0) / step)) + 1);
  const int rows = std::max(3, static_cast<int>(std::ceil((y1 - y0) / step)) + 1);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      out.push_back(view.to_map({x0 + (x1 - x0) * c / (cols - 1), y0 + (y1 - y0) * r / (rows - 1)}));
}

// What lies under a label: the districts other than its own whose interior it covers.
enum class Cover : uint8_t { none = 0, uncoloured = 1, coloured = 2 };

class Coverage {
 public:
  Coverage(const Boundaries& b, const LabelView& view, std::span<const uint8_t> coloured)
      : b_(b), view_(view), coloured_(coloured) {
    boxes_.reserve(b.size());
    BBox extent;
    for (size_t d = 0; d < b.size(); ++d) {
      boxes_.push_back(d < b.projected.feature_count() ? b.projected.feature_bbox(d) : BBox{});
      if (!boxes_.back().empty()) extent.expand(boxes_.back());
    }
    grid_ = BoxGrid(extent, boxes_.size());
    for (size_t d = 0; d < boxes_.size(); ++d) grid_.insert(static_cast<uint32_t>(d), boxes_[d]);
  }

  // The worst district other than `own` under `box`; with `stop_at_any`, the first one found.
  Cover under(const LabelBox& box, size_t own, double inset, double step, bool stop_at_any) {
    sample_points(view_, box, inset, step, points_);
    BBox reach;
    for (const Point& p : points_) reach.expand(p);
    grid_.collect(reach, candidates_);
    near_.clear();
    for (const size_t d : candidates_)
      if (d != own && boxes_[d].min_x <= reach.max_x && reach.min_x <= boxes_[d].max_x && boxes_[d].min_y <= reach.max_y &&
          reach.min_y <= boxes_[d].max_y)
        near_.push_back(d);
    Cover worst = Cover::none;
    const bool own_known = own < boxes_.size();
    for (const Point& p : points_) {
      if (own_known && boxes_[own].contains(p) && feature_contains(b_.projected, own, p)) continue;
      for (size_t d : near_) {
        if (!boxes_[d].contains(p) || !feature_contains(b_.projected, d, p)) continue;
        const Cover c = d < coloured_.size() && coloured_[d] ? Cover::coloured : Cover::uncoloured;
        if (stop_at_any) return c;
        worst = std::max(worst, c);
        if (worst == Cover::coloured) return worst;
        break;  // districts do not overlap: the next point
      }
    }
    return worst;
  }

 private:
  const Boundaries& b_;
  const LabelView& view_;
  std::span<const uint8_t> coloured_;
  std::vector<BBox> boxes_;
  BoxGrid grid_;  // of boxes_
  std::vector<Point> points_;
  std::vector<uint32_t> candidates_;
  std::vector<size_t> near_;
};

// Liang-Barsky: whether the segment a-b passes through `box`.
bool segment_crosses(Point a, Point b, const LabelBox& box) {
  double t0 = 0, t1 = 1;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - box.x0, box.x1 - a.x, a.y - box.y0, box.y1 - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
    } else {
      const double t = q[i] / p[i];
      if (p[i] < 0) t0 = std::max(t0, t);
      else t1 = std::min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

// Whether segments a-b and c-d cross (touching ends do not count).
bool segments_cross(Point a, Point b, Point c, Point d) {
  auto side = [](Point p, Point q, Point r) { return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x); };
  const double d1 = side(a, b, c), d2 = side(a, b, d), d3 = side(c, d, a), d4 = side(c, d, b);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

Point nearest_on_box(Point p, const LabelBox& box) {
  return {std::clamp(p.x, box.x0, box.x1), std::clamp(p.y, box.y0, box.y1)};
}

LabelBox centred_box(Point c, double w, double h) { return {c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2}; }

// The 16 directions a leadered label is tried in, every 22.5 degrees from east, counterclockwise on
// screen (y down): worked out once, not for each spot of each district.
const std::array<std::pair<double, double>, 16> kLeaderDirections = [] {
  std::array<std::pair<double, double>, 16> out;
  for (int k = 0; k < 16; ++k) {
    const double angle = k * std::numbers::pi / 8;
    out[static_cast<size_t>(k)] = {std::cos(angle), -std::sin(angle)};
  }
  return out;
}();

BBox bbox_of(const LabelBox& box) { return {box.x0, box.y0, box.x1, box.y1}; }

// A segment's box grown by a pixel: the grids' answers must hold every box and segment the exact
// tests, with their rounding, could find crossing it.
BBox bbox_of(Point a, Point e) {
  return {std::min(a.x, e.x) - 1, std::min(a.y, e.y) - 1, std::max(a.x, e.x) + 1, std::max(a.y, e.y) + 1};
}

// What the labels placed so far occupy: their padded boxes (and the caller's obstacles), their text
// boxes and their leader lines, each kind filed in a grid over the label area, so that a spot is
// tested against its neighbours only.
class Occupied {
 public:
  Occupied(const LabelBox& area, double cell_px, const std::vector<LabelBox>& blocked) {
    const size_t cells = static_cast<size_t>(std::clamp(area.width() * area.height() / (cell_px * cell_px), 1.0, 1e6));
    padded_grid_ = text_grid_ = leader_grid_ = BoxGrid(bbox_of(area), cells);
    for (const LabelBox& box : blocked) add_padded(box);
  }

  void add_label(const LabelBox& text, double pad) {
    add_padded(text.grown(pad));
    text_grid_.insert(static_cast<uint32_t>(texts_.size()), bbox_of(text.grown(1)));
    texts_.push_back(text.grown(1));
  }
  void add_leader(Point a, Point e) {
    leader_grid_.insert(static_cast<uint32_t>(leaders_.size()), bbox_of(a, e));
    leaders_.emplace_back(a, e);
  }

  // No padded label box or obstacle overlaps `padded`, and no leader crosses it.
  bool free(const LabelBox& padded) const {
    const BBox query = bbox_of(padded);
    return !padded_grid_.any_of(query, [&](uint32_t i) { return padded_[i].overlaps(padded); }) &&
           !leader_grid_.any_of(query, [&](uint32_t i) { return segment_crosses(leaders_[i].first, leaders_[i].second, padded); });
  }
  // The leader a-e crosses no label (its text box grown by a pixel) and no other leader.
  bool leader_clear(Point a, Point e) const {
    const BBox query = bbox_of(a, e);
    return !text_grid_.any_of(query, [&](uint32_t i) { return segment_crosses(a, e, texts_[i]); }) &&
           !leader_grid_.any_of(query, [&](uint32_t i) { return segments_cross(a, e, leaders_[i].first, leaders_[i].second); });
  }

 private:
  void add_padded(const LabelBox& box) {
    padded_grid_.insert(static_cast<uint32_t>(padded_.size()), bbox_of(box));
    padded_.push_back(box);
  }
  std::vector<LabelBox> padded_, texts_;
  std::vector<std::pair<Point, Point>> leaders_;
  BoxGrid padded_grid_, text_grid_, leader_grid_;
};

// Candidates: districts whose label point is in view. Coloured and pinned ones all, strongest first;
// of the rest the largest, as many as the density allows.
struct Candidates {
  std::vector<size_t> important, others;
};

Candidates label_candidates(const LabelRequest& r, const LabelBox& area) {
  const Boundaries& b = *r.districts;
  const LabelPriority& pr = *r.priority;
  const std::unordered_set<std::string> pinned(r.settings.pinned.begin(), r.settings.pinned.end());
  const std::unordered_set<std::string> hidden(r.settings.hidden.begin(), r.settings.hidden.end());
  auto coloured = [&](size_t d) { return d < pr.coloured.size() && pr.coloured[d] != 0; };
  auto area_km2 = [&](size_t d) { return d < b.area_km2.size() ? b.area_km2[d] : 0.0; };
  Candidates out;
  for (size_t d = 0; d < b.size() && d < b.label_points.size(); ++d) {
    if (b.names[d].empty() || hidden.contains(b.names[d])) continue;
    const Point a = r.view.to_pixel(b.label_points[d]);
    if (a.x < area.x0 || a.x > area.x1 || a.y < area.y0 || a.y > area.y1) continue;
    (pinned.contains(b.names[d]) || coloured(d) ? out.important : out.others).push_back(d);
  }
  std::stable_sort(out.important.begin(), out.important.end(), [&](size_t x, size_t y) {
    const bool px = pinned.contains(b.names[x]), py = pinned.contains(b.names[y]);
    if (px != py) return px;
    if (pr.strength(x) != pr.strength(y)) return pr.strength(x) > pr.strength(y);
    return area_km2(x) > area_km2(y);
  });
  std::stable_sort(out.others.begin(), out.others.end(), [&](size_t x, size_t y) { return area_km2(x) > area_km2(y); });
  out.others.resize(static_cast<size_t>(std::lround(std::clamp(r.settings.density, 0.0, 1.0) * static_cast<double>(out.others.size()))));
  return out;
}

LabelBox label_area(const LabelRequest& r) {
  const LabelView& view = r.view;
  return r.area.x1 > r.area.x0 && r.area.y1 > r.area.y0 ? r.area
                                                         : LabelBox{view.x0, view.y0, view.x0 + view.width, view.y0 + view.height};
}

}  // namespace

bool label_covers_other_district(const Boundaries& districts, const LabelView& view, const LabelBox& box, size_t own,
                                 double inset) {
  Coverage coverage(districts, view, {});
  return coverage.under(box, own, inset, 4, true) != Cover::none;
}

struct LabelPlacer::State {
  explicit State(const LabelRequest& request)
      : r(request),
        area(label_area(r)),
        pad(kLabelPaddingPx * r.scale),
        h(r.text_height),
        inset(1.5 * r.scale),
        step(std::max(4.0, h / 2)),
        candidates(label_candidates(r, area)),
        occupied(area, std::max(4 * h, 16.0), r.blocked),
        coverage(*r.districts, r.view, r.priority->coloured) {}

  bool free(const LabelBox& box) const {
    if (box.x0 < area.x0 || box.y0 < area.y0 || box.x1 > area.x1 || box.y1 > area.y1) return false;
    return occupied.free(box.grown(pad));
  }
  bool place(size_t d, bool may_lead);

  const LabelRequest r;
  const LabelBox area;
  const double pad, h, inset, step;
  const Candidates candidates;
  size_t next = 0;  // candidates tried: the important ones, then the others
  Occupied occupied;
  Coverage coverage;
  LabelPlacement out;
};

bool LabelPlacer::State::place(size_t d, bool may_lead) {
  const Boundaries& b = *r.districts;
  // Inside the district: at its label point, else nudged by up to a line or a third of the name.
  static constexpr double kNudges[][2] = {{0, 0},      {0, -0.6}, {0, 0.6},   {-0.3, 0},  {0.3, 0},   {-0.3, -0.6},
                                          {0.3, -0.6}, {-0.3, 0.6}, {0.3, 0.6}, {0, -1.2}, {0, 1.2}};
  const double w = r.text_width(b.names[d]);
  const Point anchor = r.view.to_pixel(b.label_points[d]);
  for (const auto& n : kNudges) {
    const LabelBox box = centred_box({anchor.x + n[0] * w, anchor.y + n[1] * h}, w, h);
    if (free(box) && coverage.under(box, d, inset, step, true) == Cover::none) {
      out.labels.push_back({d, box, false, anchor, anchor});
      occupied.add_label(box, pad);
      return true;
    }
  }
  if (!may_lead) return false;
  // Beside it: rings of spots around the point; the cost is the leader's length plus a penalty for
  // covering other districts (more for coloured ones). Rings stop once no farther spot can win.
  const double first = std::max(1.2 * h, 10 * r.scale), last = 220 * r.scale, penalty = 4 * h;
  double best_cost = INFINITY;
  LabelBox best_box;
  Point best_end;
  for (double ring = first; ring <= last && ring < best_cost; ring *= 1.3) {
    for (const auto& [cx, cy] : kLeaderDirections) {
      const LabelBox box = centred_box({anchor.x + cx * (ring + w / 2), anchor.y + cy * (ring + h / 2)}, w, h);
      if (!free(box)) continue;
      const Point end = nearest_on_box(anchor, box);
      const double length = std::hypot(end.x - anchor.x, end.y - anchor.y);
      if (length >= best_cost || !occupied.leader_clear(anchor, end)) continue;
      const Cover c = coverage.under(box, d, inset, step, false);
      const double cost = length + penalty * static_cast<double>(c);
      if (cost < best_cost) best_cost = cost, best_box = box, best_end = end;
    }
  }
  if (!std::isfinite(best_cost)) return false;
  out.labels.push_back({d, best_box, true, anchor, best_end});
  occupied.add_label(best_box, pad);
  occupied.add_leader(anchor, best_end);
  return true;
}

LabelPlacer::LabelPlacer(const LabelRequest& request) {
  if (request.districts && request.priority && request.text_width) state_ = std::make_unique<State>(request);
}
LabelPlacer::~LabelPlacer() = default;
LabelPlacer::LabelPlacer(LabelPlacer&&) noexcept = default;
LabelPlacer& LabelPlacer::operator=(LabelPlacer&&) noexcept = default;

bool LabelPlacer::done() const {
  return !state_ || state_->next == state_->candidates.important.size() + state_->candidates.others.size();
}

const LabelPlacement& LabelPlacer::placement() const {
  static const LabelPlacement kNone;
  return state_ ? state_->out : kNone;
}

bool LabelPlacer::run(std::chrono::steady_clock::time_point deadline) {
  // The clock is read every few districts: a district costs microseconds, the clock a little less.
  constexpr size_t kDistrictsPerClockRead = 16;
  for (size_t tried = 0; !done(); ++tried) {
    if (tried % kDistrictsPerClockRead == 0 && tried > 0 && std::chrono::steady_clock::now() >= deadline) return false;
    State& s = *state_;
    const size_t important = s.candidates.important.size();
    if (s.next < important) {
      const size_t d = s.candidates.important[s.next];
      if (!s.place(d, true)) s.out.unplaced.push_back(d);
    } else {
      s.place(s.candidates.others[s.next - important], false);
    }
    ++s.next;
  }
  return true;
}

LabelPlacement place_labels(const LabelRequest& r) {
  LabelPlacer placer(r);
  placer.run(std::chrono::steady_clock::time_point::max());
  return placer.placement();
}

}  // namespace zila
