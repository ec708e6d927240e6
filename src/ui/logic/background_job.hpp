// Long work of the window (the space-time scan, emerging hot spots, a database Refresh) on a thread of
// its own, so the frame loop keeps drawing: progress, cancel, the result or the error handed back to
// the UI thread, and a generation number so that the result of a superseded request is dropped.
// The work itself may use TBB (parallel loops) inside; this thread only runs it and waits.
// No window, no GL: zila_ui_tests drives it.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace zila::ui {

// Thrown by JobProgress::throw_if_cancelled: the work stops early; take() then reports "cancelled".
struct JobCancelled : std::exception {
  const char* what() const noexcept override { return "cancelled"; }
};

// What the work sees of its job: whether it was cancelled or superseded, and where to report progress.
class JobProgress {
 public:
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void throw_if_cancelled() const {
    if (cancelled()) throw JobCancelled{};
  }
  // 0..1 of the work done. Work that never calls it shows an unknown fraction (the bar: elapsed time).
  void set_fraction(double f) { fraction_.store(f < 0 ? 0 : f > 1 ? 1 : f, std::memory_order_relaxed); }
  double fraction() const { return fraction_.load(std::memory_order_relaxed); }
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<double> fraction_{-1};
};

// What the UI shows of a running job (AppState copies it every frame for the panels).
struct JobStatus {
  bool busy = false;
  std::string what;       // "Space-time scan", "Refreshing from the database", ...
  double fraction = -1;   // 0..1, or < 0 when the work does not say
  double seconds = 0;     // since it started
};

// The end of one request: its value, or why there is none.
template <typename T>
struct JobOutcome {
  uint64_t generation = 0;
  std::unique_ptr<T> value;  // set when the work returned
  std::string error;       // the exception's message when it threw (not for a cancel)
  bool cancelled = false;  // cancelled by the user while it ran (or it threw JobCancelled)
};

// One kind of work with at most one current request. start() supersedes the running request: its
// progress is told to stop (cancelled() turns true) and whatever it returns is dropped, never handed
// out. Superseded threads finish in the background and are joined as they end (and by the destructor,
// which waits for them: work that cannot stop early delays closing).
template <typename T>
class BackgroundJob {
 public:
  BackgroundJob() = default;
  ~BackgroundJob() {
    for (auto& run : runs_) run->progress.cancel();
    for (auto& run : runs_)
      if (run->thread.joinable()) run->thread.join();
  }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // Runs `work` on a new thread as the current request; returns its generation. Captured inputs must
  // be the work's own (copies or shared pointers to data nobody changes while it runs).
  uint64_t start(std::string what, std::function<T(JobProgress&)> work) {
    reap();
    if (current_) current_->progress.cancel();
    auto run = std::make_shared<Run>();
    run->generation = ++generation_;
    run->started = std::chrono::steady_clock::now();
    what_ = std::move(what);
    Run* r = run.get();  // the thread's Run lives in runs_ until the thread is joined
    run->thread = std::thread([r, work = std::move(work)]() mutable {
      std::unique_ptr<T> value;
      std::string error;
      bool cancelled = false;
      try {
        value = std::make_unique<T>(work(r->progress));
      } catch (const JobCancelled&) {
        cancelled = true;
      } catch (const std::exception& e) {
        error = e.what();
        if (error.empty()) error = "unknown error";
      } catch (...) {
        error = "unknown error";
      }
      work = nullptr;  // the inputs it holds go before the outcome is handed out
      std::lock_guard lock(r->mutex);
      r->value = std::move(value);
      r->error = std::move(error);
      r->thrown_cancel = cancelled;
      r->done = true;
    });
    current_ = run;
    runs_.push_back(std::move(run));
    return generation_;
  }

  // The current request stops: cancelled() turns true for the work, and take() reports it cancelled
  // (once the work ends, with whatever it returned dropped).
  void cancel() {
    if (!current_) return;
    current_->progress.cancel();
    current_->user_cancelled = true;
  }
  // Forgets the current request without an outcome (its inputs changed): nothing will be handed out.
  void supersede() {
    if (current_) current_->progress.cancel();
    current_.reset();
    ++generation_;
  }

  // True while the current request runs (its outcome not yet taken).
  bool busy() const { return current_ != nullptr; }
  uint64_t generation() const { return generation_; }
  JobStatus status() const {
    JobStatus s;
    if (!current_) return s;
    s.busy = true;
    s.what = what_;
    s.fraction = current_->progress.fraction();
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - current_->started).count();
    return s;
  }

  // The current request's outcome once it has ended, handed out once; nullopt while it runs or when
  // there is none. Outcomes of superseded requests are never returned.
  std::optional<JobOutcome<T>> take() {
    reap();
    if (!current_) return std::nullopt;
    std::unique_lock lock(current_->mutex);
    if (!current_->done) return std::nullopt;
    std::optional<JobOutcome<T>> out(std::in_place);
    out->generation = current_->generation;
    out->cancelled = current_->user_cancelled || current_->thrown_cancel;
    if (!out->cancelled) {
      out->value = std::move(current_->value);
      out->error = std::move(current_->error);
    }
    lock.unlock();
    current_.reset();
    reap();
    return out;
  }

  // Waits until the current request has ended (tests, screenshots); take() then has its outcome.
  // False when `limit` passed first.
  bool wait(std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (current_) {
      {
        std::lock_guard lock(current_->mutex);
        if (current_->done) return true;
      }
      if (std::chrono::steady_clock::now() >= until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

 private:
  struct Run {
    uint64_t generation = 0;
    std::chrono::steady_clock::time_point started;
    JobProgress progress;
    std::thread thread;
    std::mutex mutex;
    bool done = false;
    bool thrown_cancel = false;
    std::atomic<bool> user_cancelled{false};
    std::unique_ptr<T> value;  // not std::optional: GCC 12 warns (maybe-uninitialized) on moving one out
    std::string error;
  };

  // Joins the threads that have ended and are not the current request's pending outcome.
  void reap() {
    std::erase_if(runs_, [this](std::shared_ptr<Run>& run) {
      if (run == current_) return false;
      {
        std::lock_guard lock(run->mutex);
        if (!run->done) return false;
      }
      run->thread.join();
      return true;
    });
  }

  std::vector<std::shared_ptr<Run>> runs_;  // every thread not yet joined, the current one included
  std::shared_ptr<Run> current_;
  uint64_t generation_ = 0;
  std::string what_;
};

}  // namespace zila::ui
