// Boundary loading: GDAL reads and repairs, PROJ projects, GEOS finds label points.
#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "core/geo/boundaries.hpp"
#include "core/error.hpp"
#include "core/io/gdal_io.hpp"
#include "core/geo/geos_ops.hpp"
#include "core/join/name_match.hpp"
#include "core/geo/projection.hpp"

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

// Appends the polygons of `geometry` (any mix of polygons, multipolygons, collections, curves). Rings with
// fewer than 3 distinct vertices (an empty hole is valid to GEOS) are left out and counted.
void add_polygons(const OGRGeometry& geometry, PolygonSet& out, size_t& dropped_rings) {
  OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    bool outer = true;
    for (const OGRLinearRing* ring : *geometry.toPolygon()) {
      std::vector<Point> points;
      points.reserve(static_cast<size_t>(ring->getNumPoints()));
      for (const OGRPoint& p : *ring) points.push_back({p.getX(), p.getY()});
      bool closed = points.size() > 1 && points.front().x == points.back().x && points.front().y == points.back().y;
      if (points.size() - (closed ? 1 : 0) < 3) {
        ++dropped_rings;
        if (outer) return;  // no outer ring: the holes have nothing to cut
        continue;
      }
      if (outer) out.begin_polygon();
      out.add_ring(points);
      outer = false;
    }
  } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) add_polygons(*part, out, dropped_rings);
  } else if (OGR_GT_IsCurve(type) == FALSE && OGR_GT_IsSurface(type)) {
    std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
    if (linear) add_polygons(*linear, out, dropped_rings);
  }
}

// The polygons of one feature as a one-feature set.
PolygonSet feature_polygons(const OGRGeometry& geometry, size_t& dropped_rings) {
  PolygonSet set;
  set.begin_feature();
  add_polygons(geometry, set, dropped_rings);
  return set;
}

PolygonSet feature_polygons(const OGRGeometry& geometry) {
  size_t ignored = 0;
  return feature_polygons(geometry, ignored);
}

std::optional<Point> first_non_finite_in_feature(const PolygonSet& set, size_t feature) {
  const uint32_t first_ring = set.polygon_offsets[set.feature_offsets[feature]];
  const uint32_t last_ring = set.polygon_offsets[set.feature_offsets[feature + 1]];
  for (uint32_t v = set.ring_offsets[first_ring]; v < set.ring_offsets[last_ring]; ++v) {
    const Point p = set.vertices[v];
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return p;
  }
  return std::nullopt;
}

std::optional<Point> first_non_finite(const PolygonSet& one_feature) { return first_non_finite_in_feature(one_feature, 0); }

// Longitude in [-180, 180], latitude in [-90, 90], with room for rounding in a CRS transformation.
std::optional<Point> first_outside_lonlat(const PolygonSet& set) {
  const double slack = 1e-7;
  for (Point p : set.vertices) {
    if (!(std::abs(p.x) <= 180 + slack && std::abs(p.y) <= 90 + slack)) return p;
  }
  return std::nullopt;
}

// GDAL opens a path it cannot read, an empty file or UTF-16 text with the same "not recognized" error:
// name the real cause first. Paths that are not plain files (a /vsi path, "PG:..." connection strings)
// go to GDAL as they are; so does a folder (a folder of shapefiles is a dataset).
void check_boundary_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  const bool gdal_name = path.starts_with("/vsi") || (path.find(':') != std::string::npos && !fs::exists(status));
  if (gdal_name || fs::is_directory(status)) return;
  auto fail = [&](const std::string& reason) { throw Error(fmt::format("cannot open boundaries '{}': {}", path, reason)); };
  if (!fs::exists(status)) {
    fail(ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "no such file or folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(std::strerror(errno));  // e.g. "Permission denied"
  unsigned char head[4] = {0, 0, 0, 0};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  const std::streamsize got = in.gcount();
  if (got == 0) fail("the file is empty (0 bytes)");
  const bool utf16_bom = got >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
  auto ascii = [](unsigned char c) { return c >= 0x20 && c < 0x7F; };
  const bool utf16_text = got == 4 && ((ascii(head[0]) && head[1] == 0 && ascii(head[2]) && head[3] == 0) ||
                                       (head[0] == 0 && ascii(head[1]) && head[2] == 0 && ascii(head[3])));
  if (utf16_bom || utf16_text) fail("the file is UTF-16 text; GDAL reads it only as UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)");
}

// Districts whose names normalise alike cannot be told apart by name: the name matcher leaves events
// naming them unmatched rather than guess. Say so instead of leaving it to the unmatched list.
void report_duplicate_names(const std::vector<std::string>& names, const std::vector<uint64_t>& feature_numbers,
                            const std::string& path, std::vector<Problem>& problems) {
  std::map<std::string, std::vector<size_t>> by_name;
  for (size_t d = 0; d < names.size(); ++d) {
    if (!names[d].empty()) by_name[normalise_place_name(names[d])].push_back(d);
  }
  for (const auto& [key, districts] : by_name) {
    if (districts.size() < 2) continue;
    std::vector<std::string> features;
    for (size_t d : districts) features.push_back(fmt::format("{} ('{}')", feature_numbers[d], names[d]));
    problems.push_back({Severity::warning, Stage::boundaries, path, "",
                        fmt::format("features {} have the same name: they stay separate districts, but events naming "
                                    "them cannot be told apart by name and stay unmatched (give them distinct names or "
                                    "join by coordinates)",
                                    fmt::join(features, ", "))});
  }
}

}  // namespace

Boundaries load_boundaries(const BoundaryOptions& options) {
  check_boundary_path(options.path);
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
  const OGRSpatialReference* source_srs = layer->GetSpatialRef();
  if (source_srs) {
    OGRSpatialReference source(*source_srs);
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!source.IsSame(&wgs84)) {
      to_wgs84.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
      if (!to_wgs84) throw Error(fmt::format("{}: cannot transform its CRS to WGS84", options.path));
    }
  } else {
    out.problems.push_back({Severity::warning, Stage::boundaries, options.path, "", "no CRS given; coordinates read as WGS84 lon/lat"});
  }

  std::vector<uint64_t> feature_numbers;  // 1-based, per kept district, for problems
  uint64_t with_geometry = 0, outside_lonlat = 0;
  std::optional<Point> example_outside;
  layer->ResetReading();
  uint64_t feature_number = 0;
  for (const OGRFeatureUniquePtr& feature : *layer) {
    ++feature_number;
    std::string name = feature->GetFieldAsString(out.name_field.c_str());
    std::string where = fmt::format("feature {} ('{}')", feature_number, name);
    auto note = [&](Severity severity, std::string problem) {
      out.problems.push_back({severity, Stage::boundaries, options.path, where, std::move(problem)});
    };
    auto reject = [&](const std::string& problem) { note(Severity::error, problem + ", rejected"); };
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) {
      reject("no geometry");
      continue;
    }
    ++with_geometry;
    std::unique_ptr<OGRGeometry> owned(geometry->clone());
    // GEOS and PROJ assume finite coordinates: NaN or infinity must not reach them.
    if (std::optional<Point> bad = first_non_finite(feature_polygons(*owned))) {
      reject(fmt::format("non-finite coordinate ({}, {})", bad->x, bad->y));
      continue;
    }
    if (to_wgs84 && owned->transform(to_wgs84.get()) != OGRERR_NONE) {
      reject("cannot be transformed to WGS84");
      continue;
    }
    if (std::optional<Point> bad = first_outside_lonlat(feature_polygons(*owned))) {
      ++outside_lonlat;
      if (!example_outside) example_outside = bad;
      reject(fmt::format("vertex ({}, {}) outside longitude [-180, 180] / latitude [-90, 90]", bad->x, bad->y));
      continue;
    }
    CPLErrorReset();
    if (!owned->IsValid()) {
      // GEOS's reason ("Self-intersection at or near point ...") arrives as a quiet GDAL warning.
      std::string reason = CPLGetLastErrorMsg();
      std::string problem = reason.empty() ? "invalid geometry" : fmt::format("invalid geometry ({})", reason);
      std::unique_ptr<OGRGeometry> repaired(owned->MakeValid());
      if (!repaired || feature_polygons(*repaired).polygon_count() == 0) {
        reject(problem + " that MakeValid cannot turn into a polygon with area");
        continue;
      }
      note(Severity::warning, problem + " repaired with MakeValid");
      owned = std::move(repaired);
    }
    size_t dropped_rings = 0;
    PolygonSet polygons = feature_polygons(*owned, dropped_rings);
    if (polygons.polygon_count() == 0) {
      reject(fmt::format("{} has no polygon", owned->getGeometryName()));
      continue;
    }
    if (dropped_rings) {
      note(Severity::warning, fmt::format("{} empty or degenerate ring{} (fewer than 3 vertices) left out", dropped_rings,
                                          dropped_rings == 1 ? "" : "s"));
    }
    if (name.empty()) note(Severity::warning, "empty name");
    out.lonlat.append_feature(polygons, 0);
    out.names.push_back(std::move(name));
    feature_numbers.push_back(feature_number);
  }
  if (example_outside && 2 * outside_lonlat > with_geometry) {
    throw Error(fmt::format(
        "{} (layer '{}'): {} of {} features have coordinates outside longitude/latitude ranges (e.g. {}, {}); {}",
        options.path, out.layer, outside_lonlat, with_geometry, example_outside->x, example_outside->y,
        source_srs ? "they do not fit the file's CRS"
                   : "the file names no CRS, so they were read as lon/lat: is it a projected file missing its .prj? "
                     "Add the .prj file, or reproject it to EPSG:4326 (ogr2ogr -s_srs ... -t_srs EPSG:4326)"));
  }
  if (out.names.empty()) throw Error(fmt::format("{} (layer '{}'): no usable polygons", options.path, out.layer));
  report_duplicate_names(out.names, feature_numbers, options.path, out.problems);

  out.display_crs = options.display_crs.empty() ? fitted_albers(out.lonlat.bbox()) : options.display_crs;
  LonLatProjector projector(out.display_crs);
  out.projected = projector.project(out.lonlat);
  out.parents.assign(out.names.size(), std::string());
  out.area_km2.resize(out.names.size());
  out.label_points.resize(out.names.size());
  for (size_t d = 0; d < out.names.size(); ++d) {
    // A display CRS can have a smaller domain than lon/lat (e.g. a UTM zone far from its zone).
    if (std::optional<Point> bad = first_non_finite_in_feature(out.projected, d)) {
      throw Error(fmt::format("{} feature {} ('{}'): cannot be projected into the display CRS '{}'", options.path,
                              feature_numbers[d], out.names[d], out.display_crs));
    }
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
