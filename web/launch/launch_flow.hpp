// The launch: Hint opens /hint/<surface>?session_key=<key>; the UI removes the key from the
// address (platform, before any request), exchanges it once for a working token and the session
// context, and decides which screen to show.
//
//   POST /api/session/exchange {"session_key": "…", "surface": "<from the path>"}
//     200 {"token": "…", "context": {…}}  → home, or access_denied when context.access == "denied"
//     401 launch_key_invalid | launch_key_used | launch_key_expired → session_ended
//     no answer, 5xx, 429                  → connection_problem, retried with back-off
//     anything else                        → problem (the catalogue's sentence)
#pragma once
#include <cstdint>
#include <optional>

#include "web/app_state.hpp"
#include "web/services.hpp"

namespace hb::web {

// Records what the URL said and queues the exchange (nothing is sent until commands run).
void begin_launch(AppState& state, LaunchParams params);

// Sends the exchange (the ExchangeLaunchKey command). A no-op without a key or while one is pending.
void exchange_launch_key(AppState& state, Services& services);

// Automatic retries: queues the exchange when its back-off has elapsed.
void tick_launch(AppState& state, std::int64_t now_ms);

// When the UI needs to wake up next without input (a retry, or the countdown's next second).
std::optional<std::int64_t> next_launch_timer(const AppState& state);

// Delay before automatic attempt n+1 after n consecutive failures: 1 s, 2 s, 4 s, … capped at 30 s.
std::int64_t retry_delay_ms(int failed_attempts);

// Failures worth retrying unchanged: no answer, overload, server-side trouble.
bool is_retryable(ErrorCode code);

// Which screen a failure of the exchange (or of a later call) leads to.
Screen screen_for_error(ErrorCode code);

}  // namespace hb::web
