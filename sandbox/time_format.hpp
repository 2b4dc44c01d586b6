// Timestamps as the two platforms write them.
//   Hint:     "2025-10-30T14:20:19.316986-03:00" (ISO-8601 with an offset, microseconds)
//   HearLink: "2026-04-12T09:05:00.000Z"         (UTC, milliseconds)
// The calendar arithmetic underneath is shared/iso8601.hpp's (days_from_civil, format_date, …).
#pragma once
#include <cstdint>
#include <string>

namespace hbs {

std::string hint_timestamp(int64_t unix_ms, int offset_minutes);
std::string hearlink_timestamp(int64_t unix_ms);
std::string iso_date(int64_t unix_seconds);  // "YYYY-MM-DD" (UTC)

}  // namespace hbs
