#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace hb {

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; whitespace around the text is ignored. nullopt when invalid.
std::optional<std::string> base64_decode(std::string_view text);
// URL-safe alphabet, no padding (for tokens that travel in URLs and headers).
std::string base64url_encode(std::string_view bytes);

}  // namespace hb
