#include "shared/iso8601.hpp"

#include <catch2/catch_test_macros.hpp>

TEST_CASE("timestamps with offsets become the same instant in unix seconds") {
  // 2025-10-30T17:20:19Z
  const int64_t utc = 1761844819;
  CHECK(hb::parse_timestamp("2025-10-30T14:20:19.316986-03:00") == utc);
  CHECK(hb::parse_timestamp("2025-10-30T17:20:19Z") == utc);
  CHECK(hb::parse_timestamp("2025-10-30T17:20:19.000Z") == utc);
  CHECK(hb::parse_timestamp("2025-10-30T19:20:19+02:00") == utc);
  CHECK(hb::parse_timestamp("1970-01-01T00:00:00Z") == 0);
}

TEST_CASE("timestamps without an offset or with impossible parts are refused") {
  for (const char* text :
       {"2025-10-30T17:20:19", "2025-10-30", "2025-02-30T00:00:00Z", "2025-10-30T24:00:00Z", "2025-10-30T17:20:19+0300",
        "2025-10-30T17:20:19.Z", "2025-10-30T17:20:19Zjunk", "", "not a time at all"}) {
    INFO(text);
    CHECK(!hb::parse_timestamp(text));
  }
}

TEST_CASE("dates must name a real calendar day") {
  CHECK(hb::parse_date("1970-01-01") == 0);
  CHECK(hb::parse_date("2024-02-29") == hb::days_from_civil(2024, 2, 29));
  CHECK(!hb::parse_date("2023-02-29"));
  CHECK(!hb::parse_date("1985-13-01"));
  CHECK(!hb::parse_date("1985-7-12"));
  CHECK(!hb::parse_date("1985-07-12T00:00:00Z"));
}

TEST_CASE("formatting a timestamp gives back what was parsed") {
  CHECK(hb::format_timestamp(1761844819) == "2025-10-30T17:20:19Z");
  CHECK(hb::format_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(hb::parse_timestamp(hb::format_timestamp(1800000000)) == 1800000000);
}

TEST_CASE("days and civil dates convert both ways, before and after 1970") {
  for (int64_t days : {-719468LL, -1LL, 0LL, 59LL, 11016LL, 20556LL, 2932896LL}) {
    const auto date = hb::civil_from_days(days);
    INFO(days);
    CHECK(hb::days_from_civil(date.year, date.month, date.day) == days);
    CHECK(hb::parse_date(hb::format_date(days)).value_or(-999999) == (date.year >= 1 ? days : -999999));
  }
  CHECK(hb::format_date(0) == "1970-01-01");
  CHECK(hb::format_date(-1) == "1969-12-31");
  CHECK(hb::format_date(hb::days_from_civil(2024, 2, 29)) == "2024-02-29");
  CHECK(hb::days_from_unix(86399) == 0);
  CHECK(hb::days_from_unix(86400) == 1);
  CHECK(hb::days_from_unix(-1) == -1);
  CHECK(hb::days_from_unix(-86400) == -1);
  CHECK(hb::days_from_unix(-86401) == -2);
  CHECK(hb::format_timestamp(-1) == "1969-12-31T23:59:59Z");
}

// The sandbox's own date check refused year 0000 and the shared one accepted it; HearBridge's
// pre-check and the HearLink it talks to must agree, so both refuse it now (one function).
TEST_CASE("a date in year 0000 is refused") {
  CHECK(!hb::parse_date("0000-01-01"));
  CHECK(!hb::parse_timestamp("0000-01-01T00:00:00Z"));
  CHECK(hb::parse_date("0001-01-01") == hb::days_from_civil(1, 1, 1));
}

TEST_CASE("millisecond timestamps (log lines, HearLink's shape) round down to their second") {
  CHECK(hb::format_timestamp_ms(1761844819316) == "2025-10-30T17:20:19.316Z");
  CHECK(hb::format_timestamp_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(hb::format_timestamp_ms(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(hb::parse_timestamp(hb::format_timestamp_ms(1761844819316)) == 1761844819);
}
