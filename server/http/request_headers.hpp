// Readers for the request headers HearBridge interprets itself. They see raw outside bytes, take no
// httplib types (so the fuzz build links them without the HTTP layer) and never throw.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace hb {

// "Bearer <token>" (scheme in any case) → token; empty when the header is missing or of another scheme.
std::string_view bearer_token(std::string_view authorization);

// `If-Match: "3"` (also W/"3" or 3) → 3; nullopt when absent or unreadable (not digits, negative,
// beyond int64).
std::optional<int64_t> parse_if_match(std::string_view header);

// "application/json", any case, parameters such as charset allowed.
bool is_json_content_type(std::string_view content_type);

}  // namespace hb
