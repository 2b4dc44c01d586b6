#include "server/http/retrying_caller.hpp"

#include "server/log.hpp"

namespace hb {
namespace {

bool retryable_status(int status) { return status == 429 || status >= 500; }

}  // namespace

RetryingCaller::RetryingCaller(Upstream upstream, Transport& transport, Pacing pacing, RetryPolicy policy,
                               std::function<double()> random01, RateLimiter* limiter)
    : upstream_(std::move(upstream)),
      transport_(transport),
      pacing_(std::move(pacing)),
      policy_(policy),
      limiter_(limiter),
      engine_(std::random_device{}()),
      random01_(std::move(random01)) {}

int64_t RetryingCaller::jitter_ms(int retry) {
  double fraction = 0;
  {
    std::lock_guard lock(random_mutex_);
    fraction = random01_ ? random01_() : std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
  }
  return jittered_backoff_delay(policy_.backoff, retry, fraction);
}

Result<OutboundResponse> RetryingCaller::send(OutboundRequest request) {
  request.headers.emplace("Accept", "application/json");
  if (!request.body.empty()) request.headers.emplace("Content-Type", "application/json");
  const bool idempotent = request.method != "POST";
  const auto& name = upstream_.name;
  Error last{ErrorCode::upstream_unavailable, name + " is unavailable."};
  for (int attempt = 0; attempt < policy_.max_attempts; ++attempt) {
    if (attempt > 0) pacing_.sleep_ms(jitter_ms(attempt));
    if (limiter_) limiter_->acquire();
    auto result = transport_.send(request);
    if (auto* failure = std::get_if<TransportFailure>(&result)) {
      if (*failure == TransportFailure::maybe_applied && !idempotent) {
        log::warn(upstream_.log_name + "_call_unanswered", {{"method", request.method}, {"attempt", attempt + 1}});
        return Error{ErrorCode::upstream_timeout, name + " did not answer in time."};
      }
      last = Error{ErrorCode::upstream_unavailable, name + " cannot be reached."};
      continue;
    }
    auto& response = std::get<OutboundResponse>(result);
    if (response.status < 200 || response.status >= 300) {
      log::warn(upstream_.log_name + "_call_failed",
                {{"method", request.method}, {"status", response.status}, {"attempt", attempt + 1}});
    }
    if (!retryable_status(response.status)) return std::move(response);
    last = upstream_.status_error(response.status);
    // A 5xx to a POST may have been applied: report it rather than risk a duplicate.
    if (response.status >= 500 && !idempotent) {
      return Error{ErrorCode::upstream_timeout, name + " failed while handling the request."};
    }
  }
  return last;
}

}  // namespace hb
