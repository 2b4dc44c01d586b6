#include "web/app_state.hpp"

#include "web/clinical/clinical_flow.hpp"
#include "web/launch/launch_flow.hpp"

namespace hb::web {

const char* screen_name(Screen screen) {
  switch (screen) {
    case Screen::missing_launch:
      return "missing_launch";
    case Screen::loading:
      return "loading";
    case Screen::home:
      return "home";
    case Screen::access_denied:
      return "access_denied";
    case Screen::session_ended:
      return "session_ended";
    case Screen::connection_problem:
      return "connection_problem";
    case Screen::problem:
      return "problem";
  }
  return "problem";
}

Screen current_screen(const AppState& state) {
  // Words the ended session could not save stay on screen (read-only, copyable) under a banner.
  if (state.ended) return has_unsaved_words(state) ? Screen::home : Screen::session_ended;
  const auto& launch = state.launch;
  const auto& session = launch.session;
  if (session.ready()) return session.value().access_denied ? Screen::access_denied : Screen::home;
  // A retry in flight stays on the screen of the failure it retries instead of flashing "loading".
  if (const Error* error = session.last_error()) return screen_for_error(error->code);
  if (session.pending()) return Screen::loading;
  return launch.key_in_url ? Screen::loading : Screen::missing_launch;
}

}  // namespace hb::web
