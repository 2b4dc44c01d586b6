#include "shared/backoff.hpp"

#include <catch2/catch_test_macros.hpp>

#include <limits>

using hb::Backoff;

TEST_CASE("back-off doubles from the first delay and stops at the cap") {
  const Backoff policy{30, 3600};
  CHECK(hb::backoff_delay(policy, 1) == 30);
  CHECK(hb::backoff_delay(policy, 2) == 60);
  CHECK(hb::backoff_delay(policy, 3) == 120);
  CHECK(hb::backoff_delay(policy, 7) == 1920);
  CHECK(hb::backoff_delay(policy, 8) == 3600);  // 3840 capped
  CHECK(hb::backoff_delay(policy, 9) == 3600);
}

TEST_CASE("back-off: a retry number below 1 is the first, and no retry number overflows") {
  const Backoff policy{1000, 30000};
  CHECK(hb::backoff_delay(policy, 0) == 1000);
  CHECK(hb::backoff_delay(policy, -5) == 1000);
  CHECK(hb::backoff_delay(policy, std::numeric_limits<int64_t>::max()) == 30000);
  const Backoff huge{std::numeric_limits<int64_t>::max() / 3, std::numeric_limits<int64_t>::max()};
  CHECK(hb::backoff_delay(huge, 2) == 2 * (std::numeric_limits<int64_t>::max() / 3));
  CHECK(hb::backoff_delay(huge, 3) == std::numeric_limits<int64_t>::max());
  CHECK(hb::backoff_delay(Backoff{500, 100}, 1) == 100);  // a first delay above the cap is capped too
}

TEST_CASE("full jitter spreads the delay uniformly below the exponential ceiling") {
  const Backoff policy{500, 4000};
  CHECK(hb::jittered_backoff_delay(policy, 1, 0.0) == 0);
  CHECK(hb::jittered_backoff_delay(policy, 1, 0.5) == 250);
  CHECK(hb::jittered_backoff_delay(policy, 2, 0.5) == 500);
  CHECK(hb::jittered_backoff_delay(policy, 3, 0.5) == 1000);
  CHECK(hb::jittered_backoff_delay(policy, 9, 0.5) == 2000);
  CHECK(hb::jittered_backoff_delay(policy, 1, 0.25) == 125);
  CHECK(hb::jittered_backoff_delay(policy, 1, 0.999999) == 499);
}

TEST_CASE("full jitter stays in range whatever the random source returns") {
  const Backoff policy{500, 4000};
  CHECK(hb::jittered_backoff_delay(policy, 1, 1.0) == 499);
  CHECK(hb::jittered_backoff_delay(policy, 1, 7.5) == 499);
  CHECK(hb::jittered_backoff_delay(policy, 1, -0.5) == 0);
  CHECK(hb::jittered_backoff_delay(policy, 1, std::numeric_limits<double>::quiet_NaN()) == 0);
  CHECK(hb::jittered_backoff_delay(Backoff{0, 0}, 3, 0.5) == 0);
}
