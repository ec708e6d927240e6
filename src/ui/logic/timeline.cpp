#include "ui/logic/timeline.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/io/dates.hpp"

namespace zila::ui {
namespace {

bool any_data(std::span<const uint8_t> has_data) {
  return std::find_if(has_data.begin(), has_data.end(), [](uint8_t f) { return f != 0; }) != has_data.end();
}

// One unit step; returns false when it hit an end without loop.
bool step_once(Timeline& t, int direction, std::span<const uint8_t> has_data) {
  const bool skip = t.skip_empty && has_data.size() == t.period_count && any_data(has_data);
  size_t p = t.current;
  for (size_t tries = 0; tries < t.period_count; ++tries) {
    if (direction > 0) {
      if (p + 1 < t.period_count) {
        ++p;
      } else if (t.loop) {
        p = 0;
      } else {
        return false;
      }
    } else {
      if (p > 0) {
        --p;
      } else if (t.loop) {
        p = t.period_count - 1;
      } else {
        return false;
      }
    }
    if (!skip || has_data[p]) {
      t.current = p;
      return true;
    }
  }
  return false;
}

}  // namespace

void timeline_resize(Timeline& t, size_t period_count) {
  t.period_count = period_count;
  if (period_count == 0) {
    t.current = 0;
    t.playing = false;
  } else if (t.current >= period_count) {
    t.current = period_count - 1;
  }
  t.accumulated = 0;
}

void timeline_step(Timeline& t, int delta, std::span<const uint8_t> has_data) {
  if (t.period_count == 0) return;
  const int direction = delta >= 0 ? 1 : -1;
  for (int i = 0; i < std::abs(delta); ++i) {
    if (!step_once(t, direction, has_data)) {
      if (direction > 0) t.playing = false;  // reached the end without loop
      return;
    }
  }
}

bool timeline_tick(Timeline& t, double seconds, std::span<const uint8_t> has_data) {
  if (!t.playing || t.period_count == 0 || t.periods_per_second <= 0) return false;
  t.accumulated += seconds * t.periods_per_second;
  const size_t before = t.current;
  // A long stall (window dragged, slow frame) must not fast-forward through many periods.
  t.accumulated = std::min(t.accumulated, 2.0);
  while (t.accumulated >= 1.0 && t.playing) {
    t.accumulated -= 1.0;
    timeline_step(t, 1, has_data);
  }
  if (!t.playing) t.accumulated = 0;
  return t.current != before;
}

void timeline_toggle_play(Timeline& t) {
  if (t.period_count == 0) return;
  t.playing = !t.playing;
  t.accumulated = 0;
  if (t.playing && !t.loop && t.current + 1 >= t.period_count) t.current = 0;
}

size_t period_containing(std::span<const int32_t> period_starts, int32_t day) {
  if (period_starts.empty()) return 0;
  auto it = std::upper_bound(period_starts.begin(), period_starts.end(), day);
  if (it == period_starts.begin()) return 0;
  return static_cast<size_t>(it - period_starts.begin()) - 1;
}

bool timeline_jump_to_date(Timeline& t, std::span<const int32_t> period_starts, std::string_view text) {
  if (period_starts.empty()) return false;
  auto day = parse_date(text, DateOptions{});
  if (!day) return false;
  t.current = period_containing(period_starts, *day);
  t.accumulated = 0;
  return true;
}

}  // namespace zila::ui
