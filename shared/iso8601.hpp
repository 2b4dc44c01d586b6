// ISO-8601 dates and timestamps as Hint and HearLink send them:
//   "2025-10-30T14:20:19.316986-03:00", "2026-04-10T14:30:00.000Z", "1985-07-12".
// Pure functions (no clock): both builds use them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hb {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int year, unsigned month, unsigned day);

// "YYYY-MM-DD" that names a real calendar date → days since the epoch.
std::optional<int64_t> parse_date(std::string_view text);

// Timestamp with a "Z" or "±HH:MM" offset (fractional seconds allowed, truncated) → unix seconds.
// A timestamp without an offset is refused: its instant is unknown.
std::optional<int64_t> parse_timestamp(std::string_view text);

// Unix seconds → "2026-11-22T10:30:00Z".
std::string format_timestamp(int64_t unix_seconds);

}  // namespace hb
