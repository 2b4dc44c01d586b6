#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"

namespace hb::web {

// A failure no retry will fix (a malformed request or reply): the catalogue's sentence.
void draw_problem_screen(AppState& state) {
  const auto code = state.launch.session.last_error() ? state.launch.session.last_error()->code : ErrorCode::internal;
  const std::string sentence(error_info(code).clinician);
  widgets::begin_message_card(widgets::Tone::error, "Something went wrong", sentence.c_str());
  widgets::end_message_card();
}

}  // namespace hb::web
