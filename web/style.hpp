// Hint's look for embedded apps (design tokens from Hint's partner templates): colours, type scale,
// shapes. Every colour, font and size the screens use comes from here.
#pragma once
#include <imgui.h>

namespace hb::web::style {

// Colours (sRGB hex from Hint's tokens).
constexpr ImU32 rgb(unsigned hex) { return IM_COL32((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, 0xff); }
inline const ImU32 kPrimary = rgb(0x0E68E2);
inline const ImU32 kPrimaryHover = rgb(0x083C82);
inline const ImU32 kPrimaryActive = rgb(0x052652);
inline const ImU32 kBackground = rgb(0xFFFFFF);
inline const ImU32 kSurface = rgb(0xEFF5FD);
inline const ImU32 kTextPrimary = rgb(0x1D2334);
inline const ImU32 kTextSecondary = rgb(0x43739E);
inline const ImU32 kTextDisabled = rgb(0x8A90A5);
inline const ImU32 kTextOnPrimary = rgb(0xFFFFFF);
inline const ImU32 kBorderSubtle = rgb(0xE6ECF4);
inline const ImU32 kBorderDefault = rgb(0xC2C7CF);
inline const ImU32 kFieldFocus = rgb(0xC4DCF8);
inline const ImU32 kSuccessText = rgb(0x00602D);
inline const ImU32 kSuccessBg = rgb(0xDCFCE7);
inline const ImU32 kErrorText = rgb(0xCD0211);
inline const ImU32 kErrorBg = rgb(0xFFE2E2);
inline const ImU32 kWarningText = rgb(0x973C00);
inline const ImU32 kWarningBg = rgb(0xFEF3C6);

// The canvas in CSS pixels (Hint frames apps at 1024×768).
constexpr float kWidth = 1024.0f;
constexpr float kHeight = 768.0f;

// Shapes.
constexpr float kButtonRadius = 8.0f;
constexpr ImVec2 kButtonPadding{16.0f, 8.0f};
constexpr float kCardRadius = 12.0f;
constexpr float kCardPadding = 24.0f;
constexpr float kPagePadding = 32.0f;
constexpr float kHeaderHeight = 64.0f;

// Hint's type scale (weight / size / line height). Inter stands in for Hint's Wix Madefor Text;
// 700 (modal title) uses Inter Medium: one bold weight less to ship.
enum class Type {
  page_title,      // 400 / 24 / 32
  section_header,  // 400 / 18 / 24
  modal_title,     // 700 / 16 / 24
  button,          // 500 / 14 / 20 (also column headers and form labels)
  body,            // 400 / 14 / 20 (the default font)
  metadata,        // 400 / 12 / 16
};
ImFont* font(Type type);
float line_height(Type type);

// Text in a given style: pushes the font and colour, draws, pops.
void text(Type type, ImU32 colour, const char* text);
void text_wrapped(Type type, ImU32 colour, const char* text, float wrap_width);

void apply_hint_theme();

// (Re)builds the font atlas with the embedded Inter subset, rasterised at `pixel_ratio` times the
// type scale (crisp on HiDPI screens) and drawn at the type scale's size (FontGlobalScale).
// Natively (tests) pixel_ratio is 1. The renderer must re-upload the atlas afterwards.
void load_fonts(float pixel_ratio);

}  // namespace hb::web::style
