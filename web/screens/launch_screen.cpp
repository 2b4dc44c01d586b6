#include <imgui.h>

#include "web/screens/screens.hpp"
#include "web/style.hpp"

namespace hb::web {

void draw_launch_screen(AppState& state) {
  ImGui::PushStyleColor(ImGuiCol_Text, style::kTextPrimary);
  ImGui::SetWindowFontScale(1.6f);
  ImGui::TextUnformatted("HearBridge");
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopStyleColor();
  ImGui::PushStyleColor(ImGuiCol_Text, style::kTextSecondary);
  ImGui::Text("Surface: %s", state.launch.surface.empty() ? "(none)" : state.launch.surface.c_str());
  ImGui::TextUnformatted(state.launch.session_key_present ? "Session key: present" : "Session key: missing");
  ImGui::PopStyleColor();
}

}  // namespace hb::web
