#include "server/sessions/handshake.hpp"

#include <catch2/catch_test_macros.hpp>

#include "shared/iso8601.hpp"
#include "tests/support/hint_launch.hpp"

TEST_CASE("Hint's documented clinical handshake decodes fully") {
  auto h = hb::parse_handshake(hb::test::read_test_data("hint/handshake.clinical_interaction.json"));
  REQUIRE(h.ok());
  const auto& v = h.value();
  CHECK(v.user_id == "user-BtAH8TTXCo6P");
  CHECK(v.user_name == "Agustin Gomez");
  CHECK(v.partner_roles == std::vector<std::string>{"admin"});
  CHECK(v.practice_id == "pra-cmVPOcw7hcIs");
  CHECK(v.practice_name == "Zak's Test Practice");
  CHECK(v.integration_id == "int-MicbNQhj6hsv");
  CHECK(v.access_token == "lo40kQDzotPRcmyEo8FuWtd92jd3BZsszbt3");
  CHECK(v.patient_id == "pat-ab12C345DeF6");
  CHECK(v.interaction_id == "inter-ab12C345DeF6");
  CHECK(!v.platform_support);
  CHECK(v.timestamp == hb::parse_timestamp("2025-10-30T14:20:19.316986-03:00"));
}

TEST_CASE("the audit's minimal handshake (user and practice only) is enough") {
  auto h = hb::parse_handshake(R"({"user": {"id": "u1", "email": "a@b.c"}, "practice": {"id": "p1", "name": "P"}})");
  REQUIRE(h.ok());
  CHECK(h.value().access_token.empty());
  CHECK(!h.value().timestamp);
  CHECK(h.value().partner_roles.empty());
}

TEST_CASE("unknown fields are ignored and wrongly typed optional fields are skipped") {
  auto h = hb::parse_handshake(
      R"({"user": {"id": "u1", "first_name": "Zoë", "last_name": "Ñúñez", "partner_roles": ["clinician", 7, ""], "phones": []},
          "practice": {"id": "p1", "name": 5}, "patient": "not-an-object", "access_context": "platform_support",
          "browser_allow_list": ["camera"], "brand_new_field": {"deep": [1, 2, 3]}})");
  REQUIRE(h.ok());
  CHECK(h.value().user_name == "Zoë Ñúñez");
  CHECK(h.value().partner_roles == std::vector<std::string>{"clinician"});
  CHECK(h.value().practice_name.empty());
  CHECK(h.value().patient_id.empty());
  CHECK(h.value().platform_support);
}

TEST_CASE("user.id and practice.id are required") {
  for (const char* body :
       {R"({})", R"({"user": {"id": "u"}})", R"({"practice": {"id": "p"}})",
        R"({"user": {"id": ""}, "practice": {"id": "p"}})", R"({"user": {"id": 1}, "practice": {"id": "p"}})",
        R"({"user": "u", "practice": {"id": "p"}})"}) {
    INFO(body);
    auto h = hb::parse_handshake(body);
    REQUIRE(!h.ok());
    CHECK(h.error().code == hb::ErrorCode::missing_field);
  }
}

TEST_CASE("a timestamp that is not ISO-8601 with an offset is a bad request; malformed JSON is malformed_json") {
  auto bad_time = hb::parse_handshake(R"({"user": {"id": "u"}, "practice": {"id": "p"}, "timestamp": "yesterday"})");
  REQUIRE(!bad_time.ok());
  CHECK(bad_time.error().code == hb::ErrorCode::bad_request);
  CHECK(hb::parse_handshake("{").error().code == hb::ErrorCode::malformed_json);
}

TEST_CASE("freshness: exactly ±tolerance passes, one second more fails, no timestamp passes") {
  hb::Handshake h;
  const int64_t now = 1'800'000'000;
  CHECK(hb::check_handshake_freshness(h, now, 300).ok());
  for (auto [offset, fresh] : {std::pair{0, true}, {300, true}, {-300, true}, {301, false}, {-301, false}}) {
    h.timestamp = now + offset;
    INFO(offset);
    auto status = hb::check_handshake_freshness(h, now, 300);
    CHECK(status.ok() == fresh);
    if (!fresh) CHECK(status.error().code == hb::ErrorCode::stale_timestamp);
  }
}
