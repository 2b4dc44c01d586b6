// One screen = one draw function = one file.
#pragma once
#include "web/app_state.hpp"

namespace hb::web {
void draw_launch_screen(AppState& state);
}
