#include "shared/session_context.hpp"

#include <catch2/catch_test_macros.hpp>

TEST_CASE("a session context survives the trip to JSON and back") {
  hb::SessionContext c;
  c.surface = "clinical_interaction";
  c.practice_id = "pra-1";
  c.practice_name = "Zoë's Practice";
  c.user_id = "user-1";
  c.user_name = "Agustin Gomez";
  c.roles = {"clinician"};
  c.permissions = {hb::Permission::view, hb::Permission::draft, hb::Permission::sign};
  c.platform_support = true;
  c.patient_id = "pat-1";
  c.interaction_id = "inter-1";
  c.can_call_hint = true;

  auto reply = hb::parse_exchange_reply(hb::to_json(hb::ExchangeReply{"tok", c}));
  REQUIRE(reply.ok());
  const auto& back = reply.value().context;
  CHECK(reply.value().token == "tok");
  CHECK(back.surface == c.surface);
  CHECK(back.practice_name == "Zoë's Practice");
  CHECK(back.roles == c.roles);
  CHECK(back.permissions == c.permissions);
  CHECK(!back.access_denied);
  CHECK(back.platform_support);
  CHECK(back.patient_id == "pat-1");
  CHECK(back.interaction_id == "inter-1");
  CHECK(back.can_call_hint);
  CHECK(back.allows(hb::Permission::sign));
  CHECK(!back.allows(hb::Permission::admin));
}

TEST_CASE("a denied context allows nothing, whatever permissions it lists") {
  hb::SessionContext c;
  c.permissions = {hb::Permission::view};
  c.access_denied = true;
  CHECK(!c.allows(hb::Permission::view));
  auto json = hb::to_json(c);
  CHECK(json["access"] == "denied");
  CHECK(json["patient_id"].is_null());
}

TEST_CASE("an incomplete exchange reply is an error, not a crash") {
  CHECK(!hb::parse_exchange_reply(nlohmann::json::parse(R"({"token": "t"})")).ok());
  CHECK(!hb::parse_exchange_reply(nlohmann::json::parse(R"({"context": {}})")).ok());
  CHECK(!hb::parse_exchange_reply(nlohmann::json::parse(R"([1,2])")).ok());
  auto unknown_permission = hb::to_json(hb::SessionContext{});
  unknown_permission["permissions"] = {"view", "fly"};
  CHECK(hb::parse_session_context(unknown_permission).error().message == "Missing or invalid field: permissions.");
}
