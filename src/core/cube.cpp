#include "core/cube.hpp"

#include <date/date.h>
#include <date/iso_week.h>
#include <fmt/core.h>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>

#include "core/io/dates.hpp"
#include "core/error.hpp"

namespace zila {
namespace {

date::year_month_day civil(int32_t day) { return date::year_month_day{date::sys_days{date::days{day}}}; }
int32_t serial(date::year_month_day ymd) { return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count()); }

static_assert(static_cast<int>(Metric::incidents) == 1 + static_cast<int>(Category::incident) &&
              static_cast<int>(Metric::operations) == 1 + static_cast<int>(Category::operation) &&
              static_cast<int>(Metric::others) == 1 + static_cast<int>(Category::other));

}  // namespace

int32_t period_start(Bin bin, int32_t day) {
  date::year_month_day ymd = civil(day);
  switch (bin) {
    case Bin::day: return day;
    case Bin::week: {
      // ISO weeks start on Monday; 1970-01-01 was a Thursday.
      int32_t weekday = ((day % 7) + 7 + 3) % 7;  // 0 = Monday
      return day - weekday;
    }
    case Bin::month: return serial(ymd.year() / ymd.month() / 1);
    case Bin::quarter: {
      unsigned first_month = (static_cast<unsigned>(ymd.month()) - 1) / 3 * 3 + 1;
      return serial(ymd.year() / date::month{first_month} / 1);
    }
    case Bin::year: return serial(ymd.year() / 1 / 1);
  }
  return day;
}

int32_t next_period_start(Bin bin, int32_t start) {
  date::year_month_day ymd = civil(start);
  switch (bin) {
    case Bin::day: return start + 1;
    case Bin::week: return start + 7;
    case Bin::month: return serial(date::year_month_day{ymd.year() / ymd.month() / 1} + date::months{1});
    case Bin::quarter: return serial(date::year_month_day{ymd.year() / ymd.month() / 1} + date::months{3});
    case Bin::year: return serial(date::year_month_day{ymd.year() / 1 / 1} + date::years{1});
  }
  return start + 1;
}

uint64_t periods_between(Bin bin, int32_t first_start, int32_t last_start) {
  if (last_start < first_start) return 0;
  const date::year_month_day first = civil(first_start), last = civil(last_start);
  const int64_t months = (static_cast<int64_t>(static_cast<int>(last.year())) - static_cast<int>(first.year())) * 12 +
                         static_cast<unsigned>(last.month()) - static_cast<unsigned>(first.month());
  switch (bin) {
    case Bin::day: return static_cast<uint64_t>(last_start - first_start) + 1;
    case Bin::week: return static_cast<uint64_t>(last_start - first_start) / 7 + 1;
    case Bin::month: return static_cast<uint64_t>(months) + 1;
    case Bin::quarter: return static_cast<uint64_t>(months) / 3 + 1;
    case Bin::year: return static_cast<uint64_t>((last.year() - first.year()).count()) + 1;
  }
  return 0;
}

std::string period_label(Bin bin, int32_t start) {
  date::year_month_day ymd = civil(start);
  int year = static_cast<int>(ymd.year());
  unsigned month = static_cast<unsigned>(ymd.month());
  switch (bin) {
    case Bin::day: return fmt::format("{:04}-{:02}-{:02}", year, month, static_cast<unsigned>(ymd.day()));
    case Bin::week: {
      iso_week::year_weeknum_weekday iso{date::sys_days{date::days{start}}};
      return fmt::format("{:04}-W{:02}", static_cast<int>(iso.year()), static_cast<unsigned>(iso.weeknum()));
    }
    case Bin::month: return fmt::format("{:04}-{:02}", year, month);
    case Bin::quarter: return fmt::format("{:04}-Q{}", year, (month - 1) / 3 + 1);
    case Bin::year: return fmt::format("{:04}", year);
  }
  return {};
}

bool bin_fits_precision(Bin bin, DatePrecision precision) {
  switch (precision) {
    case DatePrecision::day: return true;
    case DatePrecision::week: return bin != Bin::day;
    case DatePrecision::month: return bin == Bin::month || bin == Bin::quarter || bin == Bin::year;
    case DatePrecision::year: return bin == Bin::year;
  }
  return true;
}

Cube build_cube(const EventTable& events, const DistrictColumn& district, size_t district_count, Bin bin) {
  Cube cube;
  cube.bin = bin;
  cube.district_count = district_count;
  // Rows binned: joined, and dated at least as precisely as the bin (nearly every table: all to the day,
  // when a block's rows need no precision check). The days' range, on all cores.
  constexpr size_t kBlockRows = size_t{1} << 16;
  auto all_fit_in = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < std::min(end, events.precision.size()); ++i)
      if (!bin_fits_precision(bin, events.precision[i])) return false;
    return true;
  };
  struct DayRange {
    int32_t first = INT32_MAX, last = INT32_MIN;
    bool all_fit = true;
  };
  const DayRange days = tbb::parallel_reduce(
      tbb::blocked_range<size_t>(0, events.size(), kBlockRows), DayRange{},
      [&](const tbb::blocked_range<size_t>& rows, DayRange found) {
        const bool fit = all_fit_in(rows.begin(), rows.end());
        found.all_fit &= fit;
        for (size_t i = rows.begin(); i < rows.end(); ++i) {
          if (district[i] < 0 || (!fit && !bin_fits_precision(bin, events.date_precision(i)))) continue;
          found.first = std::min(found.first, events.day[i]);
          found.last = std::max(found.last, events.day[i]);
        }
        return found;
      },
      [](DayRange a, const DayRange& b) { return DayRange{std::min(a.first, b.first), std::max(a.last, b.last), a.all_fit && b.all_fit}; });
  const int32_t first_day = days.first, last_day = days.last;
  const bool all_fit = days.all_fit;
  auto counted = [&](size_t i) { return district[i] >= 0 && (all_fit || bin_fits_precision(bin, events.date_precision(i))); };
  if (first_day > last_day) {
    for (auto& v : cube.values) v.clear();
    return cube;
  }
  // Sized before anything is allocated: a few implausible dates with --bin day would ask for more
  // memory than the machine has.
  const uint64_t periods = periods_between(bin, period_start(bin, first_day), period_start(bin, last_day));
  const uint64_t bytes = periods * std::max<uint64_t>(district_count, 1) * uint64_t{kStoredMetricCount} * sizeof(double);
  if (bytes > kMaxCubeBytes) {
    throw Error(fmt::format("the time cube would take {:.1f} GiB ({} {}s from {} to {} x {} districts x {} measures), "
                            "over the {} GiB limit: use a coarser --bin or a narrower --date-range",
                            static_cast<double>(bytes) / (1 << 30), periods, bin_name(bin), format_iso_date(first_day),
                            format_iso_date(last_day), district_count, kStoredMetricCount, kMaxCubeBytes >> 30));
  }
  for (int32_t start = period_start(bin, first_day); start <= last_day; start = next_period_start(bin, start)) {
    cube.period_starts.push_back(start);
  }
  const size_t cells = cube.period_count() * district_count;

  // Each day's first cell (period * district_count), looked up per row instead of searched for.
  std::vector<size_t> first_cell(static_cast<size_t>(last_day - first_day) + 1);
  size_t period = 0;
  for (int32_t day = first_day; day <= last_day; ++day) {
    while (period + 1 < cube.period_starts.size() && cube.period_starts[period + 1] <= day) ++period;
    first_cell[static_cast<size_t>(day - first_day)] = period * district_count;
  }
  // Rows are added up in blocks on all cores, each thread into sums of its own, then the threads' sums
  // into these. Counts and fatalities are nearly always small whole numbers, whose sums a double holds
  // exactly in any order; where a row's are not (fractional fatalities, a count over 2^24), everything
  // is added up again in file order, so that the cube is the one a single pass gives, bit for bit.
  // A cell's sums lie side by side (a row updates one cache line, not one in each metric's array), and
  // the events are the categories' sum while the sums are exact; added up again, they are summed apart.
  struct CellSums {
    std::array<double, kCategoryCount> by_category{};  // Category's order: incidents, operations, others
    double fatalities = 0;
  };
  static_assert(sizeof(CellSums) == 32);
  // Rows go in chunks: first each row's cell, then the sums, each cell fetched a few rows ahead (the
  // sums outgrow the core's cache, so the adds would otherwise wait on memory one row at a time).
  constexpr size_t kChunkRows = 256, kFetchAhead = 8;
  constexpr uint32_t kNotCounted = UINT32_MAX;
  static_assert(kMaxCubeBytes / (kStoredMetricCount * sizeof(double)) < kNotCounted, "a cell's index fits in 32 bits");
  auto add_rows = [&](size_t begin, size_t end, CellSums* into, double* events_in_file_order, bool& inexact) {
    std::array<uint32_t, kChunkRows + kFetchAhead> cell_of;
    for (size_t chunk = begin; chunk < end; chunk += kChunkRows) {
      const size_t rows = std::min(kChunkRows, end - chunk);
      for (size_t k = 0; k < rows; ++k) {
        const size_t i = chunk + k;
        cell_of[k] = counted(i) ? static_cast<uint32_t>(first_cell[static_cast<size_t>(events.day[i] - first_day)] +
                                                        static_cast<size_t>(district[i]))
                                : kNotCounted;
      }
      std::fill_n(cell_of.begin() + static_cast<std::ptrdiff_t>(rows), kFetchAhead, kNotCounted);
      for (size_t k = 0; k < rows; ++k) {
        if (cell_of[k + kFetchAhead] != kNotCounted) __builtin_prefetch(into + cell_of[k + kFetchAhead], 1);
        if (cell_of[k] == kNotCounted) continue;
        const size_t i = chunk + k, cell = cell_of[k];
        const double count = events.count[i];
        inexact |= count > 16777216.0;
        CellSums& sums = into[cell];
        sums.by_category[static_cast<size_t>(events.category[i])] += count;
        if (events_in_file_order) events_in_file_order[cell] += count;
        const float f = events.fatalities[i];
        if (!std::isnan(f)) {
          sums.fatalities += f;
          // A whole number below 2^24 (std::floor is a library call here, too slow for every row).
          inexact |= !(f < 16777216.0f) || f != static_cast<float>(static_cast<int32_t>(f));
        }
      }
    }
  };
  std::vector<CellSums> sums(cells);
  bool inexact = false;
  if (events.size() <= kBlockRows || cells * sizeof(CellSums) > (size_t{16} << 20)) {
    add_rows(0, events.size(), sums.data(), nullptr, inexact);
  } else {
    struct Partial {
      std::vector<CellSums> sums;
      bool inexact = false;
    };
    tbb::enumerable_thread_specific<Partial> partials([&] { return Partial{std::vector<CellSums>(cells), false}; });
    tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), kBlockRows), [&](const tbb::blocked_range<size_t>& range) {
      Partial& partial = partials.local();
      add_rows(range.begin(), range.end(), partial.sums.data(), nullptr, partial.inexact);
    });
    for (const Partial& partial : partials) {
      for (size_t cell = 0; cell < cells; ++cell) {
        for (size_t c = 0; c < kCategoryCount; ++c) sums[cell].by_category[c] += partial.sums[cell].by_category[c];
        sums[cell].fatalities += partial.sums[cell].fatalities;
      }
      inexact |= partial.inexact;
    }
  }
  std::vector<double> events_in_file_order;
  if (inexact) {  // sums a double may round: added up again in file order
    std::fill(sums.begin(), sums.end(), CellSums{});
    events_in_file_order.assign(cells, 0.0);
    add_rows(0, events.size(), sums.data(), events_in_file_order.data(), inexact);
  }
  for (auto& v : cube.values) v.resize(cells);
  for (size_t cell = 0; cell < cells; ++cell) {
    const CellSums& s = sums[cell];
    cube.values[static_cast<size_t>(Metric::events)][cell] =
        inexact ? events_in_file_order[cell] : s.by_category[0] + s.by_category[1] + s.by_category[2];
    // Metric::incidents/operations/others follow Category's order right after Metric::events.
    for (size_t c = 0; c < kCategoryCount; ++c) cube.values[1 + c][cell] = s.by_category[c];
    cube.values[static_cast<size_t>(Metric::fatalities)][cell] = s.fatalities;
  }
  return cube;
}

std::vector<double> Cube::period_values(Metric m, size_t period) const {
  std::vector<double> out(district_count);
  for (size_t d = 0; d < district_count; ++d) out[d] = at(m, period, d);
  return out;
}

std::vector<double> Cube::metric_values(Metric m) const {
  if (m != Metric::operations_minus_incidents) return values[static_cast<size_t>(m)];
  const auto& operations = values[static_cast<size_t>(Metric::operations)];
  const auto& incidents = values[static_cast<size_t>(Metric::incidents)];
  std::vector<double> out(operations.size());
  for (size_t cell = 0; cell < out.size(); ++cell) out[cell] = operations[cell] - incidents[cell];
  return out;
}

size_t window_first_period(const WindowSpec& window, size_t period) {
  if (window.mode == WindowMode::cumulative) return 0;
  if (window.mode == WindowMode::rolling) {
    const size_t span = static_cast<size_t>(std::max(window.rolling_periods, 1));
    return period + 1 >= span ? period + 1 - span : 0;
  }
  return period;
}

std::vector<double> window_values(const Cube& cube, Metric metric, const WindowSpec& window, size_t period) {
  std::vector<double> out(cube.district_count, 0.0);
  if (period >= cube.period_count()) return out;
  for (size_t p = window_first_period(window, period); p <= period; ++p)
    for (size_t d = 0; d < cube.district_count; ++d) out[d] += cube.at(metric, p, d);
  return out;
}

}  // namespace zila
