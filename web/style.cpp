#include "web/style.hpp"

#include <array>

#include "web/fonts.hpp"

namespace hb::web::style {
namespace {

ImVec4 colour(unsigned hex, float alpha = 1.0f) {
  return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f, alpha);
}

struct TypeSpec {
  bool medium;
  float size;
  float line_height;
};
// Indexed by Type.
constexpr std::array<TypeSpec, 6> kTypeScale{{
    {false, 24, 32},  // page_title
    {false, 18, 24},  // section_header
    {true, 16, 24},   // modal_title
    {true, 14, 20},   // button
    {false, 14, 20},  // body
    {false, 12, 16},  // metadata
}};

std::array<ImFont*, kTypeScale.size()> g_fonts{};

}  // namespace

ImFont* font(Type type) {
  ImFont* f = g_fonts[static_cast<size_t>(type)];
  return f ? f : ImGui::GetFont();
}

float line_height(Type type) { return kTypeScale[static_cast<size_t>(type)].line_height; }

void text(Type type, ImU32 colour_u32, const char* s) {
  ImGui::PushFont(font(type));
  ImGui::PushStyleColor(ImGuiCol_Text, colour_u32);
  ImGui::TextUnformatted(s);
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void text_wrapped(Type type, ImU32 colour_u32, const char* s, float wrap_width) {
  ImGui::PushFont(font(type));
  ImGui::PushStyleColor(ImGuiCol_Text, colour_u32);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width);
  ImGui::TextUnformatted(s);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void load_fonts(float pixel_ratio) {
  auto& io = ImGui::GetIO();
  io.Fonts->Clear();
  // Body first: the first font is ImGui's default.
  constexpr std::array kOrder{Type::body,        Type::page_title, Type::section_header,
                              Type::modal_title, Type::button,     Type::metadata};
  for (auto type : kOrder) {
    const auto& spec = kTypeScale[static_cast<size_t>(type)];
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes are static, in the binary
    config.OversampleH = 2;               // sub-pixel horizontal positioning; vertical is pixel-aligned
    config.OversampleV = 1;
    config.PixelSnapH = false;
    const auto* data = spec.medium ? fonts::kInterMedium : fonts::kInterRegular;
    const auto size = spec.medium ? fonts::kInterMediumSize : fonts::kInterRegularSize;
    g_fonts[static_cast<size_t>(type)] =
        io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size),
                                       spec.size * pixel_ratio, &config, fonts::kGlyphRanges);
  }
  io.FontGlobalScale = 1.0f / pixel_ratio;
  io.Fonts->Build();
}

void apply_hint_theme() {
  ImGui::StyleColorsLight();
  auto& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(0, 0);
  s.FramePadding = ImVec2(12, 8);  // inputs: 8×12
  s.ItemSpacing = ImVec2(12, 8);
  s.ItemInnerSpacing = ImVec2(8, 6);
  s.FrameRounding = kButtonRadius;
  s.ChildRounding = kCardRadius;
  s.WindowRounding = 0;
  s.PopupRounding = kCardRadius;
  s.GrabRounding = kButtonRadius;
  s.FrameBorderSize = 1;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 1;
  s.ScrollbarRounding = 8;

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
  c[ImGuiCol_TextSelectedBg] = colour(0xC4DCF8);
}

}  // namespace hb::web::style
