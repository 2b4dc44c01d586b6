#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {

// Signed in, but the user's Hint roles grant nothing here: say who they are and whom to ask.
void draw_access_denied_screen(AppState& state) {
  float top = 0.0f;
  if (state.launch.session.ready()) top = widgets::draw_header(state, state.launch.session.value()) + 96.0f;
  const std::string sentence(error_info(ErrorCode::access_denied).clinician);
  widgets::begin_message_card(widgets::Tone::error, "No access to HearBridge", sentence.c_str(), top);
  widgets::end_message_card();
}

}  // namespace hb::web
