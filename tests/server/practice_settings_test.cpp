#include "server/practice/practice_settings.hpp"

#include <catch2/catch_test_macros.hpp>

#include "tests/support/test_app.hpp"

using namespace hb::test;

namespace {
struct Fixture {
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<hb::Database> db = std::move(hb::Database::open(dir.path() / "db.sqlite3")).value();
  hb::TokenCipher cipher{std::string(32, 'k')};
  hb::PracticeSettingsStore store{*db, cipher, clock.clock()};
};
}  // namespace

TEST_CASE("a new practice has empty settings and auto-draft off") {
  Fixture f;
  auto s = f.store.get("pra-a").value();
  CHECK(!s.hearlink_api_key_set);
  CHECK(s.default_clinic.empty());
  CHECK(!s.auto_draft_from_hearing_tests);
}

TEST_CASE("the HearLink key is stored encrypted, shown masked, and read back only by the server") {
  Fixture f;
  auto update = hb::parse_settings_update(nlohmann::json::parse(
      R"({"hearlink_api_key": "hl_live_supersecret_9f2a", "default_clinic": {"name": "Manchester"},
          "default_referral": {"id": "ref_1"}, "default_status": {"name": "Patient Created"},
          "auto_draft_from_hearing_tests": true, "hearlink_webhook_secrets": ["whsec_1", "whsec_2"]})"));
  REQUIRE(update.ok());
  auto saved = f.store.save("pra-a", "user-1", update.value());
  REQUIRE(saved.ok());
  auto json = hb::to_json(saved.value());
  CHECK(json["hearlink_api_key"]["set"] == true);
  CHECK(json["hearlink_api_key"]["last4"] == "9f2a");
  CHECK(json.dump().find("supersecret") == std::string::npos);
  CHECK(json["default_clinic"]["name"] == "Manchester");
  CHECK(json["default_referral"]["id"] == "ref_1");
  CHECK(json["hearlink_webhook_secrets"]["count"] == 2);
  CHECK(f.store.hearlink_api_key("pra-a").value() == "hl_live_supersecret_9f2a");
  using Secrets = std::vector<std::pair<std::string, std::string>>;
  CHECK(f.store.all_hearlink_webhook_secrets().value() == Secrets{{"pra-a", "whsec_1"}, {"pra-a", "whsec_2"}});
  CHECK(f.store.hearlink_api_key("pra-b").value().empty());

  // A partial save keeps what it does not name; "" removes the key.
  auto partial = hb::parse_settings_update(nlohmann::json::parse(R"({"hearlink_api_key": ""})"));
  auto after = f.store.save("pra-a", "user-1", partial.value()).value();
  CHECK(!after.hearlink_api_key_set);
  CHECK(after.default_clinic.name == "Manchester");
  CHECK(after.auto_draft_from_hearing_tests);
}

TEST_CASE("settings updates are validated field by field") {
  for (const char* body : {R"({"default_clinic": {"id": "cl_1", "name": "Manchester"}})", R"({"default_status": "x"})",
                           R"({"auto_draft_from_hearing_tests": "yes"})", R"({"hearlink_webhook_secrets": [""]})",
                           R"({"hearlink_api_key": 5})", R"([])"}) {
    INFO(body);
    auto parsed = hb::parse_settings_update(nlohmann::json::parse(body));
    REQUIRE(!parsed.ok());
    CHECK(parsed.error().code == hb::ErrorCode::bad_request);
  }
}

TEST_CASE("a settings read that fails is an internal error, not the built-in defaults") {
  Fixture f;
  hb::PracticeSettingsUpdate update;
  update.auto_draft_from_hearing_tests = true;
  update.default_clinic = hb::IdOrName{"cl_1", ""};
  REQUIRE(f.store.save("pra-a", "user-1", update).ok());
  // Interrupts every statement on the connection, as a real failure would stop the SELECT.
  sqlite3_progress_handler(
      f.db->handle(), 1, [](void*) { return 1; }, nullptr);
  auto read = f.store.get("pra-a");
  sqlite3_progress_handler(f.db->handle(), 0, nullptr, nullptr);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == hb::ErrorCode::internal);
  auto again = f.store.get("pra-a");
  REQUIRE(again.ok());
  CHECK(again.value().auto_draft_from_hearing_tests);
  CHECK(again.value().default_clinic.id == "cl_1");
}
