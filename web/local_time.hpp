// Every time the clinician reads is in one zone, the browser's, and says which ("14:32 GMT",
// "2026-03-12 14:32 BST"): times from the server (saved, signed, last change) and from HearLink
// (appointments) are instants in UTC, and the zone's offset is taken at each instant, so a summer
// appointment read in winter shows summer time. Dates without a time (a hearing test's) are shown
// as they are: they name a day, not an instant.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace hb::web {

// The zone at one instant: minutes east of UTC and the name to show with it.
struct ZoneAt {
  int offset_minutes = 0;
  std::string name = "UTC";
};
// The browser's zone (platform_web.cpp) or a fixed one (tests). Empty: UTC.
using TimeZone = std::function<ZoneAt(std::int64_t unix_seconds)>;

// "14:32 GMT"
std::string local_clock(const TimeZone& zone, std::int64_t unix_seconds);
// "2026-03-12 14:32 GMT"
std::string local_date_time(const TimeZone& zone, std::int64_t unix_seconds);
// "2026-03-12" (the local day of the instant)
std::string local_date(const TimeZone& zone, std::int64_t unix_seconds);
// An ISO-8601 instant from the API ("2026-05-01T09:30:00Z") as local_date_time; text that is not
// one is shown as it came (never a made-up time).
std::string local_date_time(const TimeZone& zone, const std::string& iso);
std::string local_date(const TimeZone& zone, const std::string& iso);

}  // namespace hb::web
