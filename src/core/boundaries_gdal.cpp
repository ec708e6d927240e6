// Boundary loading: GDAL reads and repairs, PROJ projects, GEOS finds label points.
#include <ogr_spatialref.h>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "boundaries.hpp"
#include "error.hpp"
#include "gdal_io.hpp"
#include "geos_ops.hpp"
#include "projection.hpp"

namespace zila {
namespace {

const std::vector<std::string> kNameFieldCandidates{
    "shapeName", "ADM2_EN", "NAME_2", "ADM2_NAME", "district", "district_name", "DISTRICT", "ADM1_EN", "NAME_1",
    "shapeName_en", "NAME_EN", "name", "NAME"};

bool has_polygons(OGRLayer& layer) {
  OGRwkbGeometryType type = wkbFlatten(layer.GetGeomType());
  return type == wkbPolygon || type == wkbMultiPolygon || type == wkbUnknown || type == wkbGeometryCollection ||
         type == wkbCurvePolygon || type == wkbMultiSurface;
}

// Appends the polygons of `geometry` (any mix of polygons, multipolygons, collections, curves).
void add_polygons(const OGRGeometry& geometry, PolygonSet& out) {
  OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    const auto& polygon = *geometry.toPolygon();
    out.begin_polygon();
    for (const OGRLinearRing* ring : polygon) {
      std::vector<Point> points;
      points.reserve(static_cast<size_t>(ring->getNumPoints()));
      for (const OGRPoint& p : *ring) points.push_back({p.getX(), p.getY()});
      out.add_ring(points);
    }
  } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) add_polygons(*part, out);
  } else if (OGR_GT_IsCurve(type) == FALSE && OGR_GT_IsSurface(type)) {
    std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
    if (linear) add_polygons(*linear, out);
  }
}

size_t polygon_count(const OGRGeometry& geometry) {
  PolygonSet probe;
  probe.begin_feature();
  add_polygons(geometry, probe);
  return probe.polygon_count();
}

}  // namespace

Boundaries load_boundaries(const BoundaryOptions& options) {
  GDALDatasetUniquePtr dataset = open_vector_dataset(options.path, {}, "boundaries");
  OGRLayer* layer = choose_layer(*dataset, options.layer, options.path, has_polygons);

  Boundaries out;
  out.source = options.path;
  out.layer = layer->GetName();
  std::vector<std::string> fields = field_names(*layer);
  out.name_field = options.name_field.empty() ? find_field(fields, kNameFieldCandidates)
                                              : find_field(fields, {options.name_field});
  if (out.name_field.empty()) {
    throw Error(fmt::format("{} (layer '{}'): {}; fields: {}", options.path, out.layer,
                            options.name_field.empty() ? "no district name field found (use --name-field)"
                                                       : fmt::format("no field '{}'", options.name_field),
                            fmt::join(fields, ", ")));
  }

  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
  if (const OGRSpatialReference* source_srs = layer->GetSpatialRef()) {
    OGRSpatialReference source(*source_srs);
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!source.IsSame(&wgs84)) {
      to_wgs84.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
      if (!to_wgs84) throw Error(fmt::format("{}: cannot transform its CRS to WGS84", options.path));
    }
  } else {
    out.messages.push_back(fmt::format("{}: no CRS given; coordinates read as WGS84 lon/lat", options.path));
  }

  layer->ResetReading();
  uint64_t feature_number = 0;
  for (const OGRFeatureUniquePtr& feature : *layer) {
    ++feature_number;
    std::string name = feature->GetFieldAsString(out.name_field.c_str());
    std::string where = fmt::format("{} feature {} ('{}')", options.path, feature_number, name);
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) {
      out.messages.push_back(where + ": no geometry, rejected");
      continue;
    }
    std::unique_ptr<OGRGeometry> owned(geometry->clone());
    if (to_wgs84 && owned->transform(to_wgs84.get()) != OGRERR_NONE) {
      out.messages.push_back(where + ": cannot be transformed to WGS84, rejected");
      continue;
    }
    if (!owned->IsValid()) {
      std::unique_ptr<OGRGeometry> repaired(owned->MakeValid());
      if (!repaired || polygon_count(*repaired) == 0) {
        out.messages.push_back(where + ": invalid geometry that MakeValid could not repair, rejected");
        continue;
      }
      out.messages.push_back(where + ": invalid geometry repaired with MakeValid");
      owned = std::move(repaired);
    }
    if (polygon_count(*owned) == 0) {
      out.messages.push_back(fmt::format("{}: {} is not a polygon, rejected", where, owned->getGeometryName()));
      continue;
    }
    if (name.empty()) out.messages.push_back(where + ": empty name");
    out.lonlat.begin_feature();
    add_polygons(*owned, out.lonlat);
    out.names.push_back(std::move(name));
  }
  if (out.names.empty()) throw Error(fmt::format("{} (layer '{}'): no usable polygons", options.path, out.layer));

  out.display_crs = options.display_crs.empty() ? fitted_albers(out.lonlat.bbox()) : options.display_crs;
  LonLatProjector projector(out.display_crs);
  out.projected = projector.project(out.lonlat);
  out.parents.assign(out.names.size(), std::string());
  out.area_km2.resize(out.names.size());
  out.label_points.resize(out.names.size());
  for (size_t d = 0; d < out.names.size(); ++d) {
    out.area_km2[d] = geodesic_area_km2(out.lonlat, d);
    out.label_points[d] = label_point(out.projected, d);
  }
  return out;
}

void assign_parents(Boundaries& districts, const Boundaries& parents) {
  LonLatProjector projector(districts.display_crs);
  for (size_t d = 0; d < districts.size(); ++d) {
    Point lonlat = projector.unproject(districts.label_points[d]);
    for (size_t p = 0; p < parents.size(); ++p) {
      if (feature_contains(parents.lonlat, p, lonlat)) {
        districts.parents[d] = parents.names[p];
        break;
      }
    }
  }
}

}  // namespace zila
