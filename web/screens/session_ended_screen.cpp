#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"

namespace hb::web {

// A 401 on the launch key (invalid, used, expired) or on a later call (token expired): only a new
// launch from Hint helps, and the catalogue's sentence says so.
void draw_session_ended_screen(AppState& state) {
  const auto code = state.ended                         ? state.ended->code
                    : state.launch.session.last_error() ? state.launch.session.last_error()->code
                                                        : ErrorCode::unauthorized;
  const std::string sentence(error_info(code).clinician);
  widgets::begin_message_card(widgets::Tone::warning, "Open HearBridge again from Hint", sentence.c_str());
  widgets::end_message_card();
}

}  // namespace hb::web
