// The Hint surfaces HearBridge registers: GET /hint/<surface>?session_key=…
#pragma once
#include <algorithm>
#include <array>
#include <string_view>

namespace hb {

constexpr std::array<std::string_view, 4> kSurfaces{"core_page", "clinical_interaction", "clinical_chart", "settings"};

constexpr bool is_surface(std::string_view name) {
  return std::find(kSurfaces.begin(), kSurfaces.end(), name) != kSurfaces.end();
}

}  // namespace hb
