// Building blocks the screens share: Hint-styled button, message card, header bar. They draw
// from AppState and record widget rectangles (HitTarget) for the browser tests.
#pragma once
#include <imgui.h>

#include "shared/session_context.hpp"
#include "web/app_state.hpp"

namespace hb::web::widgets {

// Records the last item's rectangle as a hit target named `name`.
void record_target(AppState& state, const char* name);

// A primary (filled, Hint blue) button; true when clicked (mouse, Enter or Space when focused).
bool primary_button(AppState& state, const char* label, const char* target_name, bool enabled = true);

enum class Tone { info, warning, error };

// A centred card with a tone badge, a title and a sentence. Content drawn between begin and end
// (a button, a countdown) goes under the sentence.
void begin_message_card(Tone tone, const char* title, const char* sentence, float top = 0.0f);
void end_message_card();

// The signed-in header: practice, user and role(s); then the platform-support banner when the
// user is Hint staff. Returns the y where the page content starts.
float draw_header(AppState& state, const SessionContext& context);

}  // namespace hb::web::widgets
