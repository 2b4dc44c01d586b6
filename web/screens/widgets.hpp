// Building blocks the screens share: Hint-styled button, message card, header bar. They draw
// from AppState and record widget rectangles (HitTarget) for the browser tests.
#pragma once
#include <imgui.h>

#include <cstddef>
#include <string>
#include <vector>

#include "shared/session_context.hpp"
#include "web/app_state.hpp"
#include "web/style.hpp"
#include "web/text_caret.hpp"

namespace hb::web::widgets {

// Records the last item's rectangle as a hit target named `name`.
void record_target(AppState& state, const char* name);

// A primary (filled, Hint blue) button; true when clicked (mouse, Enter or Space when focused).
bool primary_button(AppState& state, const char* label, const char* target_name, bool enabled = true);

// A secondary (outlined) button; true when clicked.
bool secondary_button(AppState& state, const char* label, const char* target_name, bool enabled = true);

// A text field on a std::string (grows as needed). `height` > 0 makes it multiline. True when the
// text changed this frame. The field's rectangle is recorded as `target_name`.
bool input_text(AppState& state, const char* id, std::string& text, const char* target_name, float width,
                float height = 0.0f, bool read_only = false);

// The bordered panels the pages are made of (worklist cards, hearing record, note): a child window
// at `min` of `size`, padded by kPanelPadding. Close it with ImGui::EndChild().
constexpr ImVec2 kPanelPadding{20.0f, 16.0f};
void begin_panel(const char* id, ImVec2 min, ImVec2 size);

// ImGuiInputTextFlags_CallbackResize for a std::string passed as the callback's user data.
int resize_string(ImGuiInputTextCallbackData* data);

// Escape in an active field `id` leaves it keeping what was typed. Call before the field is drawn:
// ImGui's default reverts the field to its text at activation, silently discarding a clinician's
// words (which autosave would then store).
void leave_on_escape(ImGuiID id);

// A multiline field that word-wraps at its width (web/clinical/soft_wrap.hpp); `text` never holds
// the display-only line breaks. Its own undo/redo (Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z) works on the
// stored text. True when the text changed this frame. Recorded as `target_name`. With `caret`, it
// keeps the caret's last position there and takes its request (focus, caret, one undo step).
bool wrapped_text_field(AppState& state, const char* id, std::string& text, const char* target_name, float width,
                        float height, bool read_only = false, TextCaret* caret = nullptr);

// While the text field `id` is active: its selected text into state.selection (for the browser's
// copy and cut events; memory only, never published, which carries only its length). `shown` is the text the field holds, `soft_breaks` the display-only
// line breaks in it (left out of the selection).
void note_selection(AppState& state, ImGuiID id, const std::string& shown,
                    const std::vector<std::size_t>& soft_breaks = {});

// A small status pill ("Draft", "Signed").
void pill(const char* text, ImU32 foreground, ImU32 background);

// What a panel shows while its data is not there: "Loading…", or the failure in the clinician's
// words with "Retrying in N s" and Retry now when it is retried on its own.
void load_status(AppState& state, RemoteStatus status, const Error* error, const char* loading_text, float wrap_width);

// A clickable full-width table row (call after BeginTable and the headers); the row's rectangle is
// published as `target`. The cursor is left in column 0. With `allow_overlap`, a button drawn later
// in the row takes its own clicks.
bool table_row(AppState& state, const char* id, const std::string& target, bool allow_overlap = false,
               float height = 32.0f);

// Text in a table cell, its middle level with the row's body text (smaller metadata text would
// otherwise sit at the top of the row).
void cell_text(style::Type type, ImU32 colour, const char* text);

// A small text-only action inside a table row ("No note needed"): Hint blue, no frame.
bool link_button(AppState& state, const char* label, const char* target_name);

// A modal confirmation (rounded, Cancel focused first). `open` is the caller's flag: set it to show
// the dialog; the dialog clears it when answered. `armed` must be cleared when opening: the dialog
// takes a confirmation only once every key and button that could have opened it is let go, so the
// press that opened it can never also confirm. Escape cancels.
enum class Answer { none, confirmed, cancelled };
struct ConfirmDialog {
  const char* title;           // also the popup's id
  std::string sentence;        // what will happen, naming what it happens to
  const char* confirm_label;   // "Sign note", "Delete draft"
  const char* confirm_target;  // published target names
  const char* cancel_target;
  bool destructive = false;  // the confirm button in the error colour
};
Answer confirm_dialog(AppState& state, const ConfirmDialog& dialog, bool& open, bool& armed);

// A section title inside a panel.
void section_title(const char* text);

enum class Tone { info, warning, error };

// A centred card with a tone badge, a title and a sentence. Content drawn between begin and end
// (a button, a countdown) goes under the sentence.
void begin_message_card(Tone tone, const char* title, const char* sentence, float top = 0.0f);
void end_message_card();

// The signed-in header: practice, user and role(s); then the platform-support banner when the
// user is Hint staff. Returns the y where the page content starts.
float draw_header(AppState& state, const SessionContext& context);

}  // namespace hb::web::widgets
