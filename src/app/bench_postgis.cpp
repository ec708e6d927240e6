// `zila bench --postgis` (see bench_postgis.hpp). Every method runs as a child process, so that its
// peak memory is its own (wait4's maxrss) and its time includes what a user waits for: connecting,
// the query, the join and writing the cube. The cluster is tests/postgis/pg_cluster.sh, as in the tests.
#include "bench_postgis.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/error.hpp"
#include "core/geo/boundaries.hpp"

namespace zila {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

const std::string kSourceDir = ZILA_SOURCE_DIR;

struct ChildRun {
  double ms = 0;
  double peak_mb = 0;  // the child's maximum resident set
};

std::string file_text(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Runs argv[0] (looked up on PATH) with stdout and stderr into files; throws with the end of its
// standard error unless it exits with 0.
ChildRun run_child(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error("bench: cannot fork");
  if (pid == 0) {
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) throw Error("bench: wait4 failed");
  ChildRun run{std::chrono::duration<double, std::milli>(Clock::now() - start).count(), static_cast<double>(usage.ru_maxrss) / 1024};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = file_text(err);
    if (why.size() > 2000) why = why.substr(why.size() - 2000);
    throw Error(fmt::format("bench: '{}' failed (status {}): {}", argv[0], status, why));
  }
  return run;
}

// The median time of `reps` runs and the largest peak memory among them.
ChildRun median_run(int reps, const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) {
  std::vector<ChildRun> runs;
  for (int r = 0; r < std::max(reps, 1); ++r) runs.push_back(run_child(argv, out, err));
  std::sort(runs.begin(), runs.end(), [](const ChildRun& a, const ChildRun& b) { return a.ms < b.ms; });
  ChildRun median = runs[runs.size() / 2];
  for (const ChildRun& r : runs) median.peak_mb = std::max(median.peak_mb, r.peak_mb);
  return median;
}

// The throw-away server, stopped and removed however the bench ends.
class Cluster {
 public:
  explicit Cluster(const fs::path& dir) : dir_(dir) {
    stop();  // one left running by an interrupted bench

    // Enough memory for the grouping to stay in memory, as a tuned server's would.
    run_child({"bash", script(), "start", dir_.string(), "work_mem=256MB", "max_wal_size=4GB", "shared_buffers=256MB"},
              dir_.string() + ".conn", dir_.string() + ".err");
    conninfo_ = file_text(dir_.string() + ".conn");
    while (!conninfo_.empty() && conninfo_.back() == '\n') conninfo_.pop_back();
  }
  ~Cluster() {
    stop();
    std::error_code ec;
    fs::remove(dir_.string() + ".conn", ec);
    fs::remove(dir_.string() + ".err", ec);
  }
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  const std::string& conninfo() const { return conninfo_; }

 private:
  void stop() const {
    try {
      run_child({"bash", script(), "stop", dir_.string()}, "/dev/null", "/dev/null");
    } catch (const Error&) {
    }
  }
  static std::string script() { return kSourceDir + "/tests/postgis/pg_cluster.sh"; }
  fs::path dir_;
  std::string conninfo_;
};

std::vector<std::string> psql(const std::string& conninfo, const std::string& command) {
  return {"psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", conninfo, "-c", command};
}

// "grouped N rows into G groups" from a join report, or -1 when the run noted no such line.
double groups_in(const fs::path& join_report) {
  const std::string text = file_text(join_report);
  const size_t at = text.find(" rows into ");
  return at == std::string::npos ? -1 : std::atof(text.c_str() + at + 11);
}

}  // namespace

void run_postgis_bench(const PostgisBenchSettings& s) {
  const fs::path dir = fs::absolute(s.dir);
  fs::create_directories(dir);
  const Boundaries boundaries = load_boundaries(s.data.boundaries);
  const fs::path names = dir / "district_names.txt", csv = dir / fmt::format("SYNTHETIC_pg_events_{}.csv", s.events);
  {
    std::ofstream out(names);
    for (const std::string& name : boundaries.names) out << name << "\n";
  }
  auto start = Clock::now();
  run_child({"/usr/bin/python3", kSourceDir + "/tests/postgis/make_synthetic.py", names.string(), std::to_string(s.events),
             std::to_string(s.seed), "typed", csv.string()},
            "/dev/null", dir / "make_synthetic.err");
  fmt::print("wrote {} SYNTHETIC events (tests/postgis/make_synthetic.py typed: names, aliases, misspellings, villages) in {:.1f} s\n",
             s.events, std::chrono::duration<double>(Clock::now() - start).count());

  // In /tmp, not --dir: a Unix socket path has at most 107 bytes, and the server user must reach it.
  const Cluster cluster(fs::temp_directory_path() / fmt::format("zila-bench-pg-{}", ::getpid()));
  const std::string& conn = cluster.conninfo();
  const fs::path log = dir / "psql.err";
  run_child(psql(conn, "CREATE TABLE events.synthetic (event_date date, admin2 text, city text, event_type text, inter1 integer, "
                       "fatalities double precision, events integer, longitude double precision, latitude double precision)"),
            "/dev/null", log);
  const ChildRun copy = run_child(psql(conn, fmt::format("\\copy events.synthetic FROM '{}' CSV HEADER", csv.string())), "/dev/null", log);
  run_child(psql(conn, "VACUUM ANALYZE events.synthetic"), "/dev/null", log);
  fmt::print("loaded into PostgreSQL 15 + PostGIS with COPY in {:.1f} s\n", copy.ms / 1000);

  const std::string zila = "/proc/self/exe";  // this binary, even if a rebuild has replaced the file since
  auto report = [&](const std::string& name, bool push_down) {
    std::vector<std::string> argv{zila, "report", "-q", "--join", "name", "--boundaries", s.data.boundaries.path,
                                  "--aliases", s.data.aliases_path, "--events", "PG:" + conn, "--events-layer", "events.synthetic",
                                  "--place-fallback", "city", "--out", (dir / (name + ".csv")).string(),
                                  "--join-report", (dir / (name + ".json")).string()};
    if (!push_down) argv.push_back("--no-push-down");
    return median_run(s.reps, argv, "/dev/null", dir / (name + ".err"));
  };
  fmt::print("timing (median of {} runs each)...\n", std::max(s.reps, 1));
  // The peer: what one writes by hand in psql, counts and fatalities per raw place name and month,
  // without Zila's row rules and name matching (so a lower bound for any push-down).
  const ChildRun by_psql = median_run(
      s.reps,
      psql(conn, "COPY (SELECT admin2, date_trunc('month', event_date)::date AS month, count(*), sum(fatalities) "
                 "FROM events.synthetic GROUP BY 1, 2) TO STDOUT WITH CSV"),
      dir / "psql_group_by.csv", log);
  const ChildRun pushed = report("pg_push_down", true);
  const ChildRun pulled = report("pg_pull_rows", false);
  const bool same_cube = file_text(dir / "pg_push_down.csv") == file_text(dir / "pg_pull_rows.csv");
  const double groups = groups_in(dir / "pg_push_down.json");

  // The cube's own size: districts x months x 6 measures in doubles (the memory target's bound).
  const double cube_mb = static_cast<double>(boundaries.size()) * 121 * 6 * 8 / 1e6;  // 2015-01 .. 2025-01: 121 months
  fmt::print("\n{:<46} {:>10} {:>14} {:>10}\n", "time to the cube, N = " + std::to_string(s.events), "ms", "peak MB (Zila)", "vs push");
  auto row = [&](const char* what, const ChildRun& r, bool memory) {
    fmt::print("{:<46} {:>10.0f} {:>14} {:>10.2f}\n", what, r.ms, memory ? fmt::format("{:.0f}", r.peak_mb) : "(server)", r.ms / pushed.ms);
  };
  row("Zila push-down (GROUP BY in the database)", pushed, true);
  row("Zila pulling every row through GDAL", pulled, true);
  row("hand-written GROUP BY in psql (no name rules)", by_psql, false);
  fmt::print("cubes of push-down and pulled rows identical: {}; the database returned {} groups for {} rows; cube {:.1f} MB\n",
             same_cube ? "yes" : "NO", groups, s.events, cube_mb);
  if (!s.json_path.empty()) {
    auto figures = [](const ChildRun& r) { return json{{"ms", r.ms}, {"peak_mb", r.peak_mb}}; };
    json all{{"synthetic", true},
             {"events", s.events},
             {"districts", boundaries.size()},
             {"load_copy_ms", copy.ms},
             {"push_down", figures(pushed)},
             {"pull_rows_gdal", figures(pulled)},
             {"psql_group_by", figures(by_psql)},
             {"groups", groups},
             {"same_cube", same_cube}};
    std::ofstream(s.json_path) << all.dump(2) << "\n";
  }
  if (!same_cube) throw Error("bench --postgis: the pushed-down cube differs from the cube of the pulled rows");
}

}  // namespace zila
