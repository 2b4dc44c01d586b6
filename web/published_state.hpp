// The test hook: a small JSON picture of the app, published every drawn frame on
// window.hearbridge.state (browser tests read it and click at its widget rectangles).
// It never carries the token or the launch key, nor patient data.
//
// {"title": "HearBridge", "screen": "home", "surface": "core_page", "frame": 42,
//  "session_key_present": true, "practice": "Zoë's Practice", "roles": ["clinician"],
//  "platform_support": false, "error": null | "launch_key_used", "retry_in_ms": null | 3000,
//  "attempts": 0, "device_pixel_ratio": 2, "hint_sdk_initialised": false,
//  "targets": {"retry": [x, y, w, h]}}
#pragma once
#include <string>

#include "web/app_state.hpp"

namespace hb::web {

std::string published_state_json(const AppState& state);

}  // namespace hb::web
