#include "server/hint/rate_limiter.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace hb {

Pacing real_pacing() {
  return {[] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
          },
          [](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }};
}

RateLimiter::RateLimiter(double per_second, double burst, Pacing pacing)
    : per_ms_(per_second / 1000.0),
      burst_(burst),
      tokens_(burst),
      last_ms_(pacing.now_ms()),
      pacing_(std::move(pacing)) {}

void RateLimiter::acquire() {
  // Callers queue on the mutex, so waiting requests leave in order and never all at once.
  std::lock_guard lock(mutex_);
  for (;;) {
    const auto now = pacing_.now_ms();
    tokens_ = std::min(burst_, tokens_ + static_cast<double>(now - last_ms_) * per_ms_);
    last_ms_ = now;
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return;
    }
    pacing_.sleep_ms(static_cast<int64_t>(std::ceil((1.0 - tokens_) / per_ms_)));
  }
}

}  // namespace hb
