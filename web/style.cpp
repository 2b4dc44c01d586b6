#include "web/style.hpp"

namespace hb::web::style {
namespace {
ImVec4 colour(unsigned hex, float alpha = 1.0f) {
  return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f, alpha);
}
}  // namespace

void apply_hint_theme() {
  ImGui::StyleColorsLight();
  auto& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(24, 24);
  s.FramePadding = ImVec2(12, 8);
  s.ItemSpacing = ImVec2(12, 10);
  s.FrameRounding = 8;
  s.ChildRounding = 12;
  s.WindowRounding = 0;
  s.PopupRounding = 12;
  s.GrabRounding = 8;
  s.FrameBorderSize = 1;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 1;

  auto* c = s.Colors;
  c[ImGuiCol_WindowBg] = colour(0xFFFFFF);
  c[ImGuiCol_ChildBg] = colour(0xFFFFFF);
  c[ImGuiCol_PopupBg] = colour(0xFFFFFF);
  c[ImGuiCol_Text] = colour(0x1D2334);
  c[ImGuiCol_TextDisabled] = colour(0x8A90A5);
  c[ImGuiCol_Border] = colour(0xE6ECF4);
  c[ImGuiCol_FrameBg] = colour(0xFFFFFF);
  c[ImGuiCol_FrameBgHovered] = colour(0xFFFFFF);
  c[ImGuiCol_FrameBgActive] = colour(0xFFFFFF);
  c[ImGuiCol_Button] = colour(0x0E68E2);
  c[ImGuiCol_ButtonHovered] = colour(0x083C82);
  c[ImGuiCol_ButtonActive] = colour(0x052652);
  c[ImGuiCol_Header] = colour(0xEFF5FD);
  c[ImGuiCol_HeaderHovered] = colour(0xC4DCF8);
  c[ImGuiCol_HeaderActive] = colour(0xC1DAFB);
  c[ImGuiCol_TableHeaderBg] = colour(0xEFF5FD);
  c[ImGuiCol_TableBorderLight] = colour(0xE6ECF4);
  c[ImGuiCol_TableBorderStrong] = colour(0xC2C7CF);
  c[ImGuiCol_CheckMark] = colour(0x0E68E2);
  c[ImGuiCol_NavHighlight] = colour(0x0E68E2);
}

}  // namespace hb::web::style
