// Everything that touches the browser, behind plain functions; platform_web.cpp holds all the
// EM_JS and the fetch backend. Screens and UI logic never call JavaScript: they run
// natively in tests without this file.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/app_state.hpp"
#include "web/http_client.hpp"
#include "web/local_time.hpp"

struct ImGuiIO;

namespace hb::web::platform {

// Reads /hint/<surface>?session_key=<key> and at once removes session_key from the address bar
// (history.replaceState), before any request: the key must not linger in history, bookmarks or a
// copied link. The key is returned in memory only.
LaunchParams take_launch_params();

// Test hook: the app's state as JSON on window.hearbridge.state (no token, key or PHI in it).
void publish_state(const std::string& json);

std::int64_t now_ms();

// HiDPI: Emscripten's GLFW ignores devicePixelRatio, so the canvas backing store is sized here.
float device_pixel_ratio();
void set_canvas_backing_size(int width, int height);

// Idle throttling: the main loop pauses when nothing changes; these bring it back.
// `wake` runs on any input event (mouse, keys, wheel, touch, focus, paste), on an HTTP reply, and
// when a wake_after() timer fires.
void install_wake_sources(void (*wake)());
void wake_after(int delay_ms);
void wake();

// Calls window.HintSDK.init() when the shell loaded Hint's SDK; true when it was called. Also
// listens for HintSDK's fragment (once the context arrives, and on change) and
// onCurrentPatientChanged; both wake the app.
bool init_hint_sdk();
// What those listeners saw since the last call (nullopt: nothing new). Patient: its id ("" = none).
std::optional<std::string> take_hint_fragment();
std::optional<std::string> take_patient_change();
// HintSDK.updateFragment(fragment) / HintSDK.close(); no-ops without window.HintSDK.
void hint_update_fragment(const std::string& fragment);
void hint_close();
// The page's own #fragment (a deep link when Hint's SDK is not there).
std::string location_hash();
// The browser's time zone at an instant (web/local_time.hpp shows every time in it).
ZoneAt zone_at(std::int64_t unix_seconds);

// The system clipboard without any permission (Emscripten's GLFW clipboard is a no-op, and a
// cross-origin iframe without allow="clipboard-write" may not use navigator.clipboard.writeText):
// Ctrl+C / Ctrl+X put the active field's selection (publish_selection) on the clipboard inside the
// browser's own `copy` / `cut` events; Ctrl+V takes the `paste` event's text. ImGui's
// SetClipboardTextFn only tries writeText, best effort, for copies no such event carried.
void install_clipboard(ImGuiIO& io);
// The active text field's selected text (soft breaks removed), for those events; call when it
// changed. In memory only (it may be PHI). `editable`: a cut may remove it.
void publish_selection(const std::string& text, bool editable);

// Whether words typed are not on the server yet: while true, leaving or reloading the page asks the
// clinician first (the browser's beforeunload prompt). Call when it changes.
void publish_unsaved(bool unsaved);
// The beforeunload prompt above, and the calls to the exported hb_save_unsaved_now when Hint closes
// the app's container (HintSDK.onClose), the page hides or it unloads. Call once, after the SDK is set up.
void install_leave_guards();

// The device store for unsaved words (Services::device; web/clinical/device_copy.hpp): AES-GCM through
// WebCrypto under the server's key, ciphertext only in localStorage. take_device_copies answers
// device_open once its copies are read (each: slot, plaintext or nullopt when it cannot be read);
// when the store cannot open (no WebCrypto, no storage) it never answers, and nothing is kept.
void device_open(const std::string& key_base64, const std::string& prefix);
void device_put(const std::string& slot, const std::string& plaintext);
void device_remove(const std::string& slot);
std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> take_device_copies();

// The browser's HttpClient: fetch, same-origin relative URLs; writes outlive the page (keepalive);
// every reply wakes the app.
HttpClient& browser_http_client();

}  // namespace hb::web::platform
