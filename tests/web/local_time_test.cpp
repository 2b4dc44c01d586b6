// Times on screen: one zone, the browser's, named; its offset taken at each instant.
#include <catch2/catch_test_macros.hpp>

#include "web/local_time.hpp"

using namespace hb::web;

namespace {

// London: GMT in winter, BST (+60) from 2026-03-29 01:00 UTC to 2026-10-25 01:00 UTC.
ZoneAt london(std::int64_t unix_seconds) {
  const bool summer = unix_seconds >= 1'774'746'000 && unix_seconds < 1'792'890'000;
  return summer ? ZoneAt{60, "BST"} : ZoneAt{0, "GMT"};
}

}  // namespace

TEST_CASE("an instant is shown in the zone it falls in, with that zone's name") {
  const TimeZone zone = london;
  CHECK(local_clock(zone, 1'773'325'920) == "14:32 GMT");  // 2026-03-12T14:32:00Z
  CHECK(local_date_time(zone, 1'773'325'920) == "2026-03-12 14:32 GMT");
  CHECK(local_date_time(zone, "2026-07-01T09:30:00Z") == "2026-07-01 10:30 BST");  // summer, read any time
  CHECK(local_date_time(zone, "2026-07-01T23:30:00Z") == "2026-07-02 00:30 BST");  // the next local day
  CHECK(local_date(zone, "2026-07-01T23:30:00Z") == "2026-07-02");
  CHECK(local_date_time(zone, "2026-07-01T10:30:00+01:00") == "2026-07-01 10:30 BST");
}

TEST_CASE("west of UTC, before 1970, and without a zone (UTC)") {
  const TimeZone new_york = [](std::int64_t) { return ZoneAt{-300, "EST"}; };
  CHECK(local_date_time(new_york, "2026-01-01T03:00:00Z") == "2025-12-31 22:00 EST");
  CHECK(local_clock(TimeZone{}, 0) == "00:00 UTC");
  CHECK(local_date_time(TimeZone{}, -60) == "1969-12-31 23:59 UTC");
  // A zone without a name is named by its offset, never shown bare or as UTC.
  CHECK(local_clock([](std::int64_t) { return ZoneAt{120, ""}; }, 0) == "02:00 UTC+2");
  CHECK(local_clock([](std::int64_t) { return ZoneAt{-210, ""}; }, 0) == "20:30 UTC-3:30");
}

TEST_CASE("text that is not an instant is shown as it came, never a made-up time") {
  const TimeZone zone = london;
  CHECK(local_date_time(zone, "2026-07-01T09:30:00") == "2026-07-01T09:30:00");  // no offset: instant unknown
  CHECK(local_date_time(zone, "soon") == "soon");
  CHECK(local_date(zone, "") == "");
}
