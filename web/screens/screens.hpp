// One screen = one draw function = one file. draw_app() picks the screen from AppState.
#pragma once
#include "web/app_state.hpp"

namespace hb::web {

// Draws the whole UI for one frame (between ImGui::NewFrame and ImGui::Render).
void draw_app(AppState& state);

void draw_missing_launch_screen(AppState& state);
void draw_loading_screen(AppState& state);
void draw_home_screen(AppState& state);
void draw_access_denied_screen(AppState& state);
void draw_session_ended_screen(AppState& state);
void draw_connection_problem_screen(AppState& state);
void draw_problem_screen(AppState& state);

}  // namespace hb::web
