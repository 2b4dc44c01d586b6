#include "sandbox/http_util.hpp"

#include "shared/json_input.hpp"

namespace hbs {

void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  // Replace invalid UTF-8 rather than throw: the sandbox never crashes on what it echoes.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void reply_hint_error(httplib::Response& res, int status, const std::string& message) {
  reply_json(res, status, {{"status", status}, {"message", message}});
}

void reply_hearlink_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                          const nlohmann::json& details) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!details.is_null()) error["details"] = details;
  reply_json(res, status, {{"success", false}, {"error", error}});
}

std::optional<nlohmann::json> json_object_body(const httplib::Request& req) {
  auto parsed = hb::parse_json(req.body);
  if (!parsed || !parsed.value().is_object()) return std::nullopt;
  return std::move(parsed).value();
}

std::string text_field(const nlohmann::json& object, const char* name, std::string fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string bearer_token(const httplib::Request& req) {
  const auto header = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return header.substr(kPrefix.size());
}

}  // namespace hbs
