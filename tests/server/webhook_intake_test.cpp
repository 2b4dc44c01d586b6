// POST /webhooks/hint and /webhooks/hearlink against a real in-process server: every answer.
#include <catch2/catch_test_macros.hpp>

#include "server/security/hearlink_signature.hpp"
#include "shared/admin_views.hpp"
#include "shared/iso8601.hpp"
#include "tests/server/webhook_test_support.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/shared_reply.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;

namespace {

// Personal data in test bodies: must never come back in an answer.
constexpr const char* kPhiMarker = "Sumner-PHI-marker";

struct WebhookServer {
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<TestServer> server;

  explicit WebhookServer(const std::function<void(Config&)>& adjust = {}) {
    auto config = test_config(dir.path());
    config.hint_webhook_secret = kWebhookHintKey;
    config.hint_webhook_secret_previous = "previous-hint-key";
    config.hearlink_webhook_secrets = std::string(kHearLinkPractice) + ":" + kHearLinkSecret + ",pra-other:whsec_other";
    if (adjust) adjust(config);
    server = std::make_unique<TestServer>(config, clock.clock());
  }
  int64_t now() const { return clock.now->load(); }
  httplib::Client client() const { return server->client(); }
  // Every event acknowledged so far has been worked through by the workers.
  bool settle() { return server->app().webhooks().settle(); }

  httplib::Result post_hint(const std::string& body, const std::string& key = kWebhookHintKey,
                            const std::string& content_type = "application/json") {
    httplib::Headers headers{{"X-Hint-Signature", sign_hint(key, body)}};
    return client().Post("/webhooks/hint", headers, body, content_type);
  }
  httplib::Result post_hearlink(const std::string& body, int64_t t, const std::string& secret = kHearLinkSecret,
                                std::string event = "", const std::string& delivery = "dlv-1") {
    if (event.empty()) event = nlohmann::json::parse(body).value("type", "");
    httplib::Headers headers{{"X-HearLink-Signature", sign_hearlink(secret, t, body)},
                             {"X-HearLink-Event", event},
                             {"X-HearLink-Delivery", delivery}};
    return client().Post("/webhooks/hearlink", headers, body, "application/json");
  }
  // A connection of the test's own (WAL: reads alongside the server's writer).
  std::unique_ptr<Database> open_db() const {
    return Database::open(dir.path() / "data" / "hearbridge.sqlite3").value();
  }
  std::string metrics() { return client().Get("/metrics")->body; }
};

std::string patient_body(const std::string& id) {
  return hint_event(id, "patient.created", "pra-1", "pat-" + id, "2026-02-19T10:00:00Z", "2026-02-19T10:00:00Z",
                    kPhiMarker);
}

// Every error answer: the status, the catalogue's body shape and code, and no payload data.
void check_error(const httplib::Result& res, int status, const std::string& code) {
  REQUIRE(res);
  CHECK(res->status == status);
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body.size() == 1);
  CHECK(body["error"].size() == 2);
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["message"].is_string());
  CHECK(res->body.find(kPhiMarker) == std::string::npos);
  CHECK(res->body.find("pat-") == std::string::npos);
}

}  // namespace

TEST_CASE("a signed Hint webhook is committed to the inbox, raw bytes and all, before its 200") {
  WebhookServer hs;
  auto body = patient_body("evt-1");
  auto res = hs.post_hint(body);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(nlohmann::json::parse(res->body) == nlohmann::json{{"received", true}, {"duplicate", false}});
  // The answer came after the commit: a fresh connection sees the row at once.
  auto db = hs.open_db();
  auto row = db->prepare("SELECT source, event_id, type, practice_id, received_at, body FROM webhook_inbox");
  REQUIRE(row.step());
  CHECK(row.text(0) == "hint");
  CHECK(row.text(1) == "evt-1");
  CHECK(row.text(2) == "patient.created");
  CHECK(row.text(3) == "pra-1");
  CHECK(row.integer(4) == hs.now());
  CHECK(row.text(5) == body);
}

TEST_CASE("a duplicate Hint delivery gets 200 and is not stored or processed again") {
  WebhookServer hs;
  auto body = patient_body("evt-dup");
  CHECK(hs.post_hint(body)->status == 200);
  auto again = hs.post_hint(body);
  CHECK(again->status == 200);
  CHECK(nlohmann::json::parse(again->body)["duplicate"] == true);
  auto db = hs.open_db();
  CHECK(count_rows(*db, "SELECT COUNT(*) FROM webhook_inbox") == 1);
  REQUIRE(hs.settle());
  CHECK(hs.metrics().find("hearbridge_webhook_inbox_pending 0\n") != std::string::npos);
  CHECK(hs.post_hint(body)->status == 200);  // after processing as well
  auto metrics = hs.metrics();
  CHECK(metrics.find("hearbridge_webhooks_received_total{source=\"hint\"} 3\n") != std::string::npos);
  CHECK(metrics.find("hearbridge_webhooks_duplicates_total{source=\"hint\"} 2\n") != std::string::npos);
  CHECK(metrics.find("hearbridge_webhooks_processed_total{source=\"hint\",outcome=\"processed\"} 1\n") !=
        std::string::npos);
}

TEST_CASE("Hint signatures: tampered, wrong-key and malformed deliveries get 401; the previous key works") {
  WebhookServer hs;
  auto body = patient_body("evt-sig");
  auto post = [&](const httplib::Headers& headers, const std::string& sent_body) {
    return hs.client().Post("/webhooks/hint", headers, sent_body, "application/json");
  };
  const auto good = sign_hint(kWebhookHintKey, body);
  check_error(post({}, body), 401, "bad_signature");
  check_error(post({{"X-Hint-Signature", ""}}, body), 401, "bad_signature");
  check_error(post({{"X-Hint-Signature", good}}, body + " "), 401, "bad_signature");
  check_error(post({{"X-Hint-Signature", sign_hint("wrong-key", body)}}, body), 401, "bad_signature");
  check_error(post({{"X-Hint-Signature", "sha1=" + good.substr(7)}}, body), 401, "bad_signature");
  check_error(post({{"X-Hint-Signature", good.substr(7)}}, body), 401, "bad_signature");
  check_error(post({{"X-Hint-Signature", good.substr(0, good.size() - 2)}}, body), 401, "bad_signature");
  check_error(post({{"X-Hint-Signature", sign_hint(kWebhookHintKey, "{}")}}, body), 401, "bad_signature");
  CHECK(count_rows(*hs.open_db(), "SELECT COUNT(*) FROM webhook_inbox") == 0);

  CHECK(hs.post_hint(body, "previous-hint-key")->status == 200);
  std::string upper = good;
  for (size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  CHECK(post({{"X-Hint-Signature", upper}}, patient_body("evt-upper"))->status == 401);  // other body
  CHECK(post({{"X-Hint-Signature", upper}}, body)->status == 200);                       // duplicate, still 200
  auto metrics = hs.metrics();
  CHECK(metrics.find("hearbridge_webhooks_rejected_total{source=\"hint\",reason=\"signature_mismatch\"} 4\n") !=
        std::string::npos);
  CHECK(metrics.find("hearbridge_webhooks_rejected_total{source=\"hint\",reason=\"signature_missing\"} 2\n") !=
        std::string::npos);
}

TEST_CASE("webhook bodies must be application/json; parameters such as charset are allowed") {
  WebhookServer hs;
  check_error(hs.post_hint(patient_body("e1"), kWebhookHintKey, "text/plain"), 415, "unsupported_media_type");
  check_error(hs.post_hint(patient_body("e2"), kWebhookHintKey, "application/jsonx"), 415, "unsupported_media_type");
  check_error(hs.post_hint(patient_body("e3"), kWebhookHintKey, "application/x-www-form-urlencoded"), 415,
              "unsupported_media_type");
  CHECK(hs.post_hint(patient_body("e4"), kWebhookHintKey, "application/json; charset=utf-8")->status == 200);
  CHECK(hs.post_hint(patient_body("e5"), kWebhookHintKey, "Application/JSON")->status == 200);

  auto body = hearlink_event("evt-ct", "test", {{"message", "m"}, {"triggeredBy", "u"}});
  httplib::Headers headers{{"X-HearLink-Signature", sign_hearlink(kHearLinkSecret, hs.now(), body)},
                           {"X-HearLink-Event", "test"}};
  check_error(hs.client().Post("/webhooks/hearlink", headers, body, "text/json"), 415, "unsupported_media_type");
}

TEST_CASE("bodies that are not an event get 400 with the reason; no payload data is echoed") {
  WebhookServer hs;
  check_error(hs.post_hint(std::string("{\"id\": \"") + kPhiMarker), 400, "malformed_json");
  check_error(hs.post_hint("[1, 2, 3]"), 400, "malformed_json");
  check_error(hs.post_hint(""), 400, "malformed_json");
  check_error(hs.post_hint(R"({"type":"patient.created","note":"Sumner-PHI-marker"})"), 400, "missing_field");
  check_error(hs.post_hint(R"({"id":"evt-x","note":"Sumner-PHI-marker"})"), 400, "missing_field");
  check_error(hs.post_hint(R"({"id":42,"type":"patient.created"})"), 400, "missing_field");
  check_error(hs.post_hint(R"({"id":"evt-y","type":""})"), 400, "missing_field");
  std::string deep =
      R"({"id":"evt-deep","type":"patient.created","object":)" + std::string(64, '[') + std::string(64, ']') + "}";
  check_error(hs.post_hint(deep), 400, "json_too_deep");
  std::string exactly64 =
      R"({"id":"evt-64","type":"patient.created","object":)" + std::string(63, '[') + std::string(63, ']') + "}";
  CHECK(hs.post_hint(exactly64)->status == 200);

  auto hl = hearlink_event("", "patient.created", {{"uid", "hlp_1"}});
  check_error(hs.post_hearlink(hl, hs.now()), 400, "missing_field");
  CHECK(count_rows(*hs.open_db(), "SELECT COUNT(*) FROM webhook_inbox") == 1);
}

TEST_CASE("a webhook body over 1 MiB gets 413") {
  WebhookServer hs;
  std::string big =
      R"({"id":"evt-big","type":"patient.created","object":{"pad":")" + std::string(kMaxBodyBytes, 'x') + "\"}}";
  check_error(hs.post_hint(big), 413, "payload_too_large");
  check_error(hs.post_hearlink(big, hs.now()), 413, "payload_too_large");
}

TEST_CASE("without a Hint secret Hint webhooks get 503; without HearLink secrets HearLink ones do") {
  WebhookServer hs([](Config& config) {
    config.hint_webhook_secret.clear();
    config.hint_webhook_secret_previous.clear();
    config.hearlink_webhook_secrets.clear();
  });
  check_error(hs.post_hint(patient_body("evt-1"), ""), 503, "not_configured");
  check_error(hs.post_hint(patient_body("evt-1"), "anything"), 503, "not_configured");
  auto body = hearlink_event("evt-hl", "test", {{"message", "m"}, {"triggeredBy", "u"}});
  check_error(hs.post_hearlink(body, hs.now(), ""), 503, "not_configured");
  CHECK(hs.metrics().find("hearbridge_webhooks_rejected_total{source=\"hearlink\",reason=\"not_configured\"} 1\n") !=
        std::string::npos);
}

TEST_CASE("a signed HearLink webhook is stored for the practice whose secret verified, with its delivery id") {
  WebhookServer hs;
  auto body = read_test_data("hearlink/webhook.patient.created.json");
  auto res = hs.post_hearlink(body, hs.now(), kHearLinkSecret, "", "dlv-42");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(hs.post_hearlink(body, hs.now(), "whsec_other", "", "dlv-43")->status == 200);  // same id: duplicate
  auto db = hs.open_db();
  auto row = db->prepare("SELECT source, event_id, type, practice_id, delivery_id, body FROM webhook_inbox");
  REQUIRE(row.step());
  CHECK(row.text(0) == "hearlink");
  CHECK(row.text(1) == "evt_d290f1ee-6c54-4b01-90e6-d701748f0851");
  CHECK(row.text(2) == "patient.created");
  CHECK(row.text(3) == kHearLinkPractice);
  CHECK(row.text(4) == "dlv-42");
  CHECK(row.text(5) == body);
  CHECK(!row.step());
  REQUIRE(hs.settle());
  CHECK(count_rows(*db, "SELECT COUNT(*) FROM hearlink_records WHERE practice_id = 'pra-hl' AND uid = 'hlp_7Qx2Lm9'") ==
        1);
}

TEST_CASE("HearLink timestamps: ±300 s are accepted, ±301 s get 401 stale_timestamp") {
  WebhookServer hs;
  int n = 0;
  auto event = [&] {
    return hearlink_event("evt-t" + std::to_string(++n), "test", {{"message", "m"}, {"triggeredBy", "u"}});
  };
  CHECK(hs.post_hearlink(event(), hs.now() - 300)->status == 200);
  CHECK(hs.post_hearlink(event(), hs.now() + 300)->status == 200);
  check_error(hs.post_hearlink(event(), hs.now() - 301), 401, "stale_timestamp");
  check_error(hs.post_hearlink(event(), hs.now() + 301), 401, "stale_timestamp");
  hs.clock.advance(1000);
  check_error(hs.post_hearlink(event(), hs.now() - 1000), 401, "stale_timestamp");
  CHECK(hs.post_hearlink(event(), hs.now())->status == 200);
  CHECK(hs.metrics().find("hearbridge_webhooks_rejected_total{source=\"hearlink\",reason=\"stale_timestamp\"} 3\n") !=
        std::string::npos);
}

TEST_CASE("the HearLink tolerance comes from configuration") {
  WebhookServer hs([](Config& config) { config.hearlink_signature_tolerance_s = 10; });
  auto body = hearlink_event("evt-tol", "test", {{"message", "m"}, {"triggeredBy", "u"}});
  check_error(hs.post_hearlink(body, hs.now() - 11), 401, "stale_timestamp");
  CHECK(hs.post_hearlink(body, hs.now() - 10)->status == 200);
}

TEST_CASE(
    "HearLink signatures: bad, missing or foreign-secret signatures get 401; several v1 entries may carry one good "
    "one") {
  WebhookServer hs;
  auto body = hearlink_event("evt-s", "patient.updated", {{"uid", "hlp_1"}, {"fullName", kPhiMarker}});
  check_error(hs.post_hearlink(body, hs.now(), "whsec_unknown"), 401, "bad_signature");
  check_error(
      hs.client().Post("/webhooks/hearlink", {{"X-HearLink-Event", "patient.updated"}}, body, "application/json"), 401,
      "bad_signature");
  auto good = sign_hearlink(kHearLinkSecret, hs.now(), body);
  auto tampered_body = body;
  tampered_body.replace(tampered_body.find("hlp_1"), 5, "hlp_2");
  check_error(
      hs.client().Post("/webhooks/hearlink", {{"X-HearLink-Signature", good}, {"X-HearLink-Event", "patient.updated"}},
                       tampered_body, "application/json"),
      401, "bad_signature");
  auto foreign = sign_hearlink("whsec_unknown", hs.now(), body);
  auto multi = foreign + "," + good.substr(good.find("v1="));
  auto res =
      hs.client().Post("/webhooks/hearlink", {{"X-HearLink-Signature", multi}, {"X-HearLink-Event", "patient.updated"}},
                       body, "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("X-HearLink-Event must agree with the body's type") {
  WebhookServer hs;
  auto body = hearlink_event("evt-e", "patient.updated", {{"uid", "hlp_1"}});
  check_error(hs.post_hearlink(body, hs.now(), kHearLinkSecret, "patient.deleted"), 400, "bad_request");
  httplib::Headers no_event{{"X-HearLink-Signature", sign_hearlink(kHearLinkSecret, hs.now(), body)}};
  check_error(hs.client().Post("/webhooks/hearlink", no_event, body, "application/json"), 400, "bad_request");
  CHECK(count_rows(*hs.open_db(), "SELECT COUNT(*) FROM webhook_inbox") == 0);
  CHECK(hs.metrics().find("reason=\"event_mismatch\"} 2\n") != std::string::npos);
}

TEST_CASE("concurrent deliveries are all acknowledged and all stored, sharing commits") {
  WebhookServer hs;
  // Senders keep their connections open, as Hint and HearLink do. (New connections in bursts are
  // limited by cpp-httplib's listen backlog of 5, not by intake: see the webhooks README section.)
  constexpr int kThreads = 8, kPerThread = 40;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = hs.client();
      client.set_keep_alive(true);
      for (int i = 0; i < kPerThread; ++i) {
        auto body = patient_body("evt-c" + std::to_string(t) + "-" + std::to_string(i));
        auto res = client.Post("/webhooks/hint", {{"X-Hint-Signature", sign_hint(kWebhookHintKey, body)}}, body,
                               "application/json");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(ok == kThreads * kPerThread);
  auto db = hs.open_db();
  CHECK(count_rows(*db, "SELECT COUNT(*) FROM webhook_inbox") == kThreads * kPerThread);
  REQUIRE(hs.settle());
  CHECK(count_rows(*db, "SELECT COUNT(*) FROM hint_patients") == kThreads * kPerThread);
  auto metrics = hs.metrics();
  CHECK(metrics.find("hearbridge_webhook_inbox_committed_events 320\n") != std::string::npos);
}

TEST_CASE("GET /metrics is Prometheus text with the request latency histogram and inbox gauges") {
  WebhookServer hs;
  hs.client().Get("/healthz");
  auto res = hs.client().Get("/metrics");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").starts_with("text/plain; version=0.0.4"));
  for (const char* family :
       {"# TYPE hearbridge_http_request_duration_seconds histogram",
        "hearbridge_http_request_duration_seconds_bucket{le=\"+Inf\"} ",
        "# TYPE hearbridge_webhooks_received_total counter", "# TYPE hearbridge_webhooks_rejected_total counter",
        "# TYPE hearbridge_webhooks_duplicates_total counter", "# TYPE hearbridge_webhooks_processed_total counter",
        "# TYPE hearbridge_webhooks_processing_failures_total counter", "hearbridge_webhook_inbox_pending 0\n",
        "hearbridge_webhook_inbox_lag_seconds 0\n"}) {
    INFO(family);
    CHECK(res->body.find(family) != std::string::npos);
  }
}

TEST_CASE("with --webhook-workers 0 events are acknowledged and wait in the inbox, with their lag visible") {
  WebhookServer hs([](Config& config) { config.webhook_workers = 0; });
  CHECK(hs.post_hint(patient_body("evt-w"))->status == 200);
  hs.clock.advance(42);
  auto metrics = hs.metrics();
  CHECK(metrics.find("hearbridge_webhook_inbox_pending 1\n") != std::string::npos);
  CHECK(metrics.find("hearbridge_webhook_inbox_lag_seconds 42\n") != std::string::npos);
  CHECK(text_of(*hs.open_db(), "SELECT status FROM webhook_inbox") == "pending");
}

TEST_CASE("an admin lists the practice's recent deliveries, ids and types only; others are refused") {
  WebhookServer hs([](Config& config) { config.hint_webhook_secret = kHintKey; });
  auto client = hs.client();
  auto admin = launch_and_exchange(client, handshake_body("pra-1", {"admin"}));
  auto staff = launch_and_exchange(client, handshake_body("pra-1", {"staff"}));
  REQUIRE(!admin.empty());
  REQUIRE(!staff.empty());
  auto post = [&](const std::string& body) {
    return client.Post("/webhooks/hint", {{"X-Hint-Signature", sign_hint(kHintKey, body)}}, body, "application/json");
  };
  CHECK(post(patient_body("evt-a1"))->status == 200);
  CHECK(post(hint_event("evt-other", "patient.created", "pra-2", "pat-9", "2026-02-19T10:00:00Z"))->status == 200);
  CHECK(post(patient_body("evt-a2"))->status == 200);

  check_error(client.Get("/api/admin/webhooks"), 401, "unauthorized");
  check_error(client.Get("/api/admin/webhooks", bearer(staff)), 403, "forbidden");
  auto res = client.Get("/api/admin/webhooks", bearer(admin));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.find(kPhiMarker) == std::string::npos);
  auto list = hb::test::read_reply(res, hb::parse_webhook_deliveries).deliveries;
  REQUIRE(list.size() == 2);  // pra-2's delivery is not this admin's
  CHECK(list[0].event_id == "evt-a2");
  CHECK(list[1].event_id == "evt-a1");
  CHECK(list[0].type == "patient.created");
  CHECK(list[0].source == "hint");
  CHECK(list[0].received_at == hb::format_timestamp(hs.now()));  // ISO, as every other admin time
  CHECK(!nlohmann::json::parse(res->body)["deliveries"][0].contains("body"));
  check_error(client.Get("/api/admin/webhooks?limit=0", bearer(admin)), 400, "bad_request");
  auto one = client.Get("/api/admin/webhooks?limit=1", bearer(admin));
  const auto first_page = hb::test::read_reply(one, hb::parse_webhook_deliveries).deliveries;
  REQUIRE(first_page.size() == 1);
  // The next page starts before the last seq of this one.
  auto next = client.Get("/api/admin/webhooks?limit=1&before=" + std::to_string(first_page[0].seq), bearer(admin));
  const auto second_page = hb::test::read_reply(next, hb::parse_webhook_deliveries).deliveries;
  REQUIRE(second_page.size() == 1);
  CHECK(second_page[0].event_id == "evt-a1");
}

TEST_CASE("integration.deactivated ends the practice's sessions") {
  WebhookServer hs([](Config& config) { config.hint_webhook_secret = kHintKey; });
  auto client = hs.client();
  auto token = launch_and_exchange(client, handshake_body("pra-1", {"admin"}));
  auto other = launch_and_exchange(client, handshake_body("pra-2", {"admin"}));
  REQUIRE(!token.empty());
  CHECK(client.Get("/api/session", bearer(token))->status == 200);
  std::string body = R"({"id":"evt-deact","type":"integration.deactivated","practice_id":"pra-1","object":{}})";
  CHECK(client.Post("/webhooks/hint", {{"X-Hint-Signature", sign_hint(kHintKey, body)}}, body, "application/json")
            ->status == 200);
  REQUIRE(hs.settle());
  CHECK(client.Get("/api/session", bearer(token))->status == 401);
  CHECK(client.Get("/api/session", bearer(other))->status == 200);
}
