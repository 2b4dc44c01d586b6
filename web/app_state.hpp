// All UI state lives here; widgets edit it in place, I/O goes through commands (see platform.hpp).
#pragma once
#include <string>

namespace hb::web {

struct LaunchParams {
  std::string surface;        // from the path: /hint/<surface>
  bool session_key_present = false;
};

struct AppState {
  LaunchParams launch;
  int frame = 0;
};

}  // namespace hb::web
