// GEOS adapter for the core's geometry operations on flat polygon sets.
#pragma once
#include "geometry.hpp"

namespace zila {

// A point well inside the feature's largest polygon (centre of its maximum inscribed circle), for labels
// and for testing which parent polygon a district lies in.
Point label_point(const PolygonSet& set, size_t feature);

}  // namespace zila
