// Route tests for the launch: Hint's audit probes, handshakes, the single-use exchange, expiry,
// roles, and what reaches the log.
#include <catch2/catch_test_macros.hpp>
#include <mutex>

#include "server/log.hpp"
#include "shared/iso8601.hpp"
#include "shared/recovery.hpp"
#include "shared/session_context.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/shared_reply.hpp"
#include "tests/support/test_app.hpp"

using namespace hb::test;
using nlohmann::json;

namespace {

struct Launch {
  TempDir dir;
  FakeClock clock;
  TestServer server;
  httplib::Client client = server.client();

  static hb::Config config(const TempDir& d) {
    auto c = test_config(d.path());
    c.hint_webhook_secret = kHintKey;
    c.hint_webhook_secret_previous = "previous-hint-key";
    return c;
  }
  Launch() : server(config(dir), clock.clock()) {}

  std::string now_iso(int64_t offset = 0) const { return hb::format_timestamp(*clock.now + offset); }
  json exchange(const std::string& key, int expected_status) {
    auto res = client.Post("/api/session/exchange", to_json(hb::ExchangeRequest{key, ""}).dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == expected_status);
    return json::parse(res->body);
  }
};

std::string error_code(const httplib::Result& res) {
  return std::string(hb::error_info(read_reply(res, hb::parse_error_reply).error.code).code);
}

}  // namespace

TEST_CASE("Hint's audit probes: unsigned {} and a zero signature are 401, a minimal signed body is 200") {
  Launch t;
  auto unsigned_probe = t.client.Post("/hint/handshake", "{}", "application/json");
  REQUIRE(unsigned_probe);
  CHECK(unsigned_probe->status == 401);
  CHECK(error_code(unsigned_probe) == "bad_signature");

  httplib::Headers zeros{{"X-Hint-Signature", "sha256=" + std::string(64, '0')}};
  auto forged = t.client.Post("/hint/handshake", zeros, "{}", "application/json");
  REQUIRE(forged);
  CHECK(forged->status == 401);

  auto minimal =
      post_signed(t.client, "/hint/handshake",
                  R"({"user": {"id": "user-1", "email": "a@example.com"}, "practice": {"id": "pra-1", "name": "P"}})");
  REQUIRE(minimal);
  CHECK(minimal->status == 200);
  CHECK(json::parse(minimal->body)["session_key"].get<std::string>().size() >= 22);  // ≥128 bits
  CHECK(minimal->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("each surface URL answers 200 (never 404 or 5xx), as the audit requires") {
  Launch t;
  for (const char* surface : {"core_page", "clinical_interaction", "clinical_chart", "settings"}) {
    CHECK(t.client.Get(std::string("/hint/") + surface + "?session_key=anything")->status == 200);
  }
}

TEST_CASE("a handshake signed with the previous key is accepted during a rotation") {
  Launch t;
  auto res =
      post_signed(t.client, "/hint/handshake", handshake_body("pra-1", {"clinician"}).dump(), "previous-hint-key");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("a signed handshake without user.id or practice.id is 400; malformed JSON is 400") {
  Launch t;
  auto no_practice = post_signed(t.client, "/hint/handshake", R"({"user": {"id": "u"}})");
  CHECK(no_practice->status == 400);
  CHECK(error_code(no_practice) == "missing_field");
  auto malformed = post_signed(t.client, "/hint/handshake", R"({"user": )");
  CHECK(malformed->status == 400);
  CHECK(error_code(malformed) == "malformed_json");
}

TEST_CASE("handshake timestamps must be within ±300 s of the server's clock") {
  Launch t;
  for (auto [offset, status] : {std::pair{0, 200}, {300, 200}, {-300, 200}, {301, 401}, {-301, 401}}) {
    INFO(offset);
    auto res = post_signed(t.client, "/hint/handshake", handshake_body("pra-1", {"staff"}, t.now_iso(offset)).dump());
    REQUIRE(res);
    CHECK(res->status == status);
    if (status == 401) CHECK(error_code(res) == "stale_timestamp");
  }
}

TEST_CASE("without HINT_WEBHOOK_SECRET handshakes get 503 and never a session") {
  TempDir dir;
  TestServer server(test_config(dir.path()));
  auto client = server.client();
  auto res = post_signed(client, "/hint/handshake", handshake_body("pra-1", {"admin"}).dump(), "");
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(error_code(res) == "not_configured");
  CHECK(json::parse(res->body).dump().find("session_key") == std::string::npos);
}

TEST_CASE("the launch key exchanges once; a second use, an unknown key and a late one are 401") {
  Launch t;
  auto key = launch(t.client, handshake_body("pra-1", {"clinician"}));
  REQUIRE(!key.empty());
  auto reply = t.exchange(key, 200);
  CHECK(reply["context"]["practice"]["name"] == "Practice pra-1");
  CHECK(reply["context"]["user"]["roles"] == json::array({"clinician"}));
  CHECK(reply["context"]["permissions"] == json::array({"view", "draft", "sign"}));
  CHECK(reply["context"]["access"] == "granted");
  CHECK(reply["token"].get<std::string>().size() >= 22);

  CHECK(t.exchange(key, 401)["error"]["code"] == "launch_key_used");
  CHECK(t.exchange("made-up-key", 401)["error"]["code"] == "launch_key_invalid");

  auto late = launch(t.client, handshake_body("pra-1", {"clinician"}));
  t.clock.advance(121);
  CHECK(t.exchange(late, 401)["error"]["code"] == "launch_key_expired");

  auto empty = t.client.Post("/api/session/exchange", "{}", "application/json");
  CHECK(empty->status == 400);
}

TEST_CASE("the working token authenticates GET /api/session until it expires") {
  Launch t;
  auto token = launch_and_exchange(t.client, handshake_body("pra-1", {"staff"}));
  REQUIRE(!token.empty());
  auto res = t.client.Get("/api/session", bearer(token));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(read_reply(res, hb::parse_session_reply).context.permissions ==
        std::vector{hb::Permission::view, hb::Permission::draft});

  CHECK(error_code(t.client.Get("/api/session")) == "unauthorized");
  CHECK(t.client.Get("/api/session", bearer("wrong"))->status == 401);
  CHECK(t.client.Get("/api/session", httplib::Headers{{"Authorization", "Basic " + token}})->status == 401);

  t.clock.advance(1800);
  auto expired = t.client.Get("/api/session", bearer(token));
  CHECK(expired->status == 401);
  CHECK(error_code(expired) == "session_expired");
}

TEST_CASE("an empty role list exchanges into a denied context, and every other call is 403") {
  Launch t;
  auto key = launch(t.client, handshake_body("pra-1", {}));
  auto reply = t.exchange(key, 200);
  CHECK(reply["context"]["access"] == "denied");
  auto res = t.client.Get("/api/session", bearer(reply["token"]));
  CHECK(res->status == 403);
  CHECK(error_code(res) == "access_denied");
}

TEST_CASE("platform_support sessions are flagged for the UI's banner") {
  Launch t;
  auto body = handshake_body("pra-1", {"admin"});
  body["access_context"] = "platform_support";
  auto reply = t.exchange(launch(t.client, body), 200);
  CHECK(reply["context"]["access_context"] == "platform_support");
}

TEST_CASE("a roles file maps Hint partner roles to permissions") {
  TempDir dir;
  auto config = Launch::config(dir);
  write_file(dir.path() / "roles.json", R"({"audiologist": ["view", "sign"]})");
  config.roles_file = (dir.path() / "roles.json").string();
  TestServer server(config);
  auto client = server.client();
  auto key = launch(client, handshake_body("pra-1", {"audiologist"}));
  auto res =
      client.Post("/api/session/exchange", to_json(hb::ExchangeRequest{key, "core_page"}).dump(), "application/json");
  CHECK(read_reply(res, hb::parse_exchange_reply).context.permissions ==
        std::vector{hb::Permission::view, hb::Permission::sign});
}

TEST_CASE("sessions survive a server restart") {
  TempDir dir;
  FakeClock clock;
  std::string token;
  {
    TestServer first(Launch::config(dir), clock.clock());
    auto client = first.client();
    token = launch_and_exchange(client, handshake_body("pra-1", {"clinician"}));
  }
  TestServer second(Launch::config(dir), clock.clock());
  CHECK(second.client().Get("/api/session", bearer(token))->status == 200);
}

TEST_CASE("the log holds one line per request and no token, key, name or e-mail") {
  std::mutex guard;
  std::vector<std::string> lines;
  hb::log::set_sink([&](std::string_view line) {
    std::lock_guard lock(guard);
    lines.emplace_back(line);
  });
  std::vector<std::string> secrets{
      kHintKey, "hint-access-token-pra-1", "Zoë", "Ñúñez", "zoe.nunez", "+15553050051", "Maple Street", "Agustin"};
  {
    Launch t;
    auto body = handshake_body("pra-1", {"clinician"});
    body["user"]["name"] = "Zoë Ñúñez-Łukasz";
    body["user"]["email"] = "zoe.nunez@example.org";
    body["user"]["phones"] = json::array({{{"number", "+15553050051"}}});
    body["practice"]["name"] = "Maple Street Direct Care";
    body["patient"] = {{"id", "pat-secret-patient"}};
    auto key = launch(t.client, body);
    auto reply = t.exchange(key, 200);
    t.exchange(key, 401);
    std::string token = reply["token"];
    t.client.Get("/api/session", bearer(token));
    post_signed(t.client, "/hint/handshake", body.dump(), "wrong-key");
    secrets.push_back(key);
    secrets.push_back(token);
  }  // the server has stopped: httplib writes a request's line after its answer, so all are in now
  hb::log::set_sink(nullptr);

  std::string all;
  for (const auto& line : lines) all += line + "\n";
  INFO(all);
  for (const auto& secret : secrets) CHECK(all.find(secret) == std::string::npos);
  int requests = 0;
  for (const auto& line : lines) {
    auto entry = json::parse(line);
    if (entry["event"] != "request") continue;
    ++requests;
    CHECK(entry.contains("method"));
    CHECK(entry.contains("route"));
    CHECK(entry.contains("status"));
    CHECK(entry.contains("ms"));
    CHECK(!entry["request_id"].get<std::string>().empty());
  }
  CHECK(requests == 5);
}

TEST_CASE("the device recovery key is the same for every session of one user in one practice, and only theirs") {
  Launch t;
  auto key_of = [&t](const json& body) {
    auto res = t.client.Get("/api/session/recovery-key", bearer(launch_and_exchange(t.client, body)));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Cache-Control") == "no-store");
    return read_reply(res, hb::parse_recovery_key_reply).key;
  };
  const auto first = key_of(handshake_body("pra-1", {"clinician"}));
  CHECK(first.size() == 44);                                       // base64 of 32 bytes
  CHECK(key_of(handshake_body("pra-1", {"clinician"})) == first);  // a later session of the same user
  auto other_user = handshake_body("pra-1", {"clinician"});
  other_user["user"]["id"] = "user-2";
  CHECK(key_of(other_user) != first);
  auto other_practice = handshake_body("pra-2", {"clinician"});
  other_practice["user"]["id"] = "user-pra-1";  // the same user id in another practice
  CHECK(key_of(other_practice) != first);
  // Only roles that write notes get it; nobody without a session.
  auto reader =
      t.client.Get("/api/session/recovery-key", bearer(launch_and_exchange(t.client, handshake_body("pra-1", {}))));
  CHECK(reader->status == 403);
  CHECK(t.client.Get("/api/session/recovery-key")->status == 401);
}
