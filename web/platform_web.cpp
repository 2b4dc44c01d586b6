#include <emscripten.h>

#include <cstdlib>

#include "web/platform.hpp"

// clang-format off
// Strings come back through a caller-owned buffer: EM_JS cannot pull in stringToNewUTF8.
EM_JS(void, js_surface, (char* out, int capacity), {
  const parts = location.pathname.split("/");
  const at = parts.indexOf("hint");
  stringToUTF8(at >= 0 && at + 1 < parts.length ? parts[at + 1] : "", out, capacity);
});

EM_JS(int, js_has_session_key, (), {
  const key = new URLSearchParams(location.search).get("session_key");
  return key ? 1 : 0;
});

EM_JS(void, js_publish_state, (const char* json), {
  window.hearbridge = window.hearbridge || {};
  window.hearbridge.state = JSON.parse(UTF8ToString(json));
});
// clang-format on

namespace hb::web {

LaunchParams read_launch_params() {
  LaunchParams params;
  char surface[64];
  js_surface(surface, sizeof surface);
  params.surface = surface;
  params.session_key_present = js_has_session_key() != 0;
  return params;
}

void publish_state(const std::string& json) { js_publish_state(json.c_str()); }

}  // namespace hb::web
