#include "core/stats/scan.hpp"
// Sections: ZoneChordProof (whole zones ruled out in the
// replications) | scan_cylinders (one pass over every zone and window, pruned exactly by the bar) |
// input checks | space_time_scan (observed pass, replications, secondary clusters). The zones (k nearest
// connected districts): scan_zones.cpp. Cluster names and explanations: scan_explain.cpp.

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <span>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "core/stats/random.hpp"
#include "core/stats/scan_zones.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

constexpr uint64_t kScanStream = 3;  // hotspot.cpp uses 1 and 2
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxScanEvents = 10e6;

// Events of one district in ascending periods: (period, count), counts > 0.
using Series = std::vector<std::pair<uint32_t, double>>;

struct Best {
  double llr = 0, observed = 0, expected = 0;
  uint32_t first = 0, last = 0;
};

// mu*(c): the expected count at which a window of count c reaches the LLR `bar` (LLR(c, mu) falls as mu
// grows to c), rounded up, so a window with mu >= mu*(c) cannot beat the bar. Cached per count for
// the current bar: a replication's largest LLR so far.
class Thresholds {
 public:
  void reset(double total) {
    total_ = total;
    bar_ = 0;
    ++version_;
    const auto size = static_cast<size_t>(total) + 1;
    if (cache_.size() < size) cache_.resize(size);
  }
  void raise(double bar) {
    bar_ = bar;
    ++version_;
  }
  double bar() const { return bar_; }
  double mu(double count) {
    Cached& cached = cache_[static_cast<size_t>(count)];
    if (cached.version != version_) cached = {version_, solve(count)};
    return cached.mu;
  }

 private:
  // Newton's method in u = ln mu on h(u) = LLR(c, e^u) - bar, convex and decreasing for mu < c,
  // from a start below the root: every step stays below it. The result is then raised by relative
  // steps until LLR(c, mu) <= bar holds as computed, so a window with mu >= mu*(c) cannot beat the bar.
  double solve(double c) const {
    if (bar_ <= 0) return c;
    // LLR(c, mu) >= c ln(c/mu) - c (the outside term is at least mu - c), so at `low` it exceeds the bar.
    const double low = std::max(c * std::exp(-(bar_ + c) / c) * 0.5, 1e-300);
    double u = std::log(low);
    const double outside = total_ - c;
    for (int i = 0; i < 60; ++i) {
      const double mu = std::exp(u);
      const double h = scan_llr(c, mu, total_) - bar_;
      if (!(h > 0)) break;
      const double slope = -c + (outside > 0 ? outside * mu / (total_ - mu) : 0.0);
      const double next = u - h / slope;
      if (!(next > u) || next - u < 1e-13 * std::max(1.0, std::abs(u))) break;
      u = std::min(next, std::log(c));
    }
    double mu = std::exp(u);
    for (double bump = 1e-12; scan_llr(c, mu, total_) > bar_ && mu < c; bump *= 4) mu = std::min(c, mu * (1 + bump));
    return mu;
  }
  double total_ = 0, bar_ = 0;
  uint64_t version_ = 0;
  struct Cached {  // mu*(count), valid while version == version_ (together: one cache line read)
    uint64_t version = 0;
    double mu = 0;
  };
  std::vector<Cached> cache_;
};

// An event period of a zone that may end a window of two periods or more beating the bar (see
// scan_cylinders).
struct WindowEnd {
  uint32_t index;        // into the zone's event periods
  uint32_t live_before;  // live starts before it
  double reach;
};

struct Workspace {
  std::vector<Series> series;          // per district (replications)
  std::vector<double> zone_count;      // per period, zero outside `periods`
  std::vector<uint64_t> occupied;      // bit per period: the zone has events in it
  std::vector<uint32_t> periods;       // the zone's event periods, ascending, when its windows are walked
  std::vector<uint32_t> live;                    // scan_cylinders: live window starts
  std::vector<WindowEnd> ends;                   // scan_cylinders: ends with a window left to try
  std::vector<double> prefix, live_floor;
  std::vector<uint32_t> shuffled;      // permutation model: the events' districts
  Thresholds thresholds;
};

struct Context {
  const Zones& zones;
  std::span<const double> window_cumulative;  // W cumulative over periods, size T + 1
  size_t max_periods;
  double total;
  // W of a window is the events of its periods (every model but unadjusted Poisson), so a zone's
  // window holding O events has E >= s_Z O.
  bool window_holds_its_events;
};

// Calls visit(t) for every period t whose bit is set, ascending.
template <class Visit>
void for_each_period(const std::vector<uint64_t>& bits, Visit&& visit) {
  for (size_t w = 0; w < bits.size(); ++w)
    for (uint64_t word = bits[w]; word != 0; word &= word - 1)
      visit(static_cast<uint32_t>(w * 64 + static_cast<size_t>(std::countr_zero(word))));
}

// A proof, cheap next to a zone's pass, that none of its windows beats the bar, for the models whose
// W holds its events (E >= s O). mu*(c) (Thresholds) is convex in c: the LLR is jointly convex in
// (O, E), and E = mu*(O) is the lower edge of the convex set LLR <= bar. For the zone's count C and
// share s, let L be the largest count with mu*(L) <= s L: a window with O <= L has E >= s O >= mu*(O)
// and cannot beat the bar; over L <= O <= C, mu* lies below its chord from (L, s L) to (C, mu*(C))
// (Thresholds' values are rounded up: a chord through them is no lower).
// So a window beating the bar has E < s L + slope (O - L), i.e. slope O - E > (slope - s) L (the floor),
// and the zone is ruled out when the largest slope O - E over its windows (its height, by Kadane's
// walk over its event periods) is at most the floor. Along a centre's zones L only grows (s grows,
// the bar only rises), and a zone's height is bounded from the last zone measured, without a walk:
// each event added counts at most `slope`, a steeper slope adds at most its excess times the
// measured zone's events, and a larger share only lowers the height.
class ZoneChordProof {
 public:
  void add_events(double count) { zone_events_ += count; }
  // `occupied`: the zone's event periods (bits); `slack`: rounding of the sums, in events.
  bool rules_out(Thresholds& thresholds, double share, const std::vector<uint64_t>& occupied,
                 const std::vector<double>& zone_count, const double* cum, double slack) {
    const double keep = share * (1 - 1e-9);  // a window at E = s L exactly must not tie the bar by rounding
    while (events_below_bar_ < zone_events_ && thresholds.mu(events_below_bar_ + 1) <= keep * (events_below_bar_ + 1))
      ++events_below_bar_;
    if (events_below_bar_ >= zone_events_) return true;
    const double lower = events_below_bar_;
    const double slope = (thresholds.mu(zone_events_) - share * lower) / (zone_events_ - lower);
    const double floor_height = (slope - share) * lower - slack;
    if (measured_.valid) {
      // A window without the measured zone's events is at most 0 before the events added.
      const double excess = std::max(0.0, slope - measured_.slope) * measured_.events;
      const double bound = std::max(0.0, measured_.height + excess) + slope * (zone_events_ - measured_.events);
      if (bound <= floor_height) return true;
    }
    double events = 0, least_start = std::numeric_limits<double>::infinity();
    double height = -std::numeric_limits<double>::infinity();
    for_each_period(occupied, [&](uint32_t t) {
      least_start = std::min(least_start, slope * events - share * cum[t]);
      events += zone_count[t];
      height = std::max(height, slope * events - share * cum[t + 1] - least_start);
    });
    measured_ = {height, slope, zone_events_, true};
    return height <= floor_height;
  }

 private:
  struct Measured {
    double height = 0, slope = 0, events = 0;
    bool valid = false;
  };
  double zone_events_ = 0, events_below_bar_ = 0;  // C and L
  Measured measured_;
};

// The largest LLR over every candidate cylinder. With `best` (one entry per zone index), each zone's
// best window too, for the zones of `centres` only (each centre's zones are independent of the
// others'); without, over every centre, windows that cannot beat the largest LLR so far are skipped
// without computing theirs (the result is the same). Only windows starting and ending on a period with
// events can be the best of a zone: trimming an empty end period lowers mu and keeps c, which raises
// the LLR.
double scan_cylinders(const Context& ctx, const std::vector<Series>& series, Workspace& ws, std::vector<Best>* best,
                      tbb::blocked_range<size_t> centres) {
  const Zones& zones = ctx.zones;
  const double* cum = ctx.window_cumulative.data();
  const double total = ctx.total;
  Thresholds& thresholds = ws.thresholds;
  thresholds.reset(total);
  double top = 0;
  if (!best) {
    // A high bar early prunes most windows: start from the best window of the one-district zones
    // (cheap, and under the null usually the largest LLR). It is the LLR of a real cylinder, so
    // the largest found below is the same.
    for (size_t c = 0; c + 1 < zones.offsets.size(); ++c) {
      const size_t z = zones.offsets[c];
      if (!zones.candidate[z]) continue;
      const Series& s = series[zones.order[z]];
      for (size_t b = 0; b < s.size(); ++b) {
        const double end_cum = cum[s[b].first + 1];
        double observed = 0;
        for (size_t a = b + 1; a-- > 0;) {
          if (s[b].first - s[a].first >= ctx.max_periods) break;
          observed += s[a].second;
          top = std::max(top, scan_llr(observed, zones.share[z] * (end_cum - cum[s[a].first]), total));
        }
      }
    }
    thresholds.raise(top);
  }
  // Rounding of the zone chord's sums, in events.
  const double chord_slack = 1e-9 * (total + cum[ctx.window_cumulative.size() - 1]);
  for (size_t c = centres.begin(); c != centres.end(); ++c) {
    size_t event_periods = 0;
    // The zone differs from the last one scanned (or ruled out) on this centre only by districts
    // without events: the same counts and no smaller expected counts, so no window of it beats the bar.
    bool as_scanned = false;
    ZoneChordProof proof;
    for (size_t z = zones.offsets[c]; z < zones.offsets[c + 1]; ++z) {
      const Series& added_series = series[zones.order[z]];
      if (!added_series.empty()) as_scanned = false;
      if (!best && as_scanned) continue;
      for (const auto& [t, count] : added_series) {
        if (ws.zone_count[t] == 0) {
          ws.occupied[t / 64] |= uint64_t{1} << (t % 64);
          ++event_periods;
        }
        ws.zone_count[t] += count;
        proof.add_events(count);
      }
      if (!zones.candidate[z] || event_periods == 0) continue;
      const double share = zones.share[z];
      if (!best && ctx.window_holds_its_events &&
          proof.rules_out(thresholds, share, ws.occupied, ws.zone_count, cum, chord_slack)) {
        as_scanned = true;
        continue;
      }
      ws.periods.clear();
      for_each_period(ws.occupied, [&](uint32_t t) { ws.periods.push_back(t); });
      const size_t m = ws.periods.size();
      const uint32_t* p = ws.periods.data();
      ws.prefix.resize(m + 1);
      ws.prefix[0] = 0;
      for (size_t j = 0; j < m; ++j) ws.prefix[j + 1] = ws.prefix[j] + ws.zone_count[ws.periods[j]];
      const double* prefix = ws.prefix.data();
      if (best) {
        Best zone_best;
        for (size_t b = 0; b < m; ++b) {
          const double end_cum = cum[p[b] + 1], end_prefix = prefix[b + 1];
          for (size_t a = b + 1; a-- > 0;) {
            if (p[b] - p[a] >= ctx.max_periods) break;
            const double observed = end_prefix - prefix[a];
            const double expected = share * (end_cum - cum[p[a]]);
            if (!(observed > expected)) continue;
            const double llr = scan_llr(observed, expected, total);
            if (llr > zone_best.llr) zone_best = {llr, observed, expected, p[a], p[b]};
          }
        }
        top = std::max(top, zone_best.llr);
        (*best)[z] = zone_best;
        continue;
      }
      as_scanned = true;
      // Only windows whose two ends are both "live" need their LLR (besides one-period windows).
      // The LLR f(O, E) is jointly convex, so cutting off an end period stretch holding x events
      // and expected e (back to the neighbouring event period) does not lower it when
      // x f_O + e f_E <= 0, i.e. x / e <= L(O/E, (N-O)/(N-E)), the logarithmic mean; and then the
      // rest keeps a higher O/E. L grows in both arguments. A window that beats the bar has
      // E < mu*(O), so O/E > O/mu*(O) >= c/mu*(c) for the zone's count c (c/mu*(c) falls as c
      // grows), and (N-O)/(N-E) >= 1 - u with u = c/N. So x <= L(c/mu*(c), 1 - u) e makes an end
      // "dead": a window with a dead end that beats the bar can be trimmed to one that also does.
      const double zone_count = prefix[m], u = zone_count / total;
      const double least_ratio = zone_count / thresholds.mu(zone_count) * (1 - 1e-9);
      const double live_ratio =
          u < 1 ? (least_ratio - (1 - u)) / (std::log(least_ratio) - std::log1p(-u)) * (1 - 1e-9) : 0.0;
      // The same ratio bound says O - least_ratio E > 0, i.e. reach(b) > height(a) with
      // reach(b) = prefix[b + 1] - least_ratio s cum[p[b] + 1], height(a) = prefix[a] - least_ratio s cum[p[a]].
      // live_floor(a), the least height of the live starts up to a, falls as a grows: walking the
      // live starts back from an end b, once live_floor(a) >= reach(b) no earlier start can beat the
      // bar. One pass tries the one-period windows and finds the live starts and the ends with a
      // longer window left to try (in a zone without such an end, the pass is all). `slack` covers
      // the rounding of the differences of sums (the ratio carries its own).
      const double ratio_share = least_ratio * share, live_share = live_ratio * share;
      const double slack = 1e-12 * (total + ratio_share * cum[ctx.window_cumulative.size() - 1]);
      constexpr double kNoStart = std::numeric_limits<double>::infinity();
      // Live starts (a < m - 1 with x_a > live_ratio e(p[a] .. p[a + 1] - 1)) and ends are written
      // at every step and kept by advancing their counts: no unpredictable branch.
      ws.live.resize(m);
      ws.ends.resize(m);
      size_t live_count = 0, end_count = 0;
      ws.live_floor.resize(m);
      double* live_floor = ws.live_floor.data();
      auto consider = [&](double observed, double expected) {
        if (expected < thresholds.mu(observed)) {
          const double llr = scan_llr(observed, expected, total);
          if (llr > top) {
            top = llr;
            thresholds.raise(top);
          }
        }
      };
      for (size_t a = 0; a < m; ++a) {
        const double own = prefix[a + 1] - prefix[a];
        consider(own, share * (cum[p[a] + 1] - cum[p[a]]));
        const double reach = prefix[a + 1] - ratio_share * cum[p[a] + 1] + slack;
        const double floor_before = a == 0 ? kNoStart : live_floor[a - 1];
        ws.ends[end_count] = {static_cast<uint32_t>(a), static_cast<uint32_t>(live_count), reach};
        end_count += floor_before < reach && own > live_share * (cum[p[a] + 1] - cum[p[a - 1] + 1]) ? 1 : 0;
        const bool live_start = a + 1 < m && own > live_share * (cum[p[a + 1]] - cum[p[a]]);
        ws.live[live_count] = static_cast<uint32_t>(a);
        live_count += live_start ? 1 : 0;
        live_floor[a] = live_start ? std::min(floor_before, prefix[a] - ratio_share * cum[p[a]]) : floor_before;
      }
      const uint32_t* live = ws.live.data();
      size_t earliest = 0;  // the first event period a window ending at b may start on
      for (const WindowEnd& end : std::span(ws.ends).first(end_count)) {
        const size_t b = end.index;
        while (p[b] - p[earliest] >= ctx.max_periods) ++earliest;
        const double end_cum = cum[p[b] + 1], end_prefix = prefix[b + 1];
        // Going back, mu grows and the count never exceeds the longest window's: past mu*(that
        // count) no start can beat the bar.
        const double stop = thresholds.mu(end_prefix - prefix[earliest]);
        for (size_t k = end.live_before; k-- > 0;) {
          const size_t a = live[k];
          if (a < earliest || !(live_floor[a] < end.reach)) break;
          const double expected = share * (end_cum - cum[p[a]]);
          if (expected >= stop) break;
          consider(end_prefix - prefix[a], expected);
        }
      }
    }
    for_each_period(ws.occupied, [&](uint32_t t) { ws.zone_count[t] = 0; });
    std::fill(ws.occupied.begin(), ws.occupied.end(), 0);
  }
  return top;
}

// Walker's alias method (Vose's construction): draws index i with probability weight_i / sum in O(1).
class AliasTable {
 public:
  explicit AliasTable(std::span<const double> weights) : probability_(weights.size()), alias_(weights.size()) {
    const size_t n = weights.size();
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<double> scaled(n);
    std::vector<uint32_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / sum;
      (scaled[i] < 1 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t s = small.back(), l = large.back();
      small.pop_back();
      probability_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] -= 1 - scaled[s];
      if (scaled[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (uint32_t i : large) probability_[i] = 1, alias_[i] = i;
    for (uint32_t i : small) probability_[i] = 1, alias_[i] = i;  // rounding leftovers
  }
  uint32_t operator()(Xoshiro256& rng) const {
    const auto i = static_cast<uint32_t>(bounded(rng, probability_.size()));
    return uniform01(rng) < probability_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> probability_;
  std::vector<uint32_t> alias_;
};

void check_input(const ScanInput& in, const ScanOptions& options) {
  const size_t n = in.districts;
  if (in.counts.size() != in.periods * n) throw Error("scan: the counts do not match districts x periods");
  if (in.base.size() != n || in.centres.size() != n)
    throw Error("scan: one population (or area) figure and one centre point per district expected");
  if (!in.period_days.empty() && in.period_days.size() != in.periods) throw Error("scan: one length per period expected");
  if (options.contiguous && (!in.contiguity || in.contiguity->size() != n))
    throw Error("scan: contiguous zones need the districts' contiguity weights");
  if (!(options.max_share > 0 && options.max_share <= 1)) throw Error("scan: the largest zone share must lie in (0, 1]");
  if (options.replications < 0) throw Error("scan: the number of replications cannot be negative");
  for (size_t i = 0; i < n; ++i) {
    if (!(std::isfinite(in.base[i]) && in.base[i] > 0))
      throw Error(fmt::format("scan: district {} has no usable {} figure (needs a number > 0)", i,
                              in.base_is_population ? "population" : "area"));
  }
  for (size_t k = 0; k < in.counts.size(); ++k) {
    const double v = in.counts[k];
    if (!(std::isfinite(v) && v >= 0 && v == std::floor(v) && v < 4e9))
      throw Error(fmt::format("scan: the value {} of district {}, period {} is not a count (a whole number >= 0); "
                              "the scan needs event counts",
                              v, k % n, k / n));
  }
}

}  // namespace

double scan_llr(double observed, double expected, double total) {
  if (!(observed > expected)) return 0;
  const double outside = total - observed;
  double llr = observed * std::log(observed / expected);
  if (outside > 0) llr += outside * std::log(outside / (total - expected));
  return llr;
}

std::vector<double> period_days(const Cube& cube) {
  std::vector<double> days(cube.period_count());
  for (size_t t = 0; t < days.size(); ++t)
    days[t] = static_cast<double>(next_period_start(cube.bin, cube.period_starts[t]) - cube.period_starts[t]);
  return days;
}

ScanResult space_time_scan(const ScanInput& in, const ScanOptions& options, const ScanProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  check_input(in, options);
  const size_t n = in.districts, periods = in.periods;
  ScanResult result;
  result.options = options;
  result.options.max_periods = options.max_periods == 0 ? std::max<size_t>(1, periods / 2)
                                                        : std::min(options.max_periods, std::max<size_t>(periods, 1));
  result.base_is_population = in.base_is_population;
  result.periods = periods;
  result.districts = n;

  // Totals per district and period, the sparse observed series, W.
  std::vector<double> district_total(n, 0), period_total(periods, 0);
  std::vector<Series> observed(n);
  for (size_t t = 0; t < periods; ++t)
    for (size_t i = 0; i < n; ++i) {
      const double v = in.counts[t * n + i];
      if (v == 0) continue;
      district_total[i] += v;
      period_total[t] += v;
      observed[i].emplace_back(static_cast<uint32_t>(t), v);
    }
  const double total = std::accumulate(period_total.begin(), period_total.end(), 0.0);
  // Each replication places every event and caches a threshold per count.
  if (total > kMaxScanEvents)
    throw Error(fmt::format("scan: {} events are more than the {} the Monte Carlo replications can place in "
                            "reasonable time; scan a category or a shorter span",
                            total, kMaxScanEvents));
  result.total = total;
  const bool permutation = options.model == ScanModel::space_time_permutation;
  const bool adjusted = permutation || options.adjust_for_period_totals;
  std::vector<double> days(periods, 1.0);
  if (!in.period_days.empty()) days.assign(in.period_days.begin(), in.period_days.end());
  const double all_days = std::accumulate(days.begin(), days.end(), 0.0);
  std::vector<double> cumulative(periods + 1, 0.0);
  for (size_t t = 0; t < periods; ++t)
    cumulative[t + 1] = cumulative[t] + (adjusted ? period_total[t] : total * days[t] / all_days);

  const double base_total = std::accumulate(in.base.begin(), in.base.end(), 0.0);
  std::vector<double> district_share(n);
  for (size_t i = 0; i < n; ++i)
    district_share[i] = permutation ? (total > 0 ? district_total[i] / total : 0) : in.base[i] / base_total;
  const Zones zones = build_zones(in, options, district_share);
  result.zones = zones.count;
  if (total == 0 || periods == 0) {
    result.critical_llr_05 = kNaN;
    return result;
  }
  const Context ctx{zones, cumulative, result.options.max_periods, total, adjusted};
  auto fresh_workspace = [&] {
    Workspace ws;
    ws.series.resize(n);
    ws.zone_count.assign(periods, 0.0);
    ws.occupied.assign((periods + 63) / 64, 0);
    return ws;
  };

  const tbb::blocked_range<size_t> all_centres(0, n);
  tbb::enumerable_thread_specific<Workspace> workspaces(fresh_workspace);

  // The observed data: each zone's best window, the centres in parallel.
  std::vector<Best> best(zones.order.size());
  tbb::parallel_for(all_centres, [&](const tbb::blocked_range<size_t>& centres) {
    scan_cylinders(ctx, observed, workspaces.local(), &best, centres);
  });

  // Replications under the null, each from its own stream.
  const auto replications = static_cast<size_t>(options.replications);
  result.replication_max.assign(replications, 0.0);
  const AliasTable by_base(in.base);
  const AliasTable by_days(days);
  std::vector<uint32_t> event_districts;  // permutation: every event's district
  if (permutation) {
    for (size_t i = 0; i < n; ++i) event_districts.insert(event_districts.end(), static_cast<size_t>(district_total[i]), static_cast<uint32_t>(i));
  }
  size_t done = 0;  // guarded by progress_mutex
  std::atomic<bool> cancelled{false};
  std::mutex progress_mutex;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, replications, 4), [&](const tbb::blocked_range<size_t>& range) {
    Workspace& ws = workspaces.local();
    std::vector<double> events_in(periods);
    for (size_t r = range.begin(); r != range.end(); ++r) {
      if (cancelled.load(std::memory_order_relaxed)) return;
      Xoshiro256 rng(stream_seed(options.seed, r, kScanStream));
      for (Series& s : ws.series) s.clear();
      if (adjusted) {
        std::copy(period_total.begin(), period_total.end(), events_in.begin());
      } else {  // unadjusted Poisson: the events' periods by length, then their districts
        std::fill(events_in.begin(), events_in.end(), 0.0);
        for (double e = 0; e < total; ++e) events_in[by_days(rng)] += 1;
      }
      if (permutation) {  // a random pairing of the events' districts with their periods
        ws.shuffled = event_districts;
        for (size_t k = ws.shuffled.size(); k > 1; --k) std::swap(ws.shuffled[k - 1], ws.shuffled[bounded(rng, k)]);
      }
      size_t next_event = 0;
      for (size_t t = 0; t < periods; ++t) {
        for (double e = 0; e < events_in[t]; ++e) {
          const uint32_t d = permutation ? ws.shuffled[next_event++] : by_base(rng);
          Series& s = ws.series[d];
          if (!s.empty() && s.back().first == t) {
            s.back().second += 1;
          } else {
            s.emplace_back(static_cast<uint32_t>(t), 1.0);
          }
        }
      }
      result.replication_max[r] = scan_cylinders(ctx, ws.series, ws, nullptr, all_centres);
      if (progress) {
        const std::lock_guard lock(progress_mutex);  // one call at a time, fractions in order
        ++done;
        if (!cancelled && !progress(static_cast<double>(done) / static_cast<double>(replications))) cancelled = true;
      }
    }
  });
  if (cancelled) throw ScanCancelled();

  // Most likely cluster, then secondary clusters sharing no district with a more likely one.
  std::vector<size_t> ranked;
  for (size_t z = 0; z < best.size(); ++z)
    if (zones.candidate[z] && best[z].llr > 0) ranked.push_back(z);
  std::stable_sort(ranked.begin(), ranked.end(), [&](size_t a, size_t b) { return best[a].llr > best[b].llr; });
  std::vector<uint8_t> taken(n, 0);
  std::vector<double> sorted_max = result.replication_max;
  std::sort(sorted_max.begin(), sorted_max.end(), std::greater<>());
  for (size_t z : ranked) {
    if (result.clusters.size() >= options.max_clusters) break;
    const size_t centre = static_cast<size_t>(std::upper_bound(zones.offsets.begin(), zones.offsets.end(), z) - zones.offsets.begin()) - 1;
    ScanCluster cluster;
    cluster.districts.assign(zones.order.begin() + static_cast<ptrdiff_t>(zones.offsets[centre]),
                             zones.order.begin() + static_cast<ptrdiff_t>(z) + 1);
    if (std::any_of(cluster.districts.begin(), cluster.districts.end(), [&](uint32_t d) { return taken[d] != 0; })) continue;
    for (uint32_t d : cluster.districts) taken[d] = 1;
    const Best& b = best[z];
    cluster.first_period = b.first;
    cluster.last_period = b.last;
    cluster.observed = b.observed;
    cluster.expected = b.expected;
    cluster.llr = b.llr;
    const double outside = total - b.observed;
    cluster.relative_risk = outside > 0 ? (b.observed / b.expected) / (outside / (total - b.expected))
                                        : std::numeric_limits<double>::infinity();
    if (replications == 0) {
      cluster.p = kNaN;
    } else {
      // Ties count as at least as extreme; sums in another order may differ in the last bits.
      const double bar = b.llr * (1 - 1e-9);
      const auto as_large = std::upper_bound(sorted_max.begin(), sorted_max.end(), bar, std::greater<>()) - sorted_max.begin();
      cluster.p = static_cast<double>(as_large + 1) / static_cast<double>(replications + 1);
    }
    result.clusters.push_back(std::move(cluster));
  }
  // p <= 0.05 needs at most floor(0.05 (R + 1)) - 1 replications as large: more than that one's LLR.
  const auto allowed = static_cast<long>(std::floor(0.05 * static_cast<double>(replications + 1) + 1e-9)) - 1;
  result.critical_llr_05 = allowed >= 0 ? sorted_max[static_cast<size_t>(allowed)] : kNaN;
  result.ms = ms_since(start);
  return result;
}

}  // namespace zila
