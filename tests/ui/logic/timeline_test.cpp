#include <catch2/catch.hpp>

#include <vector>

#include "ui/logic/timeline.hpp"

using namespace zila::ui;

TEST_CASE("Stepping the timeline wraps with loop and stops at the end without it") {
  Timeline t;
  timeline_resize(t, 4);
  timeline_step(t, 1, {});
  CHECK(t.current == 1);
  timeline_step(t, -2, {});
  CHECK(t.current == 3);  // looped backwards past the start
  t.loop = false;
  t.playing = true;
  timeline_step(t, 5, {});
  CHECK(t.current == 3);
  CHECK_FALSE(t.playing);  // playback pauses at the end without loop
}

TEST_CASE("Skip empty periods lands only on periods with data") {
  Timeline t;
  timeline_resize(t, 6);
  t.skip_empty = true;
  const std::vector<uint8_t> has_data{1, 0, 0, 1, 0, 1};
  timeline_step(t, 1, has_data);
  CHECK(t.current == 3);
  timeline_step(t, 1, has_data);
  CHECK(t.current == 5);
  timeline_step(t, 1, has_data);
  CHECK(t.current == 0);  // loop
  timeline_step(t, -1, has_data);
  CHECK(t.current == 5);
}

TEST_CASE("Skip empty is ignored when no period has data") {
  Timeline t;
  timeline_resize(t, 3);
  t.skip_empty = true;
  const std::vector<uint8_t> none{0, 0, 0};
  timeline_step(t, 1, none);
  CHECK(t.current == 1);
}

TEST_CASE("Playback advances at the chosen speed and never fast-forwards after a stall") {
  Timeline t;
  timeline_resize(t, 100);
  t.periods_per_second = 4;
  CHECK_FALSE(timeline_tick(t, 1.0, {}));  // paused: nothing moves
  timeline_toggle_play(t);
  CHECK(timeline_tick(t, 0.5, {}));
  CHECK(t.current == 2);
  CHECK_FALSE(timeline_tick(t, 0.1, {}));  // 0.4 of a period accumulated
  timeline_tick(t, 60.0, {});              // a one-minute stall
  CHECK(t.current <= 4);
}

TEST_CASE("Playing from the last period without loop restarts at the first") {
  Timeline t;
  timeline_resize(t, 5);
  t.loop = false;
  t.current = 4;
  timeline_toggle_play(t);
  CHECK(t.playing);
  CHECK(t.current == 0);
}

TEST_CASE("Resizing keeps the current period valid") {
  Timeline t;
  timeline_resize(t, 10);
  t.current = 9;
  t.playing = true;
  timeline_resize(t, 4);
  CHECK(t.current == 3);
  timeline_resize(t, 0);
  CHECK(t.current == 0);
  CHECK_FALSE(t.playing);
}

TEST_CASE("Jump to date finds the period containing the date") {
  // Monthly periods starting 2024-01-01, 2024-02-01, 2024-03-01 (days since 1970-01-01).
  const std::vector<int32_t> starts{19723, 19754, 19783};
  CHECK(period_containing(starts, 19700) == 0);
  CHECK(period_containing(starts, 19760) == 1);
  CHECK(period_containing(starts, 30000) == 2);
  Timeline t;
  timeline_resize(t, starts.size());
  CHECK(timeline_jump_to_date(t, starts, "2024-02-15"));
  CHECK(t.current == 1);
  CHECK(timeline_jump_to_date(t, starts, "5 March 2024"));
  CHECK(t.current == 2);
  CHECK_FALSE(timeline_jump_to_date(t, starts, "not a date"));
  CHECK(t.current == 2);
}
