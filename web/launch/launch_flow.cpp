#include "web/launch/launch_flow.hpp"

#include <algorithm>
#include <utility>

#include "shared/backoff.hpp"

namespace hb::web {

void begin_launch(AppState& state, LaunchParams params) {
  auto& launch = state.launch;
  launch.surface = std::move(params.surface);
  launch.key_in_url = !params.session_key.empty();
  launch.session_key = std::move(params.session_key);
  if (launch.key_in_url) state.commands.emplace_back(ExchangeLaunchKey{});
}

void exchange_launch_key(AppState& state, Services& services) {
  auto& launch = state.launch;
  if (launch.session_key.empty() || launch.session.pending()) return;
  launch.retry_at.reset();
  const auto ticket = launch.session.start();
  // The surface Hint opened, from the path.
  services.api.post_anonymous("/api/session/exchange", to_json(ExchangeRequest{launch.session_key, launch.surface}),
                              [&state, &services, ticket](const HttpResponse& response) {
                                auto& l = state.launch;
                                auto reply = read_reply(response);
                                if (reply) {
                                  auto exchange = parse_exchange_reply(reply.value());
                                  if (exchange) {
                                    auto value = std::move(exchange).value();
                                    if (l.session.resolve(ticket, std::move(value.context))) {
                                      // The token goes to the API client only; the key has done its job.
                                      services.api.sign_in(std::move(value.token));
                                      l.session_key.clear();
                                      l.failed_attempts = 0;
                                    }
                                    return;  // (a stale reply is dropped: a newer attempt owns the Remote)
                                  }
                                  reply = exchange.error();
                                }
                                const auto& error = reply.error();
                                if (!l.session.fail(ticket, error)) return;
                                if (is_retryable(error.code)) {
                                  ++l.failed_attempts;
                                  l.retry_at = services.now_ms() + retry_delay_ms(l.failed_attempts);
                                } else {
                                  l.session_key.clear();  // refused for good: never send it again
                                }
                              });
}

void tick_launch(AppState& state, std::int64_t now_ms) {
  auto& launch = state.launch;
  if (launch.retry_at && now_ms >= *launch.retry_at) {
    launch.retry_at.reset();
    state.commands.emplace_back(ExchangeLaunchKey{});
  }
}

std::optional<std::int64_t> next_launch_timer(const AppState& state) {
  const auto& retry_at = state.launch.retry_at;
  if (!retry_at) return std::nullopt;
  // The countdown on the connection-problem screen shows whole seconds: wake when it changes.
  const auto remaining = std::max<std::int64_t>(*retry_at - state.now_ms, 0);
  const auto step = remaining % 1000 == 0 ? 1000 : remaining % 1000;
  return state.now_ms + std::min(remaining, step);
}

std::int64_t retry_delay_ms(int failed_attempts) { return backoff_delay(Backoff{1000, 30000}, failed_attempts); }

bool is_retryable(ErrorCode code) {
  switch (code) {
    case ErrorCode::server_unreachable:
    case ErrorCode::upstream_unavailable:
    case ErrorCode::rate_limited:
    case ErrorCode::internal:
      return true;
    default:
      return false;
  }
}

Screen screen_for_error(ErrorCode code) {
  switch (code) {
    case ErrorCode::unauthorized:
    case ErrorCode::launch_key_invalid:
    case ErrorCode::launch_key_used:
    case ErrorCode::launch_key_expired:
    case ErrorCode::session_expired:
    case ErrorCode::bad_signature:
    case ErrorCode::stale_timestamp:
      return Screen::session_ended;
    case ErrorCode::access_denied:
    case ErrorCode::forbidden:
      return Screen::access_denied;
    default:
      return is_retryable(code) ? Screen::connection_problem : Screen::problem;
  }
}

}  // namespace hb::web
