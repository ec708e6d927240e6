// Writing the alias table (alias,district CSV) that load_aliases reads back.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/join/name_match.hpp"

namespace zila::ui {

// One entry per alias (compared after normalise_place_name); a later entry replaces an earlier one.
std::vector<AliasEntry> merge_aliases(const std::vector<AliasEntry>& existing, const std::vector<AliasEntry>& added);

// Writes header + rows to `path` (via a temporary file, so a failed write keeps the old file).
// Throws zila::Error naming the path.
void save_aliases(const std::string& path, const std::vector<AliasEntry>& aliases);

}  // namespace zila::ui
