// ISO-8601 dates and timestamps as Hint and HearLink send them:
//   "2025-10-30T14:20:19.316986-03:00", "2026-04-10T14:30:00.000Z", "1985-07-12".
// Pure functions (no clock): the server, the UI and the sandbox all use these.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hb {

// Days since 1970-01-01 for a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
int64_t days_from_civil(int year, unsigned month, unsigned day);
struct CivilDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};
CivilDate civil_from_days(int64_t days);

// Unix seconds → whole days since the epoch (rounded down, also before 1970).
int64_t days_from_unix(int64_t unix_seconds);

// "YYYY-MM-DD" that names a real calendar date (year 0001 or later) → days since the epoch.
std::optional<int64_t> parse_date(std::string_view text);
// Days since the epoch → "YYYY-MM-DD".
std::string format_date(int64_t days);

// Timestamp with a "Z" or "±HH:MM" offset (fractional seconds allowed, truncated) → unix seconds.
// A timestamp without an offset is refused: its instant is unknown.
std::optional<int64_t> parse_timestamp(std::string_view text);

// Unix seconds → "2026-11-22T10:30:00Z".
std::string format_timestamp(int64_t unix_seconds);
// Unix milliseconds → "2026-11-22T10:30:00.123Z" (log lines; HearLink's own shape).
std::string format_timestamp_ms(int64_t unix_ms);

}  // namespace hb
