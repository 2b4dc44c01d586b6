// Exponential back-off: the one policy behind every retry HearBridge schedules (outbound calls to
// Hint and HearLink, the outbox, webhook processing, the UI's automatic retries). Pure: the caller
// brings the retry number and, for jitter, a number drawn from its own random source.
#pragma once
#include <cstdint>

namespace hb {

struct Backoff {
  int64_t first = 0;  // the delay before the first retry (any unit: the caller's)
  int64_t cap = 0;    // no delay is longer
};

// The delay before retry `retry` (1 = the first retry): first·2^(retry−1), at most cap.
// A retry number below 1 counts as the first.
int64_t backoff_delay(const Backoff& policy, int64_t retry);

// Full jitter: uniform in [0, backoff_delay) given `random01` uniform in [0, 1), so that callers
// failing together do not retry together. `random01` outside [0, 1) is clamped into it.
int64_t jittered_backoff_delay(const Backoff& policy, int64_t retry, double random01);

}  // namespace hb
