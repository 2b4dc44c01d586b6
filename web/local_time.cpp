#include "web/local_time.hpp"

#include <cstdio>
#include <string>

#include "shared/iso8601.hpp"

namespace hb::web {
namespace {

struct Local {
  std::int64_t seconds = 0;  // unix seconds shifted into the zone
  std::string zone;
};

// A zone with no name of its own is named by its offset ("UTC+2", "UTC-3:30"), never left bare.
std::string offset_name(int offset_minutes) {
  if (offset_minutes == 0) return "UTC";
  const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::string name = std::string("UTC") + (offset_minutes < 0 ? "-" : "+") + std::to_string(magnitude / 60);
  if (magnitude % 60) {
    char minutes[4];
    std::snprintf(minutes, sizeof minutes, "%02d", magnitude % 60);
    name += std::string(":") + minutes;
  }
  return name;
}

Local shift(const TimeZone& zone, std::int64_t unix_seconds) {
  const ZoneAt at = zone ? zone(unix_seconds) : ZoneAt{};
  return {unix_seconds + std::int64_t{at.offset_minutes} * 60,
          at.name.empty() ? offset_name(at.offset_minutes) : at.name};
}

std::string clock_of(std::int64_t local_seconds) {
  const std::int64_t in_day = ((local_seconds % 86400) + 86400) % 86400;
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(in_day / 3600), static_cast<int>(in_day % 3600 / 60));
  return text;
}

}  // namespace

std::string local_clock(const TimeZone& zone, std::int64_t unix_seconds) {
  const auto local = shift(zone, unix_seconds);
  return clock_of(local.seconds) + " " + local.zone;
}

std::string local_date(const TimeZone& zone, std::int64_t unix_seconds) {
  return format_date(days_from_unix(shift(zone, unix_seconds).seconds));
}

std::string local_date_time(const TimeZone& zone, std::int64_t unix_seconds) {
  const auto local = shift(zone, unix_seconds);
  return format_date(days_from_unix(local.seconds)) + " " + clock_of(local.seconds) + " " + local.zone;
}

std::string local_date_time(const TimeZone& zone, const std::string& iso) {
  const auto instant = parse_timestamp(iso);
  return instant ? local_date_time(zone, *instant) : iso;
}

std::string local_date(const TimeZone& zone, const std::string& iso) {
  const auto instant = parse_timestamp(iso);
  return instant ? local_date(zone, *instant) : iso;
}

}  // namespace hb::web
