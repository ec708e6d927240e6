// Bad input never crashes: every loader gets garbage and answers with a zila::Error or an accounted table.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "core/boundaries.hpp"
#include "core/event_loader.hpp"

namespace fs = std::filesystem;

namespace {

fs::path write_file(const std::string& name, const std::string& bytes) {
  fs::path dir = fs::temp_directory_path() / "zila-garbage-test";
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
  return dir / name;
}

zila::EventOptions events_at(const std::string& path) {
  zila::EventOptions options;
  options.path = path;
  return options;
}

std::string random_bytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

}  // namespace

TEST_CASE("Garbage files give a clear error naming the file, never a crash", "[garbage]") {
  std::vector<std::pair<std::string, std::string>> garbage{
      {"empty.csv", ""},
      {"random.csv", random_bytes(4096, 1)},
      {"random.geojson", random_bytes(4096, 2)},
      {"random.xlsx", random_bytes(4096, 3)},
      {"random.gpkg", random_bytes(4096, 4)},
      {"truncated.geojson", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feat"},
      {"header_only.csv", "date,district\n"},
      {"no_date.csv", "district,count\nBannu,3\n"},
  };
  for (const auto& [name, bytes] : garbage) {
    fs::path path = write_file(name, bytes);
    INFO(name);
    try {
      zila::load_boundaries({path.string(), "", "", ""});
      FAIL("garbage loaded as boundaries");
    } catch (const zila::Error& e) {
      CHECK_THAT(e.what(), Catch::Contains(name));
    }
    try {
      zila::EventTable t = zila::load_events(events_at(path.string()));
      CHECK(t.size() + t.rejected.size() == t.rows_read);
    } catch (const zila::Error& e) {
      CHECK_THAT(e.what(), Catch::Contains(name));
    }
    CHECK_THROWS_AS(zila::load_aliases(path.string()), zila::Error);
  }
}

TEST_CASE("A missing file and a folder are errors, not crashes", "[garbage]") {
  CHECK_THROWS_WITH(zila::load_events(events_at("/nonexistent/events.csv")), Catch::Contains("/nonexistent/events.csv"));
  CHECK_THROWS_AS(zila::load_boundaries({fs::temp_directory_path().string(), "", "", ""}), zila::Error);
}
