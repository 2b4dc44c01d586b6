// JSON at the edge: non-throwing (wasm builds have no exceptions) and bounded in depth, so a
// hostile body cannot exhaust the stack or the parser.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

constexpr int kMaxJsonDepth = 64;

// Nesting depth of arrays/objects in `text`, counted outside strings (a cheap pre-parse scan).
int json_nesting_depth(std::string_view text);

// malformed_json, json_too_deep, or the parsed value.
Result<nlohmann::json> parse_json(std::string_view text, int max_depth = kMaxJsonDepth);

// Field readers that tolerate absent or wrongly typed members (decode permissively).
std::string string_at(const nlohmann::json& object, std::string_view key);
bool bool_at(const nlohmann::json& object, std::string_view key, bool fallback = false);
const nlohmann::json* object_at(const nlohmann::json& object, std::string_view key);

}  // namespace hb
