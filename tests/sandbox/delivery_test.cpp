// The sandbox as HearBridge sees it over HTTP: signed webhooks, retries, and the launch handshake.
#include <catch2/catch_test_macros.hpp>

#include "sandbox_fixture.hpp"
#include "server/security/hint_signature.hpp"
#include "server/security/hmac.hpp"

using nlohmann::json;
using namespace hbs::testing;

namespace {
hbs::SandboxConfig config_for(const RecordingPeer& peer) {
  auto config = test_config();
  config.hearbridge_url = peer.url();
  config.hint_webhook_url = peer.url() + "/webhooks/hint";
  config.hearlink_webhook_url = peer.url() + "/webhooks/hearlink";
  config.time_scale = 3'600'000;  // an hour per millisecond
  return config;
}
}  // namespace

TEST_CASE(
    "a patient created on the host page reaches HearBridge as a signed patient.created, retried until acknowledged") {
  int answered = 0;
  RecordingPeer peer([&](const httplib::Request&) {
    return ++answered < 3 ? std::pair{503, "{}"} : std::pair{200, "{}"};
  });
  ServedSandbox sandbox(config_for(peer), hbs::system_millis());
  sandbox->start_webhook_delivery();
  auto client = sandbox.client();
  auto created = client.Post("/api/sandbox/patients", json{{"first_name", "Chloé"}, {"last_name", "Ñandú"}}.dump(),
                             "application/json");
  REQUIRE(created->status == 201);

  const auto requests = peer.wait_for(3);
  REQUIRE(requests.size() >= 3);
  for (const auto& req : requests) {
    CHECK(req.path == "/webhooks/hint");
    CHECK(hb::verify_hint_signature(req.get_header_value("X-Hint-Signature"), req.body,
                                    hb::HintKeys{"sandbox-hint-webhook-secret", ""})
              .ok);
    const auto event = json::parse(req.body);
    CHECK(event["type"] == "patient.created");
    CHECK(event["practice_id"] == "pra-sandbox01");
    CHECK(event["object"]["name"] == "Chloé Ñandú");
    CHECK(std::string(event["id"]).rfind("evt-", 0) == 0);
  }
  CHECK(requests[0].body == requests[2].body);  // the same event, byte for byte
}

TEST_CASE(
    "HearLink webhooks carry t=,v1= signatures over \"{t}.{body}\", the event header, and a fresh delivery id per "
    "attempt") {
  int answered = 0;
  RecordingPeer peer([&](const httplib::Request&) {
    return ++answered == 1 ? std::pair{500, "{}"} : std::pair{204, ""};
  });
  ServedSandbox sandbox(config_for(peer), hbs::system_millis());
  sandbox->start_webhook_delivery();
  auto client = sandbox.client();
  auto added = client.Post("/api/sandbox/hearlink/hearing_tests", json{{"patient_uid", "hlp_7Qx2Lm9"}}.dump(),
                           "application/json");
  REQUIRE(added->status == 201);

  const auto requests = peer.wait_for(2);
  REQUIRE(requests.size() >= 2);
  for (const auto& req : requests) {
    const auto header = req.get_header_value("X-HearLink-Signature");
    const auto comma = header.find(",v1=");
    REQUIRE(header.rfind("t=", 0) == 0);
    REQUIRE(comma != std::string::npos);
    const auto t = header.substr(2, comma - 2);
    const auto mac = hb::from_hex(header.substr(comma + 4));
    REQUIRE(mac);
    CHECK(hb::constant_time_equal(*mac, hb::hmac_sha256("sandbox-hearlink-webhook-secret", t + "." + req.body)));
    CHECK(req.get_header_value("X-HearLink-Event") == "hearing_test.created");
    const auto event = json::parse(req.body);
    CHECK(event["type"] == "hearing_test.created");
    CHECK(std::string(event["id"]).rfind("evt_", 0) == 0);
    CHECK(event["data"]["audiogram"]["left"].contains("1000"));
  }
  CHECK(requests[0].get_header_value("X-HearLink-Delivery") != requests[1].get_header_value("X-HearLink-Delivery"));
}

TEST_CASE("a launch posts a signed handshake to HearBridge and answers the iframe URL with the session_key") {
  RecordingPeer peer([](const httplib::Request&) { return std::pair{200, R"({"session_key":"sk_1 2"})"}; });
  ServedSandbox sandbox(config_for(peer), hbs::system_millis());
  auto client = sandbox.client();
  auto res = client.Post(
      "/api/sandbox/launch",
      json{{"surface", "clinical_interaction"}, {"patient_id", "pat-ab12C345DeF6"}, {"roles", {"clinician"}}}.dump(),
      "application/json");
  REQUIRE(res->status == 200);
  const auto answer = json::parse(res->body);
  CHECK(answer["iframe_url"] == peer.url() + "/hint/clinical_interaction?session_key=sk_1%202");
  CHECK(answer["context"]["currentPatient"]["name"] == "Gordon Thomas Sumner");

  const auto requests = peer.wait_for(1);
  REQUIRE(requests.size() == 1);
  const auto& req = requests[0];
  CHECK(req.path == "/hint/handshake");
  CHECK(hb::verify_hint_signature(req.get_header_value("X-Hint-Signature"), req.body,
                                  hb::HintKeys{"sandbox-hint-webhook-secret", ""})
            .ok);
  const auto handshake = json::parse(req.body);
  CHECK(handshake["user"]["partner_roles"] == json::array({"clinician"}));
  CHECK(handshake["practice"] == json{{"id", "pra-sandbox01"}, {"name", "Maple Street Direct Care"}});
  CHECK(handshake["integration"]["id"] == "int-sandbox01");
  CHECK(handshake["patient"]["id"] == "pat-ab12C345DeF6");
  CHECK(std::string(handshake["interaction"]["id"]).rfind("inter-", 0) == 0);
  CHECK(handshake["access_context"] == "standard");
  const std::string timestamp = handshake["timestamp"];
  CHECK(timestamp.size() == std::string("2025-10-30T14:20:19.316986-03:00").size());
  CHECK(timestamp.substr(timestamp.size() - 6) == "-03:00");

  // The access_token is a working practice token on Hint's API.
  const std::string token = handshake["access_token"];
  CHECK(token.size() >= 32);
  CHECK(client.Get("/api/provider/patients", {{"Authorization", "Bearer " + token}})->status == 200);
}

TEST_CASE("a launch with no roles sends an empty partner_roles, and core_page carries no patient") {
  RecordingPeer peer([](const httplib::Request&) { return std::pair{200, R"({"session_key":"k"})"}; });
  ServedSandbox sandbox(config_for(peer), hbs::system_millis());
  auto client = sandbox.client();
  REQUIRE(client
              .Post("/api/sandbox/launch", json{{"surface", "core_page"}, {"roles", json::array()}}.dump(),
                    "application/json")
              ->status == 200);
  const auto handshake = json::parse(peer.wait_for(1).at(0).body);
  CHECK(handshake["user"]["partner_roles"] == json::array());
  CHECK_FALSE(handshake.contains("patient"));
  CHECK_FALSE(handshake.contains("interaction"));
}

TEST_CASE("when HearBridge refuses the handshake the launch says so with 502 and its status") {
  RecordingPeer peer([](const httplib::Request&) { return std::pair{401, R"({"error":{"code":"bad_signature"}})"}; });
  ServedSandbox sandbox(config_for(peer), hbs::system_millis());
  auto res = sandbox.client().Post("/api/sandbox/launch", json{{"surface", "settings"}}.dump(), "application/json");
  REQUIRE(res->status == 502);
  CHECK(json::parse(res->body)["handshake_status"] == 401);
}

TEST_CASE("wrongly typed launch fields are refused with 422, never a server error") {
  RecordingPeer peer([](const httplib::Request&) { return std::pair{200, R"({"session_key":"k"})"}; });
  ServedSandbox sandbox(config_for(peer), hbs::system_millis());
  auto client = sandbox.client();
  auto bad_roles =
      client.Post("/api/sandbox/launch", json{{"surface", 5}, {"patient_id", nullptr}, {"roles", "admin"}}.dump(),
                  "application/json");
  CHECK(bad_roles->status == 422);
  auto clinical_without_patient = client.Post(
      "/api/sandbox/launch", json{{"surface", "clinical_chart"}, {"patient_id", nullptr}}.dump(), "application/json");
  CHECK(clinical_without_patient->status == 422);
  auto not_json = client.Post("/api/sandbox/launch", "[", "application/json");
  CHECK(not_json->status == 400);
  auto rename_to_null =
      client.Patch("/api/sandbox/patients/pat-ab12C345DeF6", json{{"first_name", nullptr}}.dump(), "application/json");
  CHECK(rename_to_null->status == 200);
  CHECK(json::parse(rename_to_null->body)["name"] ==
        "Gordon Thomas Sumner");  // first_name kept, name rebuilt from parts
}
