// Shared by the tests that make store reads or writes fail for real: the catalogue's error body a
// route must answer, and a clinician of a practice to call the stores directly.
#pragma once
#include <httplib.h>

#include <catch2/catch_test_macros.hpp>
#include <string>

#include <nlohmann/json.hpp>

#include "server/sessions/session_store.hpp"

namespace hb::test {

// The catalogue's error body: {"error": {"code", "message"}} and nothing else.
inline void check_error(const httplib::Result& res, int status, const std::string& code) {
  REQUIRE(res);
  CHECK(res->status == status);
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body.size() == 1);
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["message"].is_string());
}

inline Principal clinician(const std::string& practice) {
  Principal p;
  p.session_id = "session-" + practice;
  p.context.practice_id = practice;
  p.context.user_id = "user-" + practice;
  p.context.user_name = "Dr. Ana Núñez";
  p.context.roles = {"clinician"};
  p.context.permissions = {Permission::view, Permission::draft, Permission::sign};
  return p;
}

}  // namespace hb::test
