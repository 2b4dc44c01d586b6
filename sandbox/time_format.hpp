// Timestamps as the two platforms write them.
//   Hint:     "2025-10-30T14:20:19.316986-03:00" (ISO-8601 with an offset, microseconds)
//   HearLink: "2026-04-12T09:05:00.000Z"         (UTC, milliseconds)
#pragma once
#include <cstdint>
#include <string>

namespace hbs {

std::string hint_timestamp(int64_t unix_ms, int offset_minutes);
std::string hearlink_timestamp(int64_t unix_ms);
std::string iso_date(int64_t unix_seconds);  // "YYYY-MM-DD" (UTC)

// Proleptic Gregorian calendar helpers (no time zone database needed).
int64_t days_from_civil(int year, int month, int day);
void civil_from_days(int64_t days, int& year, int& month, int& day);
bool is_real_date(int year, int month, int day);

}  // namespace hbs
