// Small reply helpers for the sandbox's routes: each platform's own JSON and error shapes.
//   Hint:     {"status": 422, "message": "…"}
//   HearLink: {"success": false, "error": {"code": "VALIDATION_ERROR", "message": "…", "details": {…}}}
#pragma once
#include <httplib.h>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hbs {

void reply_json(httplib::Response& res, int status, const nlohmann::json& body);
void reply_hint_error(httplib::Response& res, int status, const std::string& message);
void reply_hearlink_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                          const nlohmann::json& details = nullptr);

// The request body as a JSON object (bounded depth, non-throwing), or nullopt.
std::optional<nlohmann::json> json_object_body(const httplib::Request& req);

// A string member, or `fallback` when absent, null or not a string (never throws).
std::string text_field(const nlohmann::json& object, const char* name, std::string fallback = {});

// "Bearer abc" -> "abc"; "" when absent or another scheme.
std::string bearer_token(const httplib::Request& req);

}  // namespace hbs
