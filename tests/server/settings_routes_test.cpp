// GET/PUT /api/settings through the real server: admin only, partial updates validated with the
// field's message, secrets write-only and masked, the audit row without values, and HearLink webhook
// secrets saved here accepted by the HearLink intake.
#include <catch2/catch_test_macros.hpp>

#include "server/security/hearlink_signature.hpp"
#include "shared/practice_settings.hpp"
#include "tests/server/webhook_test_support.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/shared_reply.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

namespace {

struct Settings {
  TempDir dir;
  FakeClock clock;
  TestServer server{manual_config(dir.path(), kHintKey), clock.clock()};
  httplib::Client client = server.client();

  std::string token(const std::string& practice, std::vector<std::string> roles) {
    auto body = handshake_body(practice, roles);
    body.erase("access_token");
    return launch_and_exchange(client, body);
  }
  httplib::Result put(const std::string& token, const json& body) {
    return client.Put("/api/settings", bearer(token), body.dump(), "application/json");
  }
  json get(const std::string& token) {
    auto res = client.Get("/api/settings", bearer(token));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Cache-Control") == "no-store");  // like every /api reply: never kept
    read_reply(res, hb::parse_practice_settings);                 // the UI's reading of it
    return json::parse(res->body);
  }
};

}  // namespace

TEST_CASE("an admin reads the defaults, saves a partial update and reads it back, secrets masked") {
  Settings t;
  auto admin = t.token("pra-a", {"admin"});
  REQUIRE(!admin.empty());
  auto empty = t.get(admin);
  CHECK(empty["hearlink_api_key"] == json{{"set", false}, {"last4", nullptr}});
  CHECK(empty["hearlink_webhook_secrets"]["count"] == 0);
  CHECK(empty["auto_draft_from_hearing_tests"] == false);

  auto res = t.put(admin, {{"hearlink_api_key", "hl_live_secret_9f2a"},
                           {"hearlink_webhook_secrets", {"whsec_one", "whsec_two"}},
                           {"default_clinic", {{"name", "Manchester"}}},
                           {"auto_draft_from_hearing_tests", true}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  CHECK(res->body.find("hl_live_secret") == std::string::npos);
  CHECK(res->body.find("whsec_") == std::string::npos);
  auto saved = json::parse(res->body);
  CHECK(read_reply(res, hb::parse_practice_settings).default_clinic == hb::IdOrName{"", "Manchester"});
  CHECK(saved["hearlink_api_key"] == json{{"set", true}, {"last4", "9f2a"}});
  CHECK(saved["hearlink_webhook_secrets"]["count"] == 2);
  CHECK(saved["default_clinic"] == json{{"id", nullptr}, {"name", "Manchester"}});

  // Partial: only the referral changes; the rest stays.
  REQUIRE(t.put(admin, {{"default_referral", {{"id", "ref_7"}}}})->status == 200);
  auto again = t.get(admin);
  CHECK(again["default_referral"] == json{{"id", "ref_7"}, {"name", nullptr}});
  CHECK(again["default_clinic"]["name"] == "Manchester");
  CHECK(again["hearlink_api_key"]["last4"] == "9f2a");
  CHECK(again["auto_draft_from_hearing_tests"] == true);
  CHECK(t.server.app().practice_settings().hearlink_api_key("pra-a").value() == "hl_live_secret_9f2a");

  // Another practice's admin sees its own (empty) settings.
  auto other = t.token("pra-b", {"admin"});
  CHECK(t.get(other)["hearlink_api_key"]["set"] == false);

  // One audit row per save, naming the change, never a value.
  auto audit = t.client.Get("/api/admin/audit", bearer(admin));
  REQUIRE(audit);
  REQUIRE(audit->status == 200);
  CHECK(audit->body.find("settings.update") != std::string::npos);
  CHECK(audit->body.find("hl_live") == std::string::npos);
  CHECK(audit->body.find("Manchester") == std::string::npos);
  auto& db = t.server.app().database();
  auto lock = db.lock();
  CHECK(count_rows(db, "SELECT count(*) FROM audit WHERE action = 'settings.update' AND practice_id = 'pra-a'") == 2);
}

TEST_CASE("settings need the admin permission: others get 403, no token 401") {
  Settings t;
  auto clinician = t.token("pra-a", {"clinician"});
  REQUIRE(!clinician.empty());
  auto res = t.client.Get("/api/settings", bearer(clinician));
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK(read_reply(res, hb::parse_error_reply).error.code == hb::ErrorCode::forbidden);
  CHECK(t.put(clinician, {{"auto_draft_from_hearing_tests", true}})->status == 403);
  CHECK(t.client.Get("/api/settings")->status == 401);
  CHECK(t.client.Put("/api/settings", "{}", "application/json")->status == 401);
}

TEST_CASE("invalid settings get 400 with the field's message and change nothing") {
  Settings t;
  auto admin = t.token("pra-a", {"admin"});
  auto both = t.put(admin, {{"default_clinic", {{"id", "cl_1"}, {"name", "Leeds"}}}, {"hearlink_api_key", "abcd1234"}});
  REQUIRE(both);
  CHECK(both->status == 400);
  auto error = json::parse(both->body)["error"];
  CHECK(error["code"] == "bad_request");
  CHECK(error["message"] == "default_clinic: give an id or a name, not both.");
  CHECK(t.put(admin, {{"auto_draft_from_hearing_tests", "yes"}})->status == 400);
  CHECK(t.put(admin, json::array())->status == 400);
  // A misspelt field is refused, not a 200 that saved nothing.
  auto misspelt = t.put(admin, {{"hearlink_api_kye", "hl_live_secret_9f2a"}});
  CHECK(misspelt->status == 400);
  CHECK(json::parse(misspelt->body)["error"]["message"] == "Unknown field: hearlink_api_kye.");
  auto malformed = t.client.Put("/api/settings", bearer(admin), "{not json", "application/json");
  CHECK(json::parse(malformed->body)["error"]["code"] == "malformed_json");
  CHECK(t.get(admin)["hearlink_api_key"]["set"] == false);
}

TEST_CASE("a default's id or name of the wrong type is a 400 naming it, and the saved default stays") {
  Settings t;
  auto admin = t.token("pra-a", {"admin"});
  REQUIRE(t.put(admin, {{"default_clinic", {{"id", "cl_1"}}}, {"default_status", {{"name", "New"}}}})->status == 200);
  for (const auto& body : {json{{"default_clinic", {{"id", 42}}}}, json{{"default_clinic", {{"ID", "cl_2"}}}},
                           json{{"default_status", {{"name", false}}}}}) {
    INFO(body.dump());
    auto res = t.put(admin, body);
    REQUIRE(res);
    CHECK(res->status == 400);
    auto error = read_reply(res, hb::parse_error_reply).error;
    CHECK(error.text().find(body.begin().key()) != std::string_view::npos);
  }
  auto after = t.get(admin);
  CHECK(after["default_clinic"] == json{{"id", "cl_1"}, {"name", nullptr}});
  CHECK(after["default_status"] == json{{"id", nullptr}, {"name", "New"}});
}

TEST_CASE("settings that cannot be read answer 500 internal, never the built-in defaults") {
  Settings t;
  auto admin = t.token("pra-a", {"admin"});
  REQUIRE(
      t.put(admin, {{"hearlink_api_key", "hl_live_secret_9f2a"}, {"auto_draft_from_hearing_tests", true}})->status ==
      200);
  // Every read of practice_settings fails for real (SQLITE_AUTH when it is prepared); the session
  // tables the authentication reads are untouched.
  auto& db = t.server.app().database();
  auto deny_settings = [](void*, int action, const char* table, const char*, const char*, const char*) {
    return action == SQLITE_READ && table && std::string_view(table) == "practice_settings" ? SQLITE_DENY : SQLITE_OK;
  };
  db.for_each_connection([&](sqlite3* handle) { sqlite3_set_authorizer(handle, deny_settings, nullptr); });
  auto res = t.client.Get("/api/settings", bearer(admin));
  db.for_each_connection([](sqlite3* handle) { sqlite3_set_authorizer(handle, nullptr, nullptr); });
  REQUIRE(res);
  CHECK(res->status == 500);
  CHECK(read_reply(res, hb::parse_error_reply).error.code == hb::ErrorCode::internal);
  CHECK(t.get(admin)["auto_draft_from_hearing_tests"] == true);
}

TEST_CASE("a HearLink webhook secret saved in the settings is accepted by the intake, for that practice") {
  Settings t;  // no HEARLINK_WEBHOOK_SECRETS configured
  auto admin = t.token("pra-a", {"admin"});
  const auto body = hearlink_event("evt-hl-1", "patient.created", {{"uid", "hl-pat-1"}});
  auto post = [&](const std::string& secret) {
    httplib::Headers headers{{"X-HearLink-Signature", sign_hearlink(secret, t.clock.now->load(), body)},
                             {"X-HearLink-Event", "patient.created"},
                             {"X-HearLink-Delivery", "dlv-1"}};
    return t.client.Post("/webhooks/hearlink", headers, body, "application/json");
  };
  CHECK(post("whsec_from_settings")->status == 503);  // no secret anywhere yet

  REQUIRE(t.put(admin, {{"hearlink_webhook_secrets", {"whsec_from_settings"}}})->status == 200);
  auto accepted = post("whsec_from_settings");
  REQUIRE(accepted);
  CHECK(accepted->status == 200);
  CHECK(post("whsec_someone_else")->status == 401);
  {
    auto& db = t.server.app().database();
    auto lock = db.lock();
    CHECK(text_of(db, "SELECT practice_id FROM webhook_inbox WHERE event_id = 'evt-hl-1'") == "pra-a");
  }

  // Replacing the secrets drops the old one at once.
  REQUIRE(t.put(admin, {{"hearlink_webhook_secrets", {"whsec_rotated"}}})->status == 200);
  CHECK(post("whsec_from_settings")->status == 401);  // no longer accepted
  CHECK(post("whsec_rotated")->status == 200);        // duplicate event id, still 200
}
