// The header readers of server/http/request_headers.*: what each accepts and refuses.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "server/http/request_headers.hpp"

using namespace hb;

TEST_CASE("bearer_token takes the token of a Bearer header, scheme in any case") {
  CHECK(bearer_token("Bearer abc123") == "abc123");
  CHECK(bearer_token("bearer abc123") == "abc123");
  CHECK(bearer_token("BEARER    abc123") == "abc123");
  CHECK(bearer_token("Bearer ").empty());
  CHECK(bearer_token("Bearer      ").empty());
  CHECK(bearer_token("Basic dXNlcjpwdw==").empty());
  CHECK(bearer_token("Bearerabc").empty());
  CHECK(bearer_token("").empty());
}

TEST_CASE("parse_if_match reads a version from a strong, weak or bare tag; anything else is unreadable") {
  CHECK(parse_if_match("\"3\"") == 3);
  CHECK(parse_if_match("W/\"12\"") == 12);
  CHECK(parse_if_match("7") == 7);
  CHECK(parse_if_match("\"007\"") == 7);
  CHECK_FALSE(parse_if_match(""));
  CHECK_FALSE(parse_if_match("\"\""));
  CHECK_FALSE(parse_if_match("\"-1\""));  // versions are never negative
  CHECK_FALSE(parse_if_match("-1"));
  CHECK_FALSE(parse_if_match("+1"));
  CHECK_FALSE(parse_if_match("\"3"));
  CHECK_FALSE(parse_if_match("\"3\" "));
  CHECK_FALSE(parse_if_match("*"));
  CHECK_FALSE(parse_if_match("\"99999999999999999999\""));  // beyond int64
  CHECK_FALSE(parse_if_match(std::string("\"3\0\"", 4)));
}

TEST_CASE("is_json_content_type: application/json in any case, with blanks and parameters") {
  CHECK(is_json_content_type("application/json"));
  CHECK(is_json_content_type("Application/JSON; charset=utf-8"));
  CHECK(is_json_content_type(" application/json\t;charset=UTF-8"));
  CHECK_FALSE(is_json_content_type(""));
  CHECK_FALSE(is_json_content_type("text/plain"));
  CHECK_FALSE(is_json_content_type("application/json-patch+json"));
  CHECK_FALSE(is_json_content_type("application/jsonx"));
  CHECK_FALSE(is_json_content_type(";application/json"));
}
