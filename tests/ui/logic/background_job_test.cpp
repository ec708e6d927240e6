// BackgroundJob: results handed over once, errors as messages, cancel and supersede drop results.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "ui/logic/background_job.hpp"

using namespace zila::ui;
using namespace std::chrono_literals;

namespace {

// A gate the test opens: work blocks on it, so the test decides when each request ends.
struct Gate {
  std::atomic<bool> open{false};
  void wait(const JobProgress* progress = nullptr) const {
    while (!open.load()) {
      if (progress && progress->cancelled()) return;
      std::this_thread::sleep_for(1ms);
    }
  }
};

template <typename T>
std::optional<JobOutcome<T>> take_when_done(BackgroundJob<T>& job) {
  REQUIRE(job.wait(30s));  // generous: a loaded CI machine; never a timing assertion
  return job.take();
}

}  // namespace

TEST_CASE("A job hands its result to the UI thread once, after the work ends") {
  BackgroundJob<std::string> job;
  Gate gate;
  CHECK_FALSE(job.busy());
  const uint64_t generation = job.start("words", [&gate](JobProgress& p) {
    p.set_fraction(0.5);
    gate.wait();
    return std::string("done");
  });
  CHECK(job.busy());
  CHECK(job.status().busy);
  CHECK(job.status().what == "words");
  CHECK_FALSE(job.take());  // still running: nothing yet, and the caller is not blocked
  gate.open = true;
  const auto outcome = take_when_done(job);
  REQUIRE(outcome);
  CHECK(outcome->generation == generation);
  REQUIRE(outcome->value);
  CHECK(*outcome->value == "done");
  CHECK(outcome->error.empty());
  CHECK_FALSE(outcome->cancelled);
  CHECK_FALSE(job.busy());
  CHECK_FALSE(job.take());  // handed out once
}

TEST_CASE("Progress reported by the work shows in the job's status") {
  BackgroundJob<int> job;
  Gate gate;
  std::atomic<bool> reported{false};
  job.start("counting", [&](JobProgress& p) {
    p.set_fraction(0.25);
    reported = true;
    gate.wait();
    return 1;
  });
  CHECK(job.status().fraction < 0.3);  // unknown (-1) until the work says, then 0.25
  while (!reported) std::this_thread::sleep_for(1ms);
  CHECK(job.status().fraction == Approx(0.25));
  CHECK(job.status().seconds >= 0);
  gate.open = true;
  REQUIRE(take_when_done(job));
  CHECK_FALSE(job.status().busy);
}

TEST_CASE("An exception in the work arrives as an error message, not a crash") {
  BackgroundJob<int> job;
  job.start("failing", [](JobProgress&) -> int { throw zila::Error("districts.geojson: no such file"); });
  auto outcome = take_when_done(job);
  REQUIRE(outcome);
  CHECK_FALSE(outcome->value);
  CHECK(outcome->error == "districts.geojson: no such file");
  CHECK_FALSE(outcome->cancelled);

  job.start("odd", [](JobProgress&) -> int { throw 42; });
  outcome = take_when_done(job);
  REQUIRE(outcome);
  CHECK_FALSE(outcome->value);
  CHECK_FALSE(outcome->error.empty());
}

TEST_CASE("Cancel tells the work to stop and drops whatever it returns") {
  BackgroundJob<int> job;
  Gate gate;
  std::atomic<bool> saw_cancel{false};
  job.start("long", [&](JobProgress& p) {
    gate.wait(&p);  // returns on cancel
    saw_cancel = p.cancelled();
    return 7;
  });
  job.cancel();
  auto outcome = take_when_done(job);
  REQUIRE(outcome);
  CHECK(saw_cancel);
  CHECK(outcome->cancelled);
  CHECK_FALSE(outcome->value);  // 7 was returned, and dropped

  // Work that stops by throw_if_cancelled reports the same.
  job.start("checking", [](JobProgress& p) {
    while (true) {
      p.throw_if_cancelled();
      std::this_thread::sleep_for(1ms);
    }
    return 0;
  });
  job.cancel();
  outcome = take_when_done(job);
  REQUIRE(outcome);
  CHECK(outcome->cancelled);
  CHECK(outcome->error.empty());
}

TEST_CASE("A newer request supersedes a running one: only the newer result is handed out") {
  BackgroundJob<std::string> job;
  Gate first_gate, second_gate;
  std::atomic<bool> first_told_to_stop{false};
  const uint64_t first = job.start("first", [&](JobProgress& p) {
    first_gate.wait();  // ignores cancel: work that cannot stop early
    first_told_to_stop = p.cancelled();
    return std::string("stale");
  });
  const uint64_t second = job.start("second", [&](JobProgress&) {
    second_gate.wait();
    return std::string("fresh");
  });
  CHECK(second > first);
  CHECK(job.status().what == "second");
  first_gate.open = true;  // the superseded work ends first
  for (int i = 0; i < 50; ++i) {
    CHECK_FALSE(job.take());  // its "stale" is never handed out
    std::this_thread::sleep_for(1ms);
  }
  CHECK(first_told_to_stop);
  second_gate.open = true;
  const auto outcome = take_when_done(job);
  REQUIRE(outcome);
  CHECK(outcome->generation == second);
  REQUIRE(outcome->value);
  CHECK(*outcome->value == "fresh");
}

TEST_CASE("Supersede without a new request: nothing is handed out, and the inputs are released") {
  BackgroundJob<int> job;
  Gate gate;
  auto input = std::make_shared<int>(5);
  std::weak_ptr<int> watched = input;
  job.start("held", [&gate, input = std::move(input)](JobProgress&) {
    gate.wait();
    return *input;
  });
  job.supersede();
  CHECK_FALSE(job.busy());
  gate.open = true;
  for (int i = 0; i < 5000 && !watched.expired(); ++i) std::this_thread::sleep_for(1ms);
  CHECK(watched.expired());  // the work's copy of the input went with it
  CHECK_FALSE(job.take());
}

TEST_CASE("Destroying a job waits for running work (no thread outlives its job)") {
  std::atomic<bool> finished{false};
  {
    BackgroundJob<int> job;
    job.start("slow", [&finished](JobProgress&) {
      std::this_thread::sleep_for(20ms);
      finished = true;
      return 0;
    });
  }
  CHECK(finished);
}
