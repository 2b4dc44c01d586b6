// Hint allows 20 requests/s per partner across all keys and answers 429 (with no Retry-After)
// beyond it. This token bucket keeps every Hint call HearBridge makes below that: with rate r and
// burst b, no one-second window sees more than r + b requests (18 + 2 = 20). One instance only:
// several server instances will need a shared budget (noted for the PostgreSQL deployment).
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>

namespace hb {

struct Pacing {
  std::function<int64_t()> now_ms;           // monotonic milliseconds
  std::function<void(int64_t ms)> sleep_ms;  // tests advance a fake clock instead of sleeping
};
Pacing real_pacing();

class RateLimiter {
public:
  RateLimiter(double per_second, double burst, Pacing pacing);
  // Blocks until a request may go out.
  void acquire();

private:
  double per_ms_;
  double burst_;
  double tokens_;
  int64_t last_ms_;
  Pacing pacing_;
  std::mutex mutex_;
};

}  // namespace hb
