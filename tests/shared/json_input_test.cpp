#include "shared/json_input.hpp"

#include <catch2/catch_test_macros.hpp>
#include <string>

TEST_CASE("nesting depth counts arrays and objects but not brackets inside strings") {
  CHECK(hb::json_nesting_depth("1") == 0);
  CHECK(hb::json_nesting_depth(R"({"a": [1, {"b": 2}]})") == 3);
  CHECK(hb::json_nesting_depth(R"({"a": "[[[[{{{{"})") == 1);
  CHECK(hb::json_nesting_depth(R"({"a": "quote \" then [[["})") == 1);
}

TEST_CASE("parse_json accepts 64 levels and refuses 65 without parsing") {
  auto nested = [](int levels) {
    return std::string(static_cast<size_t>(levels), '[') + std::string(static_cast<size_t>(levels), ']');
  };
  CHECK(hb::parse_json(nested(64)).ok());
  auto deep = hb::parse_json(nested(65));
  REQUIRE(!deep.ok());
  CHECK(deep.error().code == hb::ErrorCode::json_too_deep);
  // A huge depth must not exhaust the stack either.
  CHECK(hb::parse_json(nested(100000)).error().code == hb::ErrorCode::json_too_deep);
}

TEST_CASE("parse_json reports malformed input as malformed_json") {
  for (const char* text : {"", "{", "{\"a\": }", "nul", "{\"a\": 1} trailing", "\xff\xfe"}) {
    auto parsed = hb::parse_json(text);
    REQUIRE(!parsed.ok());
    CHECK(parsed.error().code == hb::ErrorCode::malformed_json);
  }
}

TEST_CASE("field readers tolerate missing members and wrong types") {
  auto json = nlohmann::json::parse(R"({"s": "x", "n": 3, "o": {"k": "v"}, "b": true})");
  CHECK(hb::string_at(json, "s") == "x");
  CHECK(hb::string_at(json, "n").empty());
  CHECK(hb::string_at(json, "missing").empty());
  CHECK(hb::string_at(nlohmann::json::array(), "s").empty());
  CHECK(hb::object_at(json, "o") != nullptr);
  CHECK(hb::object_at(json, "s") == nullptr);
  CHECK(hb::bool_at(json, "b"));
  CHECK(!hb::bool_at(json, "s"));
  CHECK(hb::bool_at(json, "missing", true));
}
