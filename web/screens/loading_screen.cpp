#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"

namespace hb::web {

// The exchange is on its way (usually a few milliseconds). No animation: an idle app draws nothing.
void draw_loading_screen(AppState&) {
  widgets::begin_message_card(widgets::Tone::info, "Opening HearBridge…", "Checking your Hint sign-in.");
  widgets::end_message_card();
}

}  // namespace hb::web
