// The retry loop both outbound clients share (server/http/retrying_caller.hpp).
#include "server/http/retrying_caller.hpp"

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "server/hearlink/hearlink_client.hpp"
#include "server/hint/hint_client.hpp"
#include "tests/support/fake_transport.hpp"

using namespace hb;
using namespace hb::test;

namespace {

Upstream test_upstream() {
  return {"Test", "test", [](int status) {
            return Error{status == 429 ? ErrorCode::rate_limited : ErrorCode::upstream_unavailable, "Test failed."};
          }};
}

// Answers 503 to the first attempt of each path, then 200: every call needs one retry. Safe from
// several threads (unlike RecordingTransport's script, whose order would depend on scheduling).
class FlakyTransport final : public Transport {
public:
  TransportResult send(const OutboundRequest& request) override {
    std::lock_guard lock(mutex_);
    ++sent;
    const bool first = seen_.insert(request.path).second;
    if (first) return OutboundResponse{503, {}, "{}"};
    return OutboundResponse{200, {}, R"({"id": "pat-1", "success": true, "data": {"uid": "hlp_1"}})"};
  }
  int sent = 0;

private:
  std::mutex mutex_;
  std::set<std::string> seen_;
};

// Pacing for several threads: the clock is atomic, the sleeps are recorded under a lock.
struct ThreadSafePacing {
  std::shared_ptr<std::atomic<int64_t>> now = std::make_shared<std::atomic<int64_t>>(0);
  std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
  std::shared_ptr<std::vector<int64_t>> sleeps = std::make_shared<std::vector<int64_t>>();
  Pacing pacing() const {
    return {[now = now] { return now->load(); },
            [now = now, mutex = mutex, sleeps = sleeps](int64_t ms) {
              std::lock_guard lock(*mutex);
              sleeps->push_back(ms);
              *now += ms;
            }};
  }
};

constexpr int kCallsPerThread = 200;

// Runs `call(thread, i)` from two threads at once, kCallsPerThread times each.
void from_two_threads(const std::function<bool(int, int)>& call) {
  std::atomic<int> failures{0};
  std::atomic<bool> go{false};
  auto work = [&](int thread) {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < kCallsPerThread; ++i) {
      if (!call(thread, i)) ++failures;
    }
  };
  std::thread a(work, 0), b(work, 1);
  go = true;
  a.join();
  b.join();
  CHECK(failures.load() == 0);
}

}  // namespace

TEST_CASE("the retry loop serves two threads at once with its own jitter source") {
  // The default source (no injected random01): the one request threads and runners share.
  FlakyTransport transport;
  ThreadSafePacing pacing;
  RetryingCaller caller{test_upstream(), transport, pacing.pacing()};
  from_two_threads([&](int thread, int i) {
    auto sent = caller.send({"GET", "/t" + std::to_string(thread) + "/" + std::to_string(i), {}, ""});
    return sent.ok() && sent.value().status == 200;
  });
  CHECK(transport.sent == 4 * kCallsPerThread);
  REQUIRE(pacing.sleeps->size() == 2 * kCallsPerThread);
  bool in_range = true, varied = false;
  for (auto ms : *pacing.sleeps) {
    in_range = in_range && ms >= 0 && ms < 500;  // the first retry: full jitter below 500 ms
    varied = varied || ms != pacing.sleeps->front();
  }
  CHECK(in_range);
  CHECK(varied);
}

TEST_CASE("HintClient, with its rate limiter, and HearLinkClient each serve two threads at once") {
  // HintClient's jitter engine used to be shared by request threads and the outbox runner unguarded.
  {
    FlakyTransport transport;
    ThreadSafePacing pacing;
    RateLimiter limiter{18, 2, pacing.pacing()};
    HintClient hint{transport, limiter, pacing.pacing()};
    from_two_threads([&](int thread, int i) {
      return hint.get_patient("t", "pat-" + std::to_string(thread) + "-" + std::to_string(i)).ok();
    });
    CHECK(transport.sent == 4 * kCallsPerThread);
  }
  {
    FlakyTransport transport;
    ThreadSafePacing pacing;
    HearLinkClient hearlink{transport, pacing.pacing()};
    from_two_threads([&](int thread, int i) {
      return hearlink.get_patient("k", "hlp-" + std::to_string(thread) + "-" + std::to_string(i)).ok();
    });
    CHECK(transport.sent == 4 * kCallsPerThread);
  }
}

TEST_CASE("the retry loop: 429 is retried even for a POST; a POST that may have been applied never is") {
  FakePacing pacing;
  {
    RecordingTransport transport;
    RetryingCaller caller{test_upstream(), transport, pacing.pacing(), RetryPolicy{3, {500, 4000}}, [] { return 0.5; }};
    transport.answer(429, "{}");
    transport.answer(201, R"({"id": "x"})");
    auto sent = caller.send({"POST", "/things", {}, R"({"a": 1})"});
    REQUIRE(sent.ok());
    CHECK(sent.value().status == 201);
    CHECK(transport.requests.size() == 2);
  }
  for (bool timed_out : {true, false}) {
    RecordingTransport transport;
    RetryingCaller caller{test_upstream(), transport, pacing.pacing(), RetryPolicy{3, {500, 4000}}, [] { return 0.5; }};
    if (timed_out)
      transport.fail(TransportFailure::maybe_applied);
    else
      transport.answer(502, "");
    auto sent = caller.send({"POST", "/things", {}, R"({"a": 1})"});
    INFO(timed_out);
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().code == ErrorCode::upstream_timeout);
    CHECK(transport.requests.size() == 1);
  }
}

TEST_CASE("the retry loop hands back other answers as they are, and the status error once attempts run out") {
  FakePacing pacing;
  RecordingTransport transport;
  RetryingCaller caller{test_upstream(), transport, pacing.pacing(), RetryPolicy{3, {500, 4000}}, [] { return 0.5; }};
  transport.answer(404, R"({"not": "found"})");
  auto answered = caller.send({"GET", "/x", {}, ""});
  REQUIRE(answered.ok());
  CHECK(answered.value().status == 404);
  CHECK(answered.value().body == R"({"not": "found"})");
  CHECK(transport.requests.size() == 1);

  for (int i = 0; i < 3; ++i) transport.answer(429, "");
  auto limited = caller.send({"GET", "/x", {}, ""});
  REQUIRE_FALSE(limited.ok());
  CHECK(limited.error().code == ErrorCode::rate_limited);
  CHECK(transport.requests.size() == 4);
  CHECK(*pacing.sleeps == std::vector<int64_t>{250, 500});
}

TEST_CASE("every attempt, retries included, waits for the rate limiter") {
  FakePacing pacing;
  RecordingTransport transport;
  RateLimiter limiter{1, 1, pacing.pacing()};  // one request per second, no burst beyond one
  RetryingCaller caller{test_upstream(),    transport, pacing.pacing(), RetryPolicy{3, {500, 4000}},
                        [] { return 0.0; }, &limiter};
  transport.answer(503, "");
  transport.answer(503, "");
  transport.answer(200, "{}");
  REQUIRE(caller.send({"GET", "/x", {}, ""}).ok());
  // No back-off sleep (jitter 0): the two waits are the limiter's, a second each.
  CHECK(*pacing.sleeps == std::vector<int64_t>{0, 1000, 0, 1000});
}

// HearLinkClient set Content-Type itself and HintClient left it to the transport, which then sent
// HearLink's twice (httplib adds its own beside the caller's). Now the loop sets it and the
// transport adds none of its own when one is there.
TEST_CASE("a JSON body goes out with Accept and exactly one Content-Type, for both clients") {
  FakePacing pacing;
  RecordingTransport transport;
  RetryingCaller caller{test_upstream(), transport, pacing.pacing()};
  transport.answer(200, "{}");
  transport.answer(200, "{}");
  REQUIRE(caller.send({"POST", "/x", {{"x-api-key", "k"}}, R"({"a": 1})"}).ok());
  REQUIRE(caller.send({"GET", "/x", {}, ""}).ok());
  CHECK(transport.requests[0].headers.count("Content-Type") == 1);
  CHECK(transport.requests[0].headers.find("Content-Type")->second == "application/json");
  CHECK(transport.requests[0].headers.find("Accept")->second == "application/json");
  CHECK(transport.requests[1].headers.count("Content-Type") == 0);

  httplib::Server server;
  std::atomic<size_t> content_types{0};
  std::string received_type;
  server.Post("/api/x", [&](const httplib::Request& req, httplib::Response& res) {
    content_types = req.headers.count("Content-Type");
    received_type = req.get_header_value("Content-Type");
    res.set_content("{}", "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread listening([&] { server.listen_after_bind(); });
  server.wait_until_ready();
  auto real = make_http_transport(BaseUrl{false, "127.0.0.1", port, "/api"});
  RetryingCaller over_http{test_upstream(), *real, pacing.pacing()};
  auto sent = over_http.send({"POST", "/x", {}, R"({"a": 1})"});
  server.stop();
  listening.join();
  REQUIRE(sent.ok());
  CHECK(sent.value().status == 200);
  CHECK(content_types.load() == 1);
  CHECK(received_type == "application/json");
}
