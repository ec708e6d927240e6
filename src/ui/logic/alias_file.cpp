#include "ui/logic/alias_file.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "core/io/csv_field.hpp"
#include "core/error.hpp"

namespace zila::ui {

std::vector<AliasEntry> merge_aliases(const std::vector<AliasEntry>& existing, const std::vector<AliasEntry>& added) {
  std::vector<AliasEntry> out;
  std::unordered_map<std::string, size_t> index;
  auto put = [&](const AliasEntry& e) {
    const std::string key = normalise_place_name(e.alias);
    auto [it, inserted] = index.emplace(key, out.size());
    if (inserted)
      out.push_back(e);
    else
      out[it->second] = e;
  };
  for (const auto& e : existing) put(e);
  for (const auto& e : added) put(e);
  return out;
}

void save_aliases(const std::string& path, const std::vector<AliasEntry>& aliases) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error("cannot write alias file '" + tmp + "'");
    f << "alias,district\n";
    for (const auto& a : aliases) f << csv_field(a.alias) << ',' << csv_field(a.district) << '\n';
    if (!f.flush()) throw Error("cannot write alias file '" + tmp + "'");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw Error("cannot replace alias file '" + path + "': " + ec.message());
  }
}

}  // namespace zila::ui
