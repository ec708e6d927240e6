// The boundary file checked against the gazetteer: a town that names a district (its seat: Bannu,
// Hangu, Kohat) but lies in another district's polygon shows where the polygons are off, and where
// a coordinate join would move a district's events into its neighbour.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/geo/boundaries.hpp"
#include "core/geo/point_locator.hpp"
#include "core/join/gazetteer.hpp"
#include "core/join/name_match.hpp"

namespace zila {

struct MisplacedSeat {
  std::string place;            // the gazetteer's name ("Bannu")
  double lon = 0, lat = 0;      // its point
  int32_t named_district = -1;  // the district the name resolves to (exact, alias, abbreviation, spelling)
  int32_t containing_district = -1;  // the polygon holding the point
  double km_outside = 0;        // from the point to the named district's polygon
};

// Gazetteer places whose name resolves firmly to a district and whose point lies in another
// district's polygon, within 15 km of its own, in gazetteer order. Farther away, and where the
// gazetteer holds another place of that name inside the district, it is another town of the name.
std::vector<MisplacedSeat> check_district_seats(const std::vector<GazetteerPlace>& gazetteer, const NameMatcher& matcher,
                                                const PointLocator& locator);

// "the gazetteer's Bannu (32.99 N, 70.60 E) lies in North Waziristan, 4.1 km outside Bannu's polygon"
std::string describe_misplaced_seat(const MisplacedSeat& seat, const Boundaries& boundaries);

// Great-circle distance in km between two lon/lat points.
double great_circle_km(double lon1, double lat1, double lon2, double lat2);

// The misplaced seat nearest to a point joined by coordinates to `district`, when `district` is the
// polygon that wrongly holds that seat and the point lies within `max_km` of it; -1 otherwise.
// `km` receives the distance.
int32_t misplaced_seat_near(const std::vector<MisplacedSeat>& seats, double lon, double lat, int32_t district,
                            double max_km, double* km = nullptr);

}  // namespace zila
