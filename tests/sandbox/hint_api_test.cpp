#include <catch2/catch_test_macros.hpp>

#include "sandbox_fixture.hpp"

using hbs::testing::ServedSandbox;
using nlohmann::json;

namespace {
constexpr const char* kPartnerKey = "Bearer sandbox-hint-partner-api-key";

std::string mint_code(httplib::Client& client, const std::string& practice_id = "pra-sandbox01") {
  auto res =
      client.Post("/api/sandbox/activation_codes", json{{"practice_id", practice_id}}.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 201);
  return json::parse(res->body)["code"];
}

// A practice token through the legacy activation exchange.
std::string practice_token(httplib::Client& client, const std::string& practice_id = "pra-sandbox01") {
  const auto code = mint_code(client, practice_id);
  auto res = client.Post("/api/oauth/tokens", {{"Authorization", kPartnerKey}},
                         json{{"grant_type", "authorization_code"}, {"code", code}, {"activate", true}}.dump(),
                         "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body)["access_token"];
}

httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
}  // namespace

TEST_CASE("the patient list pages with limit and offset and reports X-Total-Count and X-Count") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  const auto token = practice_token(client);

  auto first = client.Get("/api/provider/patients", bearer(token));
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(first->get_header_value("X-Total-Count") == "12");
  CHECK(first->get_header_value("X-Count") == "10");  // default limit
  const auto page = json::parse(first->body);
  REQUIRE(page.is_array());
  CHECK(page.size() == 10);

  auto second = client.Get("/api/provider/patients?limit=5&offset=10", bearer(token));
  REQUIRE(second);
  CHECK(second->get_header_value("X-Count") == "2");
  CHECK(json::parse(second->body).size() == 2);

  auto huge = client.Get("/api/provider/patients?limit=1000", bearer(token));
  CHECK(huge->get_header_value("X-Count") == "12");  // capped at 100, and only 12 exist

  auto bad = client.Get("/api/provider/patients?limit=ten", bearer(token));
  CHECK(bad->status == 400);
  CHECK(json::parse(bad->body)["status"] == 400);
}

TEST_CASE("exact filters match whole values, including non-ASCII names") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  const auto token = practice_token(client);
  auto res = client.Get("/api/provider/patients?first_name=Zo%C3%AB", bearer(token));
  REQUIRE(res);
  const auto list = json::parse(res->body);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["name"] == "Zoë Ñúñez-Łukasz");
  CHECK(json::parse(client.Get("/api/provider/patients?first_name=Zo", bearer(token))->body).empty());

  auto example = client.Get("/api/provider/patients/pat-ab12C345DeF6", bearer(token));
  REQUIRE(example->status == 200);
  CHECK(json::parse(example->body)["email"] == "bass_man@bumblebeeinc.com");
}

TEST_CASE("practice routes need a practice token: none is 401, the partner key is 428") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  auto none = client.Get("/api/provider/patients");
  CHECK(none->status == 401);
  CHECK(json::parse(none->body)["message"].is_string());
  auto partner = client.Get("/api/provider/patients", {{"Authorization", kPartnerKey}});
  CHECK(partner->status == 428);
  CHECK(json::parse(partner->body)["status"] == 428);
}

TEST_CASE("a practice token only sees its own practice's patients") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  const auto birch = practice_token(client, "pra-sandbox02");
  auto list = client.Get("/api/provider/patients", bearer(birch));
  CHECK(list->get_header_value("X-Total-Count") == "2");
  CHECK(client.Get("/api/provider/patients/pat-ab12C345DeF6", bearer(birch))->status == 404);
}

TEST_CASE("activation codes are single-use and exchange for a practice token by either endpoint") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  const auto code = mint_code(client);
  auto connect = client.Post("/api/partner/installations/connect", {{"Authorization", kPartnerKey}},
                             json{{"code", code}}.dump(), "application/json");
  REQUIRE(connect->status == 200);
  const auto body = json::parse(connect->body);
  CHECK(body["practice"]["id"] == "pra-sandbox01");
  CHECK(body["practice"]["name"] == "Maple Street Direct Care");
  const std::string token = body["api_keys"][0]["token"];
  CHECK(client.Get("/api/provider/patients", bearer(token))->status == 200);

  auto again = client.Post("/api/oauth/tokens", {{"Authorization", kPartnerKey}},
                           json{{"grant_type", "authorization_code"}, {"code", code}}.dump(), "application/json");
  CHECK(again->status == 422);

  // The exchange itself needs the partner key, not a practice token.
  auto wrong_key = client.Post("/api/partner/installations/connect", bearer(token),
                               json{{"code", mint_code(client)}}.dump(), "application/json");
  CHECK(wrong_key->status == 401);
}

TEST_CASE("a partner interaction is created as a draft, updated, signed, and then refuses edits with 422") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  const auto token = practice_token(client);
  const std::string base = "/api/provider/patients/pat-ab12C345DeF6/interactions/partner";

  auto created = client.Post(base, bearer(token),
                             json{{"type", "partner"}, {"status", "draft"}, {"title", "Hearing assessment"}}.dump(),
                             "application/json");
  REQUIRE(created->status == 201);
  const auto interaction = json::parse(created->body);
  const std::string id = interaction["id"];
  CHECK(id.rfind("inter-", 0) == 0);
  CHECK(interaction["status"] == "draft");
  CHECK(interaction["patient_id"] == "pat-ab12C345DeF6");
  for (const char* field : {"type", "body", "integration_record_id", "integration_sync_status",
                            "integration_error_message", "integration_web_link", "integration_last_synced_at"}) {
    CHECK(interaction.contains(field));
  }

  auto edited = client.Patch(base + "/" + id, bearer(token),
                             json{{"integration_record_id", "note-1"}, {"integration_web_link", "http://hb/x"}}.dump(),
                             "application/json");
  REQUIRE(edited->status == 200);
  CHECK(json::parse(edited->body)["integration_record_id"] == "note-1");

  auto signed_ = client.Patch(base + "/" + id, bearer(token), json{{"status", "signed"}}.dump(), "application/json");
  REQUIRE(signed_->status == 200);
  CHECK(json::parse(signed_->body)["status"] == "signed");

  auto refused = client.Patch(base + "/" + id, bearer(token), json{{"title", "Changed"}}.dump(), "application/json");
  CHECK(refused->status == 422);
  CHECK(json::parse(refused->body)["status"] == 422);
  auto back_to_draft =
      client.Patch(base + "/" + id, bearer(token), json{{"status", "draft"}}.dump(), "application/json");
  CHECK(back_to_draft->status == 422);

  auto read = client.Get(base + "/" + id, bearer(token));
  CHECK(json::parse(read->body)["title"] == "Hearing assessment");

  // Sandbox-only view of what HearBridge created.
  auto all = json::parse(client.Get("/api/sandbox/interactions")->body);
  REQUIRE(all.size() == 1);
  CHECK(all[0]["practice_id"] == "pra-sandbox01");
}

TEST_CASE("interactions are created only as drafts, for patients of the token's practice") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  const auto token = practice_token(client);
  CHECK(client
            .Post("/api/provider/patients/pat-ab12C345DeF6/interactions/partner", bearer(token),
                  json{{"status", "signed"}}.dump(), "application/json")
            ->status == 422);
  CHECK(client.Post("/api/provider/patients/pat-nope/interactions/partner", bearer(token), "{}", "application/json")
            ->status == 404);
  CHECK(client
            .Post("/api/provider/patients/pat-ab12C345DeF6/interactions/partner", bearer(token), "[1,",
                  "application/json")
            ->status == 400);
}

TEST_CASE("unknown routes answer 404 in each platform's own error shape") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  auto hint = client.Get("/api/provider/nothing/here/at/all");
  REQUIRE(hint->status == 404);
  CHECK(json::parse(hint->body) == json{{"status", 404}, {"message", "Not found"}});
  auto hearlink = client.Get("/hearlink/api/nothing");
  REQUIRE(hearlink->status == 404);
  CHECK(json::parse(hearlink->body)["error"]["code"] == "NOT_FOUND");
  CHECK(json::parse(hearlink->body)["success"] == false);
}
