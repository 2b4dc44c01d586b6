// Numeric query parameters: a value is read exactly or refused with a message naming it; an absent
// one takes its default.
#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <string>

#include "server/http/query_params.hpp"

using hb::ErrorCode;
using hb::integer_param;

TEST_CASE("an absent parameter takes its default, a present one is read exactly") {
  CHECK(integer_param("limit", std::nullopt, 1, 200, 50).value() == 50);
  CHECK(integer_param("limit", "1", 1, 200, 50).value() == 1);
  CHECK(integer_param("limit", "200", 1, 200, 50).value() == 200);
  CHECK(integer_param("limit", "007", 1, 200, 50).value() == 7);
  CHECK(integer_param("before", "9223372036854775807", 0, INT64_MAX, 0).value() == INT64_MAX);
}

TEST_CASE("anything but digits within the range is bad_request naming the parameter and its range") {
  for (const char* text : {"", "0", "201", "abc", "12abc", "-1", "+5", " 5", "5 ", "1e2", "9223372036854775808"}) {
    INFO('"' << text << '"');
    auto read = integer_param("limit", text, 1, 200, 50);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::bad_request);
    CHECK(read.error().message == "limit must be a whole number from 1 to 200.");
  }
}
