#include "sandbox/time_format.hpp"

#include <cstdio>
#include <cstdlib>

#include "shared/iso8601.hpp"

namespace hbs {
namespace {
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// "YYYY-MM-DDTHH:MM:SS": format_timestamp without its "Z", for the platforms' own endings.
std::string date_time(int64_t unix_seconds) {
  auto text = hb::format_timestamp(unix_seconds);
  text.pop_back();
  return text;
}
}  // namespace

std::string hint_timestamp(int64_t unix_ms, int offset_minutes) {
  const int64_t local_ms = unix_ms + int64_t{offset_minutes} * 60000;
  const int64_t seconds = floor_div(local_ms, 1000);
  const int64_t micros = (local_ms - seconds * 1000) * 1000;
  const int off = std::abs(offset_minutes);
  char tail[32];
  std::snprintf(tail, sizeof tail, ".%06lld%c%02d:%02d", static_cast<long long>(micros), offset_minutes < 0 ? '-' : '+',
                off / 60, off % 60);
  return date_time(seconds) + tail;
}

std::string hearlink_timestamp(int64_t unix_ms) { return hb::format_timestamp_ms(unix_ms); }

std::string iso_date(int64_t unix_seconds) { return hb::format_date(hb::days_from_unix(unix_seconds)); }

}  // namespace hbs
