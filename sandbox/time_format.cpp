#include "sandbox/time_format.hpp"

#include <cstdio>
#include <cstdlib>

namespace hbs {

// Howard Hinnant's algorithms (public domain): days since 1970-01-01 <-> civil date.
int64_t days_from_civil(int year, int month, int day) {
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t days, int& year, int& month, int& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

bool is_real_date(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

namespace {
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

std::string date_time(int64_t unix_seconds) {
  const int64_t days = floor_div(unix_seconds, 86400);
  const int64_t secs = unix_seconds - days * 86400;
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return out;
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

std::string hearlink_timestamp(int64_t unix_ms) {
  const int64_t seconds = floor_div(unix_ms, 1000);
  char tail[16];
  std::snprintf(tail, sizeof tail, ".%03lldZ", static_cast<long long>(unix_ms - seconds * 1000));
  return date_time(seconds) + tail;
}

std::string iso_date(int64_t unix_seconds) { return date_time(unix_seconds).substr(0, 10); }

}  // namespace hbs
