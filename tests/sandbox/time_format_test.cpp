#include "sandbox/time_format.hpp"

#include <catch2/catch_test_macros.hpp>

#include "sandbox/hearlink_rules.hpp"
#include "shared/iso8601.hpp"

TEST_CASE("the sandbox writes Hint's and HearLink's timestamp shapes, which HearBridge's parser reads back") {
  const int64_t ms = 1761844819316;  // 2025-10-30T17:20:19.316Z
  CHECK(hbs::hearlink_timestamp(ms) == "2025-10-30T17:20:19.316Z");
  CHECK(hbs::hint_timestamp(ms, -180) == "2025-10-30T14:20:19.316000-03:00");
  CHECK(hbs::hint_timestamp(ms, 330) == "2025-10-30T22:50:19.316000+05:30");
  CHECK(hb::parse_timestamp(hbs::hearlink_timestamp(ms)) == ms / 1000);
  CHECK(hb::parse_timestamp(hbs::hint_timestamp(ms, -180)) == ms / 1000);
  CHECK(hbs::hearlink_timestamp(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(hbs::iso_date(1761844819) == "2025-10-30");
  CHECK(hbs::iso_date(-1) == "1969-12-31");
}

TEST_CASE("the sandbox's HearLink judges dates with the shared calendar") {
  for (const char* good : {"1985-07-12", "2000-02-29", "0001-01-01"}) CHECK(hbs::is_iso_date(good));
  for (const char* bad : {"0000-01-01", "2001-02-29", "1985-7-12", "1985-07-12T00:00:00Z", ""}) {
    INFO(bad);
    CHECK_FALSE(hbs::is_iso_date(bad));
  }
}
