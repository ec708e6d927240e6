// Project files (core/project.cpp, no GL): any bytes as a project. A malformed file must give a
// zila::Error naming it, nothing else. Property: a project that loads, saved and loaded again, saves
// the same JSON (a saved project reproduces the picture).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "core/project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zila;
  const fuzz::MemoryFile file(std::string_view(reinterpret_cast<const char*>(data), size));
  Project project;
  try {
    project = load_project(file.path());
  } catch (const Error& e) {
    FUZZ_CHECK(std::string_view(e.what()).find(file.path()) != std::string_view::npos);
    return 0;
  }
  const std::string saved = project_json(project);
  const fuzz::MemoryFile saved_file(saved);
  FUZZ_CHECK(project_json(load_project(saved_file.path())) == saved);
  return 0;
}
