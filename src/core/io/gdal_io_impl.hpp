// Template part of gdal_io.hpp.
#pragma once
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "core/error.hpp"

namespace zila {

template <typename Predicate>
OGRLayer* choose_layer(GDALDataset& dataset, const std::string& name, const std::string& path, Predicate is_wanted) {
  if (!name.empty()) {
    if (OGRLayer* layer = dataset.GetLayerByName(name.c_str())) return layer;
    throw Error(fmt::format("{}: no layer '{}'; layers: {}", path, name, fmt::join(layer_names(dataset), ", ")));
  }
  for (OGRLayer* layer : dataset.GetLayers()) {
    if (is_wanted(*layer)) return layer;
  }
  throw Error(fmt::format("{}: no suitable layer; layers: {}", path, fmt::join(layer_names(dataset), ", ")));
}

}  // namespace zila
