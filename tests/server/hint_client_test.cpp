#include "server/hint/hint_client.hpp"

#include <barrier>
#include <optional>
#include <thread>

#include <catch2/catch_test_macros.hpp>

#include "tests/support/fake_transport.hpp"

using namespace hb::test;
using hb::ErrorCode;

namespace {
struct Fixture {
  RecordingTransport transport;
  FakePacing clock;
  hb::RateLimiter limiter{18, 2, clock.pacing()};
  hb::HintClient client{transport, limiter, clock.pacing(), hb::RetryPolicy{4, {500, 4000}}, [] { return 0.5; }};
};
}  // namespace

TEST_CASE("requests carry the Bearer token and go to Hint's provider paths") {
  Fixture f;
  f.transport.answer(200, R"({"id": "pat-1", "first_name": "Gordon"})");
  auto patient = f.client.get_patient("practice-token", "pat-1");
  REQUIRE(patient.ok());
  CHECK(patient.value()["first_name"] == "Gordon");
  REQUIRE(f.transport.requests.size() == 1);
  const auto& request = f.transport.requests[0];
  CHECK(request.method == "GET");
  CHECK(request.path == "/provider/patients/pat-1");
  CHECK(request.headers.find("Authorization")->second == "Bearer practice-token");
}

TEST_CASE("lists page with limit and offset, encode filters, and read X-Total-Count") {
  Fixture f;
  f.transport.answer(200, R"([{"id": "pat-1"}, {"id": "pat-2"}])", {{"X-Total-Count", "12"}, {"X-Count", "2"}});
  auto page = f.client.list_patients("t", {{"first_name", "Zoë"}}, 500, -3);
  REQUIRE(page.ok());
  CHECK(page.value().items.size() == 2);
  CHECK(page.value().total == 12);
  CHECK(f.transport.requests[0].path == "/provider/patients?limit=100&offset=0&first_name=Zo%C3%AB");
}

TEST_CASE("429 and 5xx on a GET are retried with growing, jittered back-off") {
  Fixture f;
  f.transport.answer(429, R"({"status": 429, "message": "Enhance your calm"})");
  f.transport.answer(503, R"({"status": 503, "message": "down"})");
  f.transport.fail(hb::TransportFailure::not_sent);
  f.transport.answer(200, R"({"id": "pat-1"})");
  auto patient = f.client.get_patient("t", "pat-1");
  REQUIRE(patient.ok());
  CHECK(f.transport.requests.size() == 4);
  // Full jitter at 0.5: half of 500, 1000, 2000 ms.
  CHECK(*f.clock.sleeps == std::vector<int64_t>{250, 500, 1000});
}

TEST_CASE("after the last attempt the caller gets the catalogue error, not Hint's message") {
  Fixture f;
  for (int i = 0; i < 4; ++i) f.transport.answer(429, R"({"status": 429, "message": "Enhance your calm"})");
  auto patient = f.client.get_patient("t", "pat-1");
  REQUIRE(!patient.ok());
  CHECK(patient.error().code == ErrorCode::rate_limited);
  CHECK(f.transport.requests.size() == 4);
}

TEST_CASE("Hint's 4xx answers map to the catalogue and are not retried") {
  const std::pair<int, ErrorCode> cases[] = {{404, ErrorCode::not_found},
                                             {422, ErrorCode::upstream_rejected},
                                             {401, ErrorCode::upstream_rejected},
                                             {428, ErrorCode::upstream_rejected}};
  for (auto [status, code] : cases) {
    Fixture f;
    f.transport.answer(status, R"({"status": 422, "message": "Gordon Sumner's e-mail is invalid"})");
    auto patient = f.client.get_patient("t", "pat-1");
    INFO(status);
    REQUIRE(!patient.ok());
    CHECK(patient.error().code == code);
    CHECK(std::string(patient.error().text()).find("Gordon") == std::string::npos);
    CHECK(f.transport.requests.size() == 1);
  }
}

TEST_CASE("a POST is retried when it was surely not applied, and never when it may have been") {
  {
    Fixture f;
    f.transport.fail(hb::TransportFailure::not_sent);
    f.transport.answer(429, "{}");
    f.transport.answer(200, R"({"id": "inter-1", "status": "draft"})");
    auto created = f.client.create_partner_interaction("t", "pat-1", {{"status", "draft"}});
    REQUIRE(created.ok());
    CHECK(created.value()["id"] == "inter-1");
    CHECK(f.transport.requests.size() == 3);
    CHECK(f.transport.requests[0].path == "/provider/patients/pat-1/interactions/partner");
    CHECK(nlohmann::json::parse(f.transport.requests[0].body)["status"] == "draft");
  }
  {
    Fixture f;
    f.transport.fail(hb::TransportFailure::maybe_applied);
    auto created = f.client.create_partner_interaction("t", "pat-1", {{"status", "draft"}});
    REQUIRE(!created.ok());
    CHECK(created.error().code == ErrorCode::upstream_timeout);
    CHECK(f.transport.requests.size() == 1);
  }
  {
    Fixture f;
    f.transport.answer(500, "{}");
    auto created = f.client.create_partner_interaction("t", "pat-1", {{"status", "draft"}});
    REQUIRE(!created.ok());
    CHECK(created.error().code == ErrorCode::upstream_timeout);
    CHECK(f.transport.requests.size() == 1);
  }
}

TEST_CASE("a PATCH is idempotent, so an unanswered one is retried") {
  Fixture f;
  f.transport.fail(hb::TransportFailure::maybe_applied);
  f.transport.answer(200, R"({"id": "inter-1", "status": "signed"})");
  auto updated = f.client.update_partner_interaction("t", "pat-1", "inter-1", {{"status", "signed"}});
  REQUIRE(updated.ok());
  CHECK(f.transport.requests[1].method == "PATCH");
}

// Request threads and the outbox thread share one client, so its default jitter source must be
// guarded. Each retry draws the jitter, then "sleeps" at a barrier both threads share: in every round
// the two draws have no lock between them, so ThreadSanitizer reports an unguarded generator on the
// first round, whatever the interleaving (scripts/sanitize runs this under TSan).
TEST_CASE("the default jitter is drawn safely by two threads at once", "[threads]") {
  constexpr int kAttempts = 4;
  RecordingTransport transport;  // no script: every answer is a 500, retried on a GET
  hb::RateLimiter limiter(1000, 2 * kAttempts, {[] { return int64_t{0}; }, [](int64_t) {}});
  std::barrier round(2);
  thread_local std::vector<int64_t>* my_sleeps = nullptr;
  hb::Pacing at_the_barrier{[] { return int64_t{0}; },
                            [&round](int64_t ms) {
                              my_sleeps->push_back(ms);
                              round.arrive_and_wait();
                            }};
  hb::HintClient client(transport, limiter, at_the_barrier, hb::RetryPolicy{kAttempts, 250, 4000});

  std::vector<int64_t> sleeps[2];
  std::optional<hb::Result<nlohmann::json>> results[2];
  auto fetch = [&](int thread) {
    my_sleeps = &sleeps[thread];
    results[thread] = client.get_patient("t", "pat-" + std::to_string(thread));
  };
  std::thread other(fetch, 1);
  fetch(0);
  other.join();

  for (int thread = 0; thread < 2; ++thread) {
    INFO(thread);
    REQUIRE(!results[thread]->ok());
    CHECK(results[thread]->error().code == ErrorCode::upstream_unavailable);
    REQUIRE(sleeps[thread].size() == kAttempts - 1);
    for (int retry = 1; retry < kAttempts; ++retry) {
      CHECK(sleeps[thread][retry - 1] >= 0);
      CHECK(sleeps[thread][retry - 1] <= std::min<int64_t>(4000, int64_t{250} << retry));
    }
  }
  CHECK(transport.requests.size() == 2 * kAttempts);
}

TEST_CASE("the limiter lets at most 20 requests through in any one-second window") {
  FakePacing clock;
  hb::RateLimiter limiter(18, 2, clock.pacing());
  std::vector<int64_t> sent;
  for (int i = 0; i < 100; ++i) {
    limiter.acquire();
    sent.push_back(*clock.now);
  }
  for (size_t i = 0; i < sent.size(); ++i) {
    size_t in_window = 0;
    for (size_t j = i; j < sent.size() && sent[j] < sent[i] + 1000; ++j) ++in_window;
    INFO(i);
    CHECK(in_window <= 20);
  }
  // And it is not needlessly slow: 100 requests take about 100/18 seconds.
  CHECK(sent.back() <= 5600);
}

TEST_CASE("base URLs must be https, except plain http to loopback") {
  auto https = hb::parse_base_url("https://api.hint.com", "HINT_API_URL");
  REQUIRE(https.ok());
  CHECK(https.value().host == "api.hint.com");
  CHECK(https.value().port == 443);
  CHECK(https.value().path.empty());
  auto local = hb::parse_base_url("http://127.0.0.1:8091/hearlink/api/", "HEARLINK_API_URL");
  REQUIRE(local.ok());
  CHECK(local.value().port == 8091);
  CHECK(local.value().path == "/hearlink/api");
  CHECK(hb::parse_base_url("http://[::1]:9000", "X").ok());
  for (const char* bad :
       {"http://api.hint.com", "ftp://x", "https://", "https://h:99999", "https://h:x", "api.hint.com"}) {
    INFO(bad);
    auto parsed = hb::parse_base_url(bad, "HINT_API_URL");
    REQUIRE(!parsed.ok());
    CHECK(std::string(parsed.error().text()).starts_with("HINT_API_URL"));
  }
}
