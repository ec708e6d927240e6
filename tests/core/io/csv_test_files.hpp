// What the CSV reader tests share: a file written for a test, and the fast reader's table against
// GDAL's for the same file, bit for bit.
#pragma once
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/io/event_loader.hpp"

namespace zila::test {

namespace fs = std::filesystem;

// Naming the layer sends the file through GDAL; without it a plain .csv takes the fast reader.
inline zila::EventTable load(const std::string& path, bool through_gdal) {
  zila::EventOptions options;
  options.path = path;
  if (through_gdal) options.layer = fs::path(path).stem().string();
  return zila::load_events(options);
}

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {  // NaN == NaN
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

template <typename Column>  // a CompactColumn: compact or wide, compared by value
bool same_bits(const Column& a, const Column& b) {  // NaN == NaN
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto x = a[i], y = b[i];
    if (std::memcmp(&x, &y, sizeof x) != 0) return false;
  }
  return true;
}

inline void check_same_tables(const std::string& path) {
  INFO(path);
  zila::EventTable fast = load(path, false), gdal = load(path, true);
  CHECK(fast.rows_read == gdal.rows_read);
  REQUIRE(fast.size() == gdal.size());
  CHECK(fast.day == gdal.day);
  CHECK(fast.precision == gdal.precision);
  CHECK(fast.category == gdal.category);
  CHECK(fast.count == gdal.count);
  CHECK(same_bits(fast.fatalities, gdal.fatalities));
  CHECK(fast.place == gdal.place);
  CHECK(fast.place_names == gdal.place_names);
  CHECK(same_bits(fast.lon, gdal.lon));
  CHECK(same_bits(fast.lat, gdal.lat));
  REQUIRE(fast.rejected.size() == gdal.rejected.size());
  for (size_t i = 0; i < fast.rejected.size(); ++i) {
    CHECK(fast.rejected[i].row == gdal.rejected[i].row);
    CHECK(fast.rejected[i].reason == gdal.rejected[i].reason);
  }
  CHECK(fast.warnings == gdal.warnings);
  CHECK(fast.columns.date == gdal.columns.date);
  CHECK(fast.columns.place == gdal.columns.place);
  CHECK(fast.columns.lon == gdal.columns.lon);
}

inline std::string write_file(const std::string& name, const std::string& bytes) {
  // One folder per process: ctest runs test cases (and other checkouts their suites) side by side.
  fs::path dir = fs::temp_directory_path() / ("zila_fast_csv_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

}  // namespace zila::test
