#include <catch2/catch_test_macros.hpp>

#include "sandbox/rate_limiter.hpp"
#include "sandbox_fixture.hpp"

using hbs::RateLimiter;

TEST_CASE("twenty requests in a second pass and the twenty-first is refused") {
  RateLimiter limiter(20);
  for (int i = 0; i < 20; ++i) CHECK(limiter.allow("ptn-1", 1000 + i));
  CHECK_FALSE(limiter.allow("ptn-1", 1500));
}

TEST_CASE("the window slides: a request is allowed again once the oldest one is a second old") {
  RateLimiter limiter(20);
  for (int i = 0; i < 20; ++i) REQUIRE(limiter.allow("ptn-1", 1000 + i * 10));  // 1000 .. 1190
  CHECK_FALSE(limiter.allow("ptn-1", 1999));
  CHECK(limiter.allow("ptn-1", 2000));  // the request at 1000 left the window
  CHECK_FALSE(limiter.allow("ptn-1", 2005));
  CHECK(limiter.allow("ptn-1", 2010));
}

TEST_CASE("refused requests do not count, so a client that backs off recovers after one window") {
  RateLimiter limiter(20);
  for (int i = 0; i < 20; ++i) REQUIRE(limiter.allow("ptn-1", 0));
  for (int i = 0; i < 100; ++i) CHECK_FALSE(limiter.allow("ptn-1", 500));
  CHECK(limiter.allow("ptn-1", 1000));
}

TEST_CASE("partners have separate budgets") {
  RateLimiter limiter(20);
  for (int i = 0; i < 20; ++i) REQUIRE(limiter.allow("ptn-1", 0));
  CHECK(limiter.allow("ptn-2", 0));
}

TEST_CASE("the Hint API answers 429 Enhance your calm with no Retry-After, across all keys, until time moves on") {
  hbs::testing::FakeMillis clock;
  hbs::testing::ServedSandbox sandbox(hbs::testing::test_config(), clock.clock());
  auto client = sandbox.client();
  // Alternate a bogus key and the partner key: the budget is per partner, whatever the key.
  for (int i = 0; i < 20; ++i) {
    auto res = client.Get("/api/provider/patients",
                          {{"Authorization", i % 2 ? "Bearer nope" : "Bearer sandbox-hint-partner-api-key"}});
    REQUIRE(res);
    CHECK(res->status != 429);
  }
  auto limited = client.Get("/api/provider/patients", {{"Authorization", "Bearer sandbox-hint-partner-api-key"}});
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(nlohmann::json::parse(limited->body) == nlohmann::json{{"status", 429}, {"message", "Enhance your calm"}});
  CHECK_FALSE(limited->has_header("Retry-After"));

  clock.advance(1000);
  auto after = client.Get("/api/provider/patients", {{"Authorization", "Bearer sandbox-hint-partner-api-key"}});
  REQUIRE(after);
  CHECK(after->status == 428);  // past the limiter; the partner key is refused on a practice route
}

TEST_CASE("sandbox-only endpoints are not rate limited") {
  hbs::testing::ServedSandbox sandbox;
  auto client = sandbox.client();
  for (int i = 0; i < 30; ++i) {
    auto res = client.Get("/api/sandbox/state");
    REQUIRE(res);
    CHECK(res->status == 200);
  }
}
