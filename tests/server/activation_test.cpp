// Activation ("Instant On") through the real server, against a recording fake of Hint's partner API
// on another port (HINT_API_URL points at it, as in production).
#include <catch2/catch_test_macros.hpp>

#include <fstream>
#include <iterator>
#include <mutex>
#include <set>

#include "server/clinical/hint_sync.hpp"
#include "server/security/hint_signature.hpp"
#include "tests/server/webhook_test_support.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

namespace {

constexpr const char* kPartnerKey = "partner-key-for-tests";
constexpr const char* kPracticeToken = "practice-token-5f1c0e7d9a";  // must never appear in clear on disk

// Plays Hint: each code works once; every request is recorded.
class FakeHint {
public:
  FakeHint() {
    auto activate = [this](const httplib::Request& req, httplib::Response& res, bool oauth) {
      std::lock_guard lock(mutex_);
      requests.push_back({req.path, req.get_header_value("Authorization"), json::parse(req.body, nullptr, false)});
      const auto code = requests.back().body.value("code", "");
      if (code.rfind("good-", 0) != 0 || !used_.insert(code).second) {
        // Hint's error bodies may quote the code: HearBridge must not pass this text on.
        res.status = 400;
        res.set_content(json{{"status", 400}, {"message", "Invalid code " + code}}.dump(), "application/json");
        return;
      }
      json practice{{"id", "pra-act"}, {"name", "Maple <Street> & Co"}};
      json body = oauth ? json{{"id", "int-77"},         {"access_token", kPracticeToken},
                               {"token_type", "bearer"}, {"expires_in", nullptr},
                               {"status", "active"},     {"practice", practice}}
                        : json{{"id", "inst-77"},
                               {"status", "active"},
                               {"practice", practice},
                               {"api_keys", json::array({{{"token", kPracticeToken}}})}};
      res.set_content(body.dump(), "application/json");
    };
    server_.Post("/api/oauth/tokens", [activate](const auto& req, auto& res) { activate(req, res, true); });
    server_.Post("/api/partner/installations/connect",
                 [activate](const auto& req, auto& res) { activate(req, res, false); });
    server_.Post(R"(/api/provider/patients/([^/]+)/interactions/partner)", [this](const httplib::Request& req,
                                                                                  httplib::Response& res) {
      std::lock_guard lock(mutex_);
      requests.push_back({req.path, req.get_header_value("Authorization"), json::parse(req.body, nullptr, false)});
      res.status = 201;
      res.set_content(R"({"id": "inter-1", "status": "draft"})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    server_.wait_until_ready();
  }
  ~FakeHint() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  struct Request {
    std::string path;
    std::string authorization;
    json body;
  };
  std::vector<Request> snapshot() {
    std::lock_guard lock(mutex_);
    return requests;
  }
  std::vector<Request> requests;

private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::set<std::string> used_;
};

struct Activation {
  FakeHint hint;
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<TestServer> server;

  explicit Activation(const std::string& endpoint = "oauth", const std::string& partner_key = kPartnerKey) {
    auto config = test_config(dir.path());
    config.hint_webhook_secret = kHintKey;
    config.hint_api_url = hint.url();
    config.hint_api_key = partner_key;
    config.hint_activation_endpoint = endpoint;
    config.outbox_worker = false;  // the test runs the outbox itself
    server = std::make_unique<TestServer>(config, clock.clock());
  }
  httplib::Client client() const { return server->client(); }
  Database& db() { return server->app().database(); }
  int64_t count(const std::string& sql) {
    auto lock = db().lock();
    return count_rows(db(), sql);
  }
  std::string text(const std::string& sql) {
    auto lock = db().lock();
    return text_of(db(), sql);
  }
  std::string stored_token() {
    auto lock = db().lock();
    auto query = db().prepare("SELECT token_enc FROM practice_tokens WHERE practice_id = 'pra-act'");
    if (!query.step()) return {};
    auto token = server->app().cipher().decrypt(query.text(0), practice_token_aad("pra-act"));
    return token ? *token : "<does not decrypt>";
  }
  // Every byte SQLite has written so far (main file and WAL).
  std::string database_bytes() {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(dir.path() / "data" / (std::string("hearbridge.sqlite3") + suffix), std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  }
};

void check_error(const httplib::Result& res, int status, const std::string& code, const std::string& must_not_contain) {
  REQUIRE(res);
  CHECK(res->status == status);
  auto body = json::parse(res->body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["error"]["code"] == code);
  CHECK(res->body.find(must_not_contain) == std::string::npos);
}

}  // namespace

TEST_CASE("POST /hint/connect/{code} exchanges the code at /oauth/tokens and stores the practice token encrypted") {
  Activation t;
  auto client = t.client();
  auto res = client.Post("/hint/connect/good-1", "", "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto body = json::parse(res->body);
  CHECK(body == json{{"status", "active"}, {"practice", {{"id", "pra-act"}, {"name", "Maple <Street> & Co"}}}});
  CHECK(res->body.find(kPracticeToken) == std::string::npos);

  auto sent = t.hint.snapshot();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].path == "/api/oauth/tokens");
  CHECK(sent[0].authorization == std::string("Bearer ") + kPartnerKey);
  CHECK(sent[0].body == json{{"grant_type", "authorization_code"}, {"code", "good-1"}, {"activate", true}});

  CHECK(t.stored_token() == kPracticeToken);
  CHECK(t.text("SELECT source || ' ' || integration_id FROM practice_tokens WHERE practice_id = 'pra-act'") ==
        "oauth int-77");
  CHECK(t.text("SELECT status || ' ' || name || ' ' || integration_id || ' ' || activated_at || ' ' || "
               "ifnull(deactivated_at, '-') FROM practices WHERE practice_id = 'pra-act'") ==
        "active Maple <Street> & Co int-77 1800000000 -");
  CHECK(t.text("SELECT user_id || ' ' || action || ' ' || object_type || ' ' || object_id FROM audit "
               "WHERE practice_id = 'pra-act'") == "hint practice.activate practice pra-act");
  CHECK(t.database_bytes().find(kPracticeToken) == std::string::npos);
}

TEST_CASE("a replayed or unknown code is refused with a fixed text and changes nothing") {
  Activation t;
  auto client = t.client();
  check_error(client.Post("/hint/connect/bad-code-xyz", "", "application/json"), 400, "activation_code_rejected",
              "bad-code-xyz");
  CHECK(t.count("SELECT count(*) FROM practice_tokens") == 0);
  CHECK(t.count("SELECT count(*) FROM practices") == 0);
  CHECK(t.count("SELECT count(*) FROM audit") == 0);

  REQUIRE(client.Post("/hint/connect/good-2", "", "application/json")->status == 200);
  t.clock.advance(60);
  check_error(client.Post("/hint/connect/good-2", "", "application/json"), 400, "activation_code_rejected", "good-2");
  // The first activation stands, untouched by the replay.
  CHECK(t.count("SELECT activated_at FROM practices WHERE practice_id = 'pra-act'") == 1'800'000'000);
  CHECK(t.count("SELECT count(*) FROM audit") == 1);
  CHECK(t.stored_token() == kPracticeToken);
}

TEST_CASE("GET /hint/activate?code= uses the installations endpoint when configured and ends on a confirmation page") {
  Activation t("installations");
  auto client = t.client();
  auto res = client.Get("/hint/activate?code=good-3");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
  CHECK(res->body.find("HearBridge is installed") != std::string::npos);
  CHECK(res->body.find("Maple &lt;Street&gt; &amp; Co") != std::string::npos);  // escaped, never raw markup
  CHECK(res->body.find(kPracticeToken) == std::string::npos);
  CHECK(res->body.find("good-3") == std::string::npos);
  auto sent = t.hint.snapshot();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].path == "/api/partner/installations/connect");
  CHECK(sent[0].body == json{{"code", "good-3"}});
  CHECK(t.stored_token() == kPracticeToken);
  CHECK(t.text("SELECT source || ' ' || integration_id FROM practice_tokens") == "installations inst-77");

  auto replay = client.Get("/hint/activate?code=good-3");
  REQUIRE(replay);
  CHECK(replay->status == 400);
  CHECK(replay->body.find("could not be installed") != std::string::npos);
  CHECK(replay->body.find(std::string(error_info(ErrorCode::activation_code_rejected).clinician.substr(0, 30))) !=
        std::string::npos);
  CHECK(replay->body.find("good-3") == std::string::npos);

  auto missing = client.Get("/hint/activate");
  REQUIRE(missing);
  CHECK(missing->status == 400);
  CHECK(t.hint.snapshot().size() == 2);  // the missing code never reached Hint
}

TEST_CASE("without a partner API key activation answers 503 not_configured and calls nobody") {
  Activation t("oauth", "");
  auto client = t.client();
  check_error(client.Post("/hint/connect/good-4", "", "application/json"), 503, "not_configured", "good-4");
  auto page = client.Get("/hint/activate?code=good-4");
  REQUIRE(page);
  CHECK(page->status == 503);
  CHECK(t.hint.snapshot().empty());
  CHECK(t.count("SELECT count(*) FROM practices") == 0);
}

TEST_CASE("deactivation marks the practice inactive and the outbox then finds no practice token") {
  Activation t;
  auto client = t.client();
  REQUIRE(client.Post("/hint/connect/good-5", "", "application/json")->status == 200);
  auto& app = t.server->app();

  // A note written in a session without a Hint token: the outbox uses the practice's token.
  auto note_without_session = [&](const std::string& title) {
    Handshake h;
    h.user_id = "user-1";
    h.user_name = "Dr. Ana";
    h.practice_id = "pra-act";
    h.practice_name = "Maple";
    h.partner_roles = {"clinician"};
    auto token = app.sessions().exchange(app.sessions().create(h).value(), "").value().token;
    auto who = app.sessions().authenticate(token).value();
    REQUIRE(app.notes().create(who, "pat-1", title, "text", "").ok());
    auto lock = t.db().lock();
    REQUIRE(t.db().exec("DELETE FROM session_tokens").ok());
    REQUIRE(t.db().exec("DELETE FROM sessions").ok());
  };
  note_without_session("First");
  app.hint_sync().run_due();
  auto sent = t.hint.snapshot();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].path == "/api/provider/patients/pat-1/interactions/partner");
  CHECK(sent[1].authorization == std::string("Bearer ") + kPracticeToken);

  t.clock.advance(100);
  std::string event = R"({"id":"evt-uninstall","type":"integration.deactivated","practice_id":"pra-act","object":{}})";
  auto res =
      client.Post("/webhooks/hint", {{"X-Hint-Signature", sign_hint(kHintKey, event)}}, event, "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  REQUIRE(t.server->app().webhooks().settle());
  CHECK(t.text("SELECT status FROM practices WHERE practice_id = 'pra-act'") == "inactive");
  CHECK(t.count("SELECT deactivated_at FROM practices WHERE practice_id = 'pra-act'") == 1'800'000'100);
  CHECK(t.count("SELECT count(*) FROM practice_tokens") == 0);

  note_without_session("Second");
  app.hint_sync().run_due();
  CHECK(t.hint.snapshot().size() == 2);  // nothing sent: no token left for the practice

  // Installing again makes it active once more.
  REQUIRE(client.Post("/hint/connect/good-6", "", "application/json")->status == 200);
  CHECK(t.text("SELECT status || ' ' || ifnull(deactivated_at, '-') FROM practices WHERE practice_id = 'pra-act'") ==
        "active -");
}
