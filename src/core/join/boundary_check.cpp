#include "core/join/boundary_check.hpp"

#include <fmt/core.h>

#include <cmath>
#include <set>

namespace zila {
namespace {

// A place farther than this outside the district its name names is another town of that name (the
// gazetteer's Khairpur lies 95 km from Khairpur district, Nasirabad 86 km from Nasirabad), not a
// border drawn a few km off (Bannu 4.4 km, Hangu 2.7 km on the shipped ADM2 file).
constexpr double kMaxSeatOffsetKm = 15;

}  // namespace

std::vector<MisplacedSeat> check_district_seats(const std::vector<GazetteerPlace>& gazetteer, const NameMatcher& matcher,
                                                const PointLocator& locator) {
  std::vector<MisplacedSeat> candidates;
  std::set<int32_t> seat_inside;  // districts with a place of their own name inside their polygon
  for (const GazetteerPlace& place : gazetteer) {
    const NameMatch match = matcher.match(place.name);
    // Only names of the district itself: a token or fuzzy match is no seat ("Maidan" is not Mardan).
    const bool names_district = match.method == NameMatchMethod::exact || match.method == NameMatchMethod::alias ||
                                match.method == NameMatchMethod::abbreviation || match.method == NameMatchMethod::spelling;
    if (!names_district || match.district < 0) continue;
    const int32_t containing = locator.locate(place.lon, place.lat);
    if (containing == match.district) {
      seat_inside.insert(match.district);
      continue;
    }
    if (containing < 0) continue;  // outside every polygon (a coast): no other district takes its points
    const double km = locator.distance_km(place.lon, place.lat, match.district);
    if (km <= kMaxSeatOffsetKm) candidates.push_back({place.name, place.lon, place.lat, match.district, containing, km});
  }
  std::vector<MisplacedSeat> seats;
  for (MisplacedSeat& seat : candidates) {
    if (!seat_inside.contains(seat.named_district)) seats.push_back(std::move(seat));
  }
  return seats;
}

std::string describe_misplaced_seat(const MisplacedSeat& seat, const Boundaries& boundaries) {
  const std::string& named = boundaries.names[static_cast<size_t>(seat.named_district)];
  return fmt::format("the gazetteer's {} ({:.2f} {}, {:.2f} {}) lies in {}, {:.1f} km outside {}'s polygon: "
                     "coordinate joins there may move {}'s events into {}",
                     seat.place, std::abs(seat.lat), seat.lat >= 0 ? "N" : "S", std::abs(seat.lon), seat.lon >= 0 ? "E" : "W",
                     boundaries.names[static_cast<size_t>(seat.containing_district)], seat.km_outside, named, named,
                     boundaries.names[static_cast<size_t>(seat.containing_district)]);
}

double great_circle_km(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kEarthRadiusKm = 6371.0088;  // mean radius (IUGG)
  constexpr double kRadians = M_PI / 180;
  const double dlat = (lat2 - lat1) * kRadians, dlon = (lon2 - lon1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

int32_t misplaced_seat_near(const std::vector<MisplacedSeat>& seats, double lon, double lat, int32_t district,
                            double max_km, double* km) {
  int32_t best = -1;
  double best_km = max_km;
  for (size_t s = 0; s < seats.size(); ++s) {
    if (seats[s].containing_district != district) continue;
    const double d = great_circle_km(lon, lat, seats[s].lon, seats[s].lat);
    if (d <= best_km) best_km = d, best = static_cast<int32_t>(s);
  }
  if (km) *km = best_km;
  return best;
}

}  // namespace zila
