// Reads a route's reply body with the shared parser the UI uses (shared/*.hpp): a member the server
// renames or drops fails the route's test, not only the UI's.
#pragma once
#include <string>
#include <utility>

#include <httplib.h>
#include <catch2/catch_test_macros.hpp>

#include "shared/json_input.hpp"

namespace hb::test {

template <class Parse>
auto read_reply(const httplib::Result& res, Parse parse) {
  REQUIRE(res);
  auto body = parse_json(res->body);
  REQUIRE(body);
  auto parsed = parse(body.value());
  INFO(res->body);
  INFO((parsed ? std::string() : std::string(parsed.error().text())));  // names the member that did not read
  REQUIRE(parsed);
  return std::move(parsed).value();
}

}  // namespace hb::test
