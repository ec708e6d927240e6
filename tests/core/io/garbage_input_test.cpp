// Bad input never crashes: every loader gets garbage and answers with a zila::Error or an accounted table.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include "core/error.hpp"
#include "core/geo/boundaries.hpp"
#include "core/io/event_loader.hpp"

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

// Regression (issue 9): a folder gave 0 rows and exit 0; empty, UTF-16 and unreadable files all said
// "not a vector dataset".
TEST_CASE("Folders, empty, UTF-16 and unreadable event files get errors saying what is wrong", "[garbage]") {
  const fs::path folder = fs::temp_directory_path() / "zila-garbage-test" / "a folder";
  fs::create_directories(folder);
  write_file("a folder/events.csv", "date,district\n2024-01-01,Swat\n");
  CHECK_THROWS_WITH(zila::load_events(events_at(folder.string())),
                    Catch::Contains(folder.string()) && Catch::Contains("it is a folder"));
  CHECK_THROWS_WITH(zila::load_aliases(folder.string()), Catch::Contains("alias table") && Catch::Contains("it is a folder"));

  CHECK_THROWS_WITH(zila::load_events(events_at(write_file("empty.csv", "").string())),
                    Catch::Contains("empty.csv") && Catch::Contains("the file is empty"));

  const std::string text = "date,district\n2024-01-01,Swat\n";
  std::string utf16le = "\xFF\xFE", utf16be_no_bom;
  for (char c : text) utf16le += c, utf16le += '\0', utf16be_no_bom += '\0', utf16be_no_bom += c;
  for (const auto& [name, bytes] : {std::pair{"utf16le.csv", utf16le}, std::pair{"utf16be.csv", utf16be_no_bom}}) {
    CHECK_THROWS_WITH(zila::load_events(events_at(write_file(name, bytes).string())),
                      Catch::Contains(name) && Catch::Contains("UTF-16 text; save it as UTF-8"));
    CHECK_THROWS_WITH(zila::load_aliases(write_file(name, bytes).string()), Catch::Contains("UTF-16"));
  }

  const fs::path locked = write_file("locked.csv", text);
  fs::permissions(locked, fs::perms::none);
  if (::geteuid() != 0) {  // root reads any file
    CHECK_THROWS_WITH(zila::load_events(events_at(locked.string())),
                      Catch::Contains("locked.csv") && Catch::Contains("Permission denied"));
  }
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_write);
}

// Regression: a line longer than GDAL's limit (OGR_CSV_MAX_LINE_SIZE, 10 MB) ended GDAL's reading
// there, and the rows after it vanished without a word.
TEST_CASE("GDAL stopping early in a CSV is an error, not a short table", "[garbage]") {
  const fs::path path = write_file("long_line.csv", "date,district,note\n2024-01-01,Swat,a\n2024-01-02,Swat," +
                                                        std::string(12u << 20, 'x') + "\n2024-01-03,Swat,c\n");
  zila::EventOptions options = events_at(path.string());
  zila::EventTable fast = zila::load_events(options);  // the fast reader has no line limit
  CHECK(fast.size() == 3);
  options.layer = "long_line";  // through GDAL
  CHECK_THROWS_WITH(zila::load_events(options), Catch::Contains("long_line.csv: GDAL read 1 rows of the 3 the file holds"));
}
