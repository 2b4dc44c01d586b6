// The one retry loop for HearBridge's calls to Hint and HearLink. Each attempt waits for the
// service's rate limiter (when it has a budget), then goes out through the Transport.
//   - Retried after full-jitter back-off (shared/backoff.hpp): requests that surely were not sent,
//     and 429 and 5xx answers.
//   - Never repeated: a POST whose fate is unknown (sent without a complete answer, or answered
//     5xx) may have been applied, so the caller gets upstream_timeout and decides (the outbox asks
//     first). A 429 was refused, not applied: it is retried whatever the method.
//   - Every other answer, 2xx or not, goes back to the client, which reads it its own way.
// Request threads and background runners share one instance: it is safe to call from several
// threads at once (the jitter source is drawn under a lock).
#pragma once
#include <functional>
#include <mutex>
#include <random>
#include <string>

#include "server/hint/rate_limiter.hpp"
#include "server/http/outbound.hpp"
#include "shared/backoff.hpp"
#include "shared/result.hpp"

namespace hb {

struct RetryPolicy {
  int max_attempts = 4;
  Backoff backoff{500, 4000};  // ms: retry n waits a uniform time below min(4000, 500·2^(n−1))
};

struct Upstream {
  std::string name;                               // "Hint": in error messages
  std::string log_name;                           // "hint": log events hint_call_failed, hint_call_unanswered
  std::function<Error(int status)> status_error;  // the catalogue error of a status still failing at the last attempt
};

class RetryingCaller {
public:
  // `random01` returns [0, 1) for jitter (injected so tests are deterministic; by default a seeded
  // engine). It is only ever called under this caller's lock. `limiter` may be null (no budget).
  RetryingCaller(Upstream upstream, Transport& transport, Pacing pacing, RetryPolicy policy = {},
                 std::function<double()> random01 = nullptr, RateLimiter* limiter = nullptr);

  // Sends `request` (with Accept and, when it has a body, Content-Type set to JSON) until it gets an
  // answer to hand back, or no attempt is left.
  Result<OutboundResponse> send(OutboundRequest request);

private:
  int64_t jitter_ms(int retry);

  Upstream upstream_;
  Transport& transport_;
  Pacing pacing_;
  RetryPolicy policy_;
  RateLimiter* limiter_;
  std::mutex random_mutex_;
  std::mt19937_64 engine_;
  std::function<double()> random01_;
};

}  // namespace hb
