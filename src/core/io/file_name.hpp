// How notes and the audit trail name a source: its file's name, without the folders.
#pragma once
#include <filesystem>
#include <string>

namespace zila {

// The last part of a path ("events.csv" of "data/events.csv").
inline std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace zila
