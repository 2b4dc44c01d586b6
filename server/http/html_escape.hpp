#pragma once
#include <string>
#include <string_view>

namespace hb {
// Text for HTML element content or a double/single-quoted attribute value.
std::string html_escape(std::string_view text);
}  // namespace hb
