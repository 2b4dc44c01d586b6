#include <catch2/catch_test_macros.hpp>

#include "sandbox_fixture.hpp"

using nlohmann::json;
using namespace hbs::testing;

namespace {
constexpr const char* kPartnerKey = "Bearer sandbox-hint-partner-api-key";

std::string redeem_new_code(httplib::Client& client) {
  auto minted =
      client.Post("/api/sandbox/activation_codes", json{{"practice_id", "pra-sandbox01"}}.dump(), "application/json");
  const std::string code = json::parse(minted->body)["code"];
  auto res = client.Post("/api/oauth/tokens", {{"Authorization", kPartnerKey}},
                         json{{"grant_type", "authorization_code"}, {"code", code}, {"activate", true}}.dump(),
                         "application/json");
  REQUIRE(res->status == 200);
  return json::parse(res->body)["access_token"];
}
}  // namespace

TEST_CASE("uninstalling revokes the practice's tokens, refuses launches, and queues integration.deactivated") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  const auto token = redeem_new_code(client);
  REQUIRE(client.Get("/api/provider/patients", {{"Authorization", "Bearer " + token}})->status == 200);

  REQUIRE(client.Post("/api/sandbox/practices/pra-sandbox01/uninstall", "", "application/json")->status == 200);
  CHECK(client.Get("/api/provider/patients", {{"Authorization", "Bearer " + token}})->status == 401);
  CHECK(client.Post("/api/sandbox/launch", json{{"surface", "core_page"}}.dump(), "application/json")->status == 409);
  CHECK(client.Post("/api/sandbox/practices/pra-sandbox01/uninstall", "", "application/json")->status == 409);
  const auto log = sandbox->hint_webhooks().snapshot();
  REQUIRE(log.size() == 1);
  CHECK(log[0].type == "integration.deactivated");
  CHECK(json::parse(log[0].body)["object"]["id"] == "int-sandbox01");

  // Installing again: an activation code is redeemed, and Hint says so.
  const auto fresh = redeem_new_code(client);
  CHECK(client.Get("/api/provider/patients", {{"Authorization", "Bearer " + fresh}})->status == 200);
  CHECK(sandbox->hint_webhooks().snapshot().back().type == "integration.activated");
  CHECK(json::parse(client.Get("/api/sandbox/state")->body)["practices"][0]["installed"] == true);
}

TEST_CASE("with an access-token TTL, a handshake's access_token stops working when it has passed") {
  FakeMillis clock;
  RecordingPeer peer([](const httplib::Request&) { return std::pair{200, R"({"session_key":"k"})"}; });
  auto config = test_config();
  config.hearbridge_url = peer.url();
  config.access_token_ttl_s = 600;
  ServedSandbox sandbox(config, clock.clock());
  auto client = sandbox.client();
  REQUIRE(client.Post("/api/sandbox/launch", json{{"surface", "core_page"}}.dump(), "application/json")->status == 200);
  const std::string token = json::parse(peer.wait_for(1).at(0).body)["access_token"];
  const httplib::Headers auth{{"Authorization", "Bearer " + token}};

  clock.advance(599'999);
  CHECK(client.Get("/api/provider/patients", auth)->status == 200);
  clock.advance(1);
  CHECK(client.Get("/api/provider/patients", auth)->status == 401);
}
