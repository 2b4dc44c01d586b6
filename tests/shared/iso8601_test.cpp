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
  for (const char* text : {"2025-10-30T17:20:19", "2025-10-30", "2025-02-30T00:00:00Z", "2025-10-30T24:00:00Z",
                           "2025-10-30T17:20:19+0300", "2025-10-30T17:20:19.Z", "2025-10-30T17:20:19Zjunk", "",
                           "not a time at all"}) {
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
