#include "shared/error_catalogue.hpp"

#include <catch2/catch_test_macros.hpp>
#include <set>
#include <string>

using hb::Error;
using hb::ErrorCode;

TEST_CASE("every error code has a distinct code name, a status, and texts for API and clinician") {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(ErrorCode::internal); ++i) {
    const auto& info = hb::error_info(static_cast<ErrorCode>(i));
    CHECK(!info.code.empty());
    CHECK(names.insert(std::string(info.code)).second);
    CHECK(info.http_status >= 400);
    CHECK(info.http_status < 600);
    CHECK(!info.message.empty());
    CHECK(!info.clinician.empty());
  }
}

TEST_CASE("the error body has the standard shape and uses the catalogue message by default") {
  auto body = hb::error_body(Error{ErrorCode::bad_signature, {}});
  CHECK(
      body ==
      nlohmann::json::parse(
          R"({"error": {"code": "bad_signature", "message": "The request signature is missing or does not verify."}})"));
  auto custom = hb::error_body(Error{ErrorCode::missing_field, "user.id is required."});
  CHECK(custom["error"]["message"] == "user.id is required.");
  CHECK(Error{ErrorCode::payload_too_large, {}}.http_status() == 413);
}

TEST_CASE("an error body read back gives the same code; unknown bodies fall back on the status") {
  auto round = hb::parse_error_body(hb::error_body(Error{ErrorCode::launch_key_used, {}}), 401);
  CHECK(round.code == ErrorCode::launch_key_used);
  CHECK(hb::parse_error_body(nlohmann::json::parse(R"({"status": 429, "message": "Enhance your calm"})"), 429).code ==
        ErrorCode::rate_limited);
  CHECK(hb::parse_error_body(nlohmann::json("not an object"), 503).code == ErrorCode::internal);
  CHECK(hb::parse_error_body(nlohmann::json::parse(R"({"error": {"code": 7}})"), 404).code == ErrorCode::not_found);
}
