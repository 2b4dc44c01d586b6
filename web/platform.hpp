// Everything that touches the browser, behind plain functions; platform_web.cpp holds all the
// EM_JS. Screens never call JavaScript directly.
#pragma once
#include <string>

#include "web/app_state.hpp"

namespace hb::web {

// Reads the surface and whether a session_key was in the URL (the key itself stays out of logs).
LaunchParams read_launch_params();

// Test hook: the app's state as JSON on window.hearbridge.state (no PHI in it).
void publish_state(const std::string& json);

}  // namespace hb::web
