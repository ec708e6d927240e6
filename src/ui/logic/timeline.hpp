// The time slider as a small state machine: play/pause, speed, step, loop, skip empty periods,
// jump to a date. No window: unit-tested headless.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace zila::ui {

struct Timeline {
  size_t period_count = 0;
  size_t current = 0;
  bool playing = false;
  bool loop = true;
  bool skip_empty = false;         // stepping and playback pass over periods whose `has_data` is false
  float periods_per_second = 2.0f; // playback speed
  double accumulated = 0;          // seconds of playback not yet turned into steps
};

// Keeps `current` valid for a new period count (after a reload or re-join); stops playback if empty.
void timeline_resize(Timeline& t, size_t period_count);

// Moves by `delta` periods (negative: backwards). With skip_empty, each unit step lands on the next
// period with data; when no period has data, skip_empty is ignored. At either end it wraps with loop,
// else it stops there (and playback pauses at the end). `has_data` is empty or one flag per period.
void timeline_step(Timeline& t, int delta, std::span<const uint8_t> has_data);

// Advances playback by `seconds` of wall time; returns true when the current period changed.
bool timeline_tick(Timeline& t, double seconds, std::span<const uint8_t> has_data);

// Toggles playback; playing from the last period without loop restarts at the first.
void timeline_toggle_play(Timeline& t);

// Index of the period containing `day` (days since 1970-01-01) given ascending period starts; days
// before the first period give 0, days after the last give the last.
size_t period_containing(std::span<const int32_t> period_starts, int32_t day);

// Parses a date as typed (any format zila::parse_date accepts) and moves there. False when the text
// is not a date or there are no periods.
bool timeline_jump_to_date(Timeline& t, std::span<const int32_t> period_starts, std::string_view text);

}  // namespace zila::ui
