#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"

namespace hb::web {

// Opened without ?session_key=…: someone typed or bookmarked the URL. Only Hint can launch.
void draw_missing_launch_screen(AppState&) {
  widgets::begin_message_card(widgets::Tone::info, "Open HearBridge from Hint",
                              "HearBridge starts from inside Hint. Open a patient or the HearBridge page in Hint "
                              "and the app opens here, signed in.");
  widgets::end_message_card();
}

}  // namespace hb::web
