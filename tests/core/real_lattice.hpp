// Test fixture: the real lattice of the statistics tests, PAK ADM2 (geoBoundaries, simplified) with New
// America's drone strikes 2004-2018 (every row an operation) joined through the project's alias table.
#pragma once
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "core/pipeline.hpp"

namespace zila::test {

// True, with a loud skip, when ../shared's real event tables are absent: `if (real_events_absent()) return;`.
inline bool real_events_absent() {
  const std::string shared = ZILA_SHARED_DIR;
  if (std::filesystem::exists(shared + "/events/real")) return false;
  WARN("SKIPPED: " << shared << " (the shared real-data folder) is absent");
  return true;
}

inline PipelineOptions drone_strikes_on_adm2(Bin bin) {
  const std::string shared = ZILA_SHARED_DIR;
  PipelineOptions o;
  o.boundaries.path = shared + "/geodata/pak/geoBoundaries-PAK-ADM2_simplified.geojson";
  o.events.path = shared + "/events/real/pak_drone_strikes_newamerica_2004-2018.csv";
  o.events.default_category = Category::operation;
  o.aliases_path = std::string(ZILA_GEODATA_DIR) + "/aliases.csv";
  o.bin = bin;
  return o;
}

}  // namespace zila::test
