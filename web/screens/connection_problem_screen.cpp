#include <cstdio>
#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {

// No answer (or a 5xx/429) while exchanging the launch key: the app retries on its own with
// back-off (1 s, 2 s, 4 s … 30 s); Retry now skips the wait.
void draw_connection_problem_screen(AppState& state) {
  const auto& launch = state.launch;
  // The failure being retried, also while the retry is in flight: a 503 or a 429 is not "unreachable".
  const Error* error = launch.session.last_error();
  IM_ASSERT(error && "the connection-problem screen is only reached through a failure");
  const auto code = error ? error->code : ErrorCode::internal;
  const std::string sentence(error_info(code).clinician);
  widgets::begin_message_card(widgets::Tone::warning, "HearBridge cannot connect", sentence.c_str());

  char status[64];
  if (launch.session.pending()) {
    std::snprintf(status, sizeof status, "Trying again now…");
  } else if (launch.retry_at) {
    const auto seconds = (*launch.retry_at - state.now_ms + 999) / 1000;
    std::snprintf(status, sizeof status, "Trying again in %lld s", static_cast<long long>(seconds > 0 ? seconds : 0));
  } else {
    status[0] = '\0';
  }
  if (widgets::primary_button(state, "Retry now", "retry", !launch.session.pending())) {
    ++state.launch.retry_presses;
    state.commands.emplace_back(ExchangeLaunchKey{});
  }
  ImGui::SameLine(0, 16);
  // (SameLine keeps the button's text baseline: the status lines up with its label.)
  style::text(style::Type::metadata, style::kTextSecondary, status);
  widgets::end_message_card();
}

}  // namespace hb::web
