// All UI state lives here, in one struct owned by main (or by a test). Widgets edit it in place;
// anything with I/O is pushed onto `commands` while drawing and runs after the frame
// (run_commands, web/commands.hpp); replies land in a Remote<T> and the next frame draws them.
// The working token is NOT here: it lives in ApiClient, so no screen and no published state can
// ever show it.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/error_catalogue.hpp"
#include "shared/session_context.hpp"
#include "web/clinical/clinical_state.hpp"
#include "web/commands.hpp"
#include "web/local_time.hpp"
#include "web/remote.hpp"
#include "web/settings/settings_state.hpp"

namespace hb::web {

enum class Screen {
  missing_launch,      // opened without a session_key: open the app from Hint
  loading,             // the exchange is on its way
  home,                // signed in: header + the surface's content
  access_denied,       // signed in, but no HearBridge role
  session_ended,       // the launch key or the token was refused (401)
  connection_problem,  // no answer or a 5xx/429: retrying with back-off
  problem,             // anything else: the catalogue's sentence, reload
};
const char* screen_name(Screen screen);

// What the page URL said, read once at start (the key is then removed from the address bar).
struct LaunchParams {
  std::string surface;      // from the path: /hint/<surface>
  std::string session_key;  // single use; kept in memory only until the exchange answers
};

struct LaunchState {
  std::string surface;
  bool key_in_url = false;
  std::string session_key;               // cleared once the server has answered about it
  Remote<SessionContext> session;        // POST /api/session/exchange
  int failed_attempts = 0;               // consecutive attempts with no usable answer
  std::optional<std::int64_t> retry_at;  // ms: when the next automatic attempt is due
  int retry_presses = 0;                 // "Retry now" presses (published: proves a click reached the button)
};

// A widget's rectangle in CSS pixels, published for browser tests to click at.
struct HitTarget {
  std::string name;
  float x = 0, y = 0, w = 0, h = 0;
};

struct AppState {
  LaunchState launch;
  ClinicalState clinical;          // the clinician's screens
  SettingsState settings;          // the practice settings screen
  std::optional<Error> ended;      // a later API call answered 401: the session is over
  std::vector<Command> commands;   // pushed while drawing, run after the frame
  std::int64_t now_ms = 0;         // the frame's time (countdowns); set before drawing
  std::int64_t frame = 0;          // frames drawn (idle throttling is measured with it)
  TimeZone time_zone;              // every time shown is in it (web/local_time.hpp); empty: UTC
  std::vector<HitTarget> targets;  // rebuilt every frame
  std::string focused_target;      // the target with keyboard focus this frame ("": none)
  // The active text field's selected text, rebuilt every frame: the browser's copy/cut events put
  // it on the clipboard. May be PHI: kept in memory only, never in the published test state
  // (which carries its length).
  std::string selection;
  bool selection_editable = false;  // cut may remove it
  // Each word-wrapped field's display lines and soft breaks by its target name (test hook: shows
  // the wrapping without the text), rebuilt every frame.
  struct Wrapping {
    int lines = 0;
    int soft_breaks = 0;
  };
  std::map<std::string, Wrapping> wrapped;
  float device_pixel_ratio = 1.0f;
  bool hint_sdk_initialised = false;
};

Screen current_screen(const AppState& state);

}  // namespace hb::web
