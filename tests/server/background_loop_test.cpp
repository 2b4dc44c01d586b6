// BackgroundLoop: work runs again at once while it reports more, and settle() returns only after a
// round that began after the call found nothing left (what tests wait on instead of sleeping).
#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <chrono>

#include "server/background_loop.hpp"

using namespace std::chrono_literals;

TEST_CASE("settle waits for a round that began after the call and found nothing more to do") {
  std::atomic<int> queued{0};
  std::atomic<int> done{0};
  hb::BackgroundLoop loop([&] {
    if (queued.load() == 0) return false;
    queued.fetch_sub(1);
    done.fetch_add(1);
    return true;  // one item a round: more may be waiting
  });
  queued.store(25);
  REQUIRE(loop.settle(20s));
  CHECK(done.load() == 25);
  CHECK(queued.load() == 0);
  // Nothing queued: it still returns, after one more round.
  REQUIRE(loop.settle(20s));
  CHECK(done.load() == 25);
}

TEST_CASE("settle reports false when the work never runs out within the limit") {
  hb::BackgroundLoop loop([] { return true; });
  CHECK_FALSE(loop.settle(50ms));
}
