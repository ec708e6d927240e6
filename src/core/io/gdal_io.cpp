#include "core/io/gdal_io.hpp"

#include <cpl_error.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "core/io/postgis_source.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

void register_gdal_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Errors are turned into zila::Error with our own wording; GDAL must not print them itself.
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
}

std::string squash(const std::string& name) {
  std::string out;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);  // <cctype> needs a non-negative value
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// Why a local file cannot be a dataset, said before GDAL answers "not a vector dataset" to all of
// them: unreadable (permission denied, ...), empty, or UTF-16 text. "" when none applies; paths GDAL
// reads otherwise (folders, connection strings, /vsizip/...) are left to GDAL.
std::string file_problem(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return {};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  unsigned char start[4] = {};
  const ssize_t got = ::read(fd, start, sizeof start);
  const int read_error = errno;
  ::close(fd);
  if (got < 0) return std::strerror(read_error);
  if (got == 0) return "the file is empty";
  // A byte-order mark, or ASCII text with a zero byte after (or before) each letter.
  const bool bom = got >= 2 && ((start[0] == 0xFF && start[1] == 0xFE) || (start[0] == 0xFE && start[1] == 0xFF));
  const bool zero_bytes = got == 4 && ((start[0] && !start[1] && start[2] && !start[3]) ||
                                       (!start[0] && start[1] && !start[2] && start[3]));
  const std::string extension = ascii_lower(std::filesystem::path(path).extension().string());
  const bool text = extension == ".csv" || extension == ".tsv" || extension == ".txt";
  if (bom || (text && zero_bytes)) return "the file is UTF-16 text; save it as UTF-8 (e.g. 'CSV UTF-8' in Excel)";
  return {};
}

}  // namespace

GDALDatasetUniquePtr open_vector_dataset(const std::string& path, const std::vector<std::string>& open_options,
                                         const char* what) {
  if (std::string problem = file_problem(path); !problem.empty()) {
    throw Error(fmt::format("cannot open {} '{}': {}", what, path, problem));
  }
  register_gdal_once();
  std::vector<const char*> options;
  for (const std::string& o : open_options) options.push_back(o.c_str());
  options.push_back(nullptr);
  CPLErrorReset();
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.data(), nullptr));
  if (!dataset) {
    std::string reason = CPLGetLastErrorMsg();
    if (reason.empty()) reason = "not a vector dataset GDAL can read";
    throw Error(fmt::format("cannot open {} '{}': {}", what, mask_password(path), reason));
  }
  return dataset;
}

std::vector<std::string> layer_names(GDALDataset& dataset) {
  std::vector<std::string> names;
  for (OGRLayer* layer : dataset.GetLayers()) names.emplace_back(layer->GetName());
  return names;
}

std::vector<std::string> field_names(OGRLayer& layer) {
  std::vector<std::string> names;
  OGRFeatureDefn* definition = layer.GetLayerDefn();
  for (int i = 0; i < definition->GetFieldCount(); ++i) names.emplace_back(definition->GetFieldDefn(i)->GetNameRef());
  return names;
}

std::string find_field(const std::vector<std::string>& fields, const std::vector<std::string>& candidates) {
  for (const std::string& candidate : candidates) {
    std::string wanted = squash(candidate);
    auto it = std::find_if(fields.begin(), fields.end(), [&](const std::string& f) { return squash(f) == wanted; });
    if (it != fields.end()) return *it;
  }
  return {};
}

}  // namespace zila
