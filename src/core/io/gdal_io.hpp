// The GDAL adapter's own header: only the adapter (gdal_io*.cpp) and the boundary loader
// (boundaries_gdal.cpp, which repairs geometries through GDAL) include it. Every other reader goes
// through the narrow table interface, core/io/table_source.hpp.
#pragma once
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

#include "core/io/table_source.hpp"

namespace zila {

// Opens a vector dataset read-only; throws zila::Error naming the path and GDAL's reason.
GDALDatasetUniquePtr open_vector_dataset(const std::string& path, const std::vector<std::string>& open_options,
                                         const char* what);

// The layer named `name`, or the first layer accepted by `is_wanted` when `name` is empty.
// Throws zila::Error listing the layers when none fits.
template <typename Predicate>
OGRLayer* choose_layer(GDALDataset& dataset, const std::string& name, const std::string& path, Predicate is_wanted);

std::vector<std::string> layer_names(GDALDataset& dataset);
std::vector<std::string> field_names(OGRLayer& layer);

}  // namespace zila

#include "core/io/gdal_io_impl.hpp"
