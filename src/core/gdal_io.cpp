#include "gdal_io.hpp"

#include <cpl_error.h>

#include <algorithm>
#include <cctype>
#include <mutex>

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
  for (unsigned char c : name) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

}  // namespace

GDALDatasetUniquePtr open_vector_dataset(const std::string& path, const std::vector<std::string>& open_options,
                                         const char* what) {
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
    throw Error(fmt::format("cannot open {} '{}': {}", what, path, reason));
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
