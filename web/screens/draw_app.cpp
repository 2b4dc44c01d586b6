#include <imgui.h>

#include "web/screens/screens.hpp"

namespace hb::web {

void draw_app(AppState& state) {
  state.targets.clear();
  state.focused_target.clear();
  state.selection.clear();
  state.selection_editable = false;
  state.wrapped.clear();
  const auto* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::Begin("HearBridge", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  switch (current_screen(state)) {
    case Screen::missing_launch:
      draw_missing_launch_screen(state);
      break;
    case Screen::loading:
      draw_loading_screen(state);
      break;
    case Screen::home:
      draw_home_screen(state);
      break;
    case Screen::access_denied:
      draw_access_denied_screen(state);
      break;
    case Screen::session_ended:
      draw_session_ended_screen(state);
      break;
    case Screen::connection_problem:
      draw_connection_problem_screen(state);
      break;
    case Screen::problem:
      draw_problem_screen(state);
      break;
  }
  ImGui::End();
}

}  // namespace hb::web
