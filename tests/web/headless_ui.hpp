// Screens drawn headless: Dear ImGui's core with the real font atlas and theme, no window, no GL.
#pragma once
#include <imgui.h>

#include <string>

#include "web/app_state.hpp"
#include "web/screens/screens.hpp"
#include "web/style.hpp"

namespace hb::web::testing {

// One ImGui context per test, sized like Hint's iframe.
struct HeadlessUi {
  HeadlessUi() {
    ImGui::CreateContext();
    auto& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(style::kWidth, style::kHeight);
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    style::apply_hint_theme();
    style::load_fonts(1.0f);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  }
  ~HeadlessUi() { ImGui::DestroyContext(); }

  // Draws one frame; returns how many vertices it produced.
  int frame(AppState& state) {
    ImGui::NewFrame();
    draw_app(state);
    ImGui::Render();
    ++state.frame;
    return ImGui::GetDrawData()->TotalVtxCount;
  }

  const HitTarget* target(const AppState& state, const std::string& name) {
    for (const auto& t : state.targets) {
      if (t.name == name) return &t;
    }
    return nullptr;
  }

  // A click in the middle of `t`, like a person: move there, press, release (a frame each).
  void click(AppState& state, const HitTarget& t) {
    auto& io = ImGui::GetIO();
    io.AddMousePosEvent(t.x + t.w / 2, t.y + t.h / 2);
    frame(state);
    io.AddMouseButtonEvent(0, true);
    frame(state);
    io.AddMouseButtonEvent(0, false);
    frame(state);
  }

  // One key press and release (with Ctrl held when `ctrl`), a frame each.
  void press(AppState& state, ImGuiKey key, bool ctrl = false) {
    auto& io = ImGui::GetIO();
    if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(key, true);
    frame(state);
    io.AddKeyEvent(key, false);
    if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
    frame(state);
  }
};

}  // namespace hb::web::testing
