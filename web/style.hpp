// Hint's look for embedded apps (design tokens from Hint's partner templates): colours, sizes,
// shapes. Every colour and size the screens use comes from here.
#pragma once
#include <imgui.h>

namespace hb::web::style {

// Colours (sRGB hex from Hint's tokens).
constexpr ImU32 rgb(unsigned hex) { return IM_COL32((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, 0xff); }
inline const ImU32 kPrimary = rgb(0x0E68E2);
inline const ImU32 kTextPrimary = rgb(0x1D2334);
inline const ImU32 kTextSecondary = rgb(0x43739E);
inline const ImU32 kSurface = rgb(0xEFF5FD);
inline const ImU32 kBorderSubtle = rgb(0xE6ECF4);

constexpr float kWidth = 1024.0f;
constexpr float kHeight = 768.0f;

void apply_hint_theme();

}  // namespace hb::web::style
