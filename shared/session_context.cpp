#include "shared/session_context.hpp"

#include <algorithm>
#include <array>

#include "shared/json_input.hpp"

namespace hb {
namespace {
constexpr std::array<std::string_view, 4> kPermissionNames{"view", "draft", "sign", "admin"};
}

std::string_view permission_name(Permission permission) {
  return kPermissionNames[static_cast<size_t>(permission)];
}

bool parse_permission(std::string_view name, Permission& out) {
  for (size_t i = 0; i < kPermissionNames.size(); ++i) {
    if (kPermissionNames[i] == name) {
      out = static_cast<Permission>(i);
      return true;
    }
  }
  return false;
}

bool SessionContext::allows(Permission permission) const {
  return !access_denied &&
         std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
}

nlohmann::json to_json(const SessionContext& c) {
  nlohmann::json permissions = nlohmann::json::array();
  for (auto p : c.permissions) permissions.push_back(permission_name(p));
  nlohmann::json json{
      {"surface", c.surface},
      {"practice", {{"id", c.practice_id}, {"name", c.practice_name}}},
      {"user", {{"id", c.user_id}, {"name", c.user_name}, {"roles", c.roles}}},
      {"permissions", permissions},
      {"access", c.access_denied ? "denied" : "granted"},
      {"access_context", c.platform_support ? "platform_support" : "standard"},
      {"can_call_hint", c.can_call_hint},
  };
  json["patient_id"] = c.patient_id.empty() ? nlohmann::json() : nlohmann::json(c.patient_id);
  json["interaction_id"] =
      c.interaction_id.empty() ? nlohmann::json() : nlohmann::json(c.interaction_id);
  return json;
}

Result<SessionContext> parse_session_context(const nlohmann::json& json) {
  const auto* practice = object_at(json, "practice");
  const auto* user = object_at(json, "user");
  if (!practice || !user) return Error{ErrorCode::missing_field, "The session context is incomplete."};
  SessionContext c;
  c.surface = string_at(json, "surface");
  c.practice_id = string_at(*practice, "id");
  c.practice_name = string_at(*practice, "name");
  c.user_id = string_at(*user, "id");
  c.user_name = string_at(*user, "name");
  if (auto roles = user->find("roles"); roles != user->end() && roles->is_array()) {
    for (const auto& role : *roles) {
      if (role.is_string()) c.roles.push_back(role.get<std::string>());
    }
  }
  if (auto permissions = json.find("permissions"); permissions != json.end() && permissions->is_array()) {
    for (const auto& name : *permissions) {
      Permission p;
      if (name.is_string() && parse_permission(name.get<std::string>(), p)) c.permissions.push_back(p);
    }
  }
  c.access_denied = string_at(json, "access") != "granted";
  c.platform_support = string_at(json, "access_context") == "platform_support";
  c.patient_id = string_at(json, "patient_id");
  c.interaction_id = string_at(json, "interaction_id");
  c.can_call_hint = bool_at(json, "can_call_hint");
  return c;
}

nlohmann::json to_json(const ExchangeReply& reply) {
  return {{"token", reply.token}, {"context", to_json(reply.context)}};
}

Result<ExchangeReply> parse_exchange_reply(const nlohmann::json& json) {
  auto token = string_at(json, "token");
  const auto* context = object_at(json, "context");
  if (token.empty() || !context) return Error{ErrorCode::missing_field, "The exchange reply is incomplete."};
  auto parsed = parse_session_context(*context);
  if (!parsed) return parsed.error();
  return ExchangeReply{std::move(token), std::move(parsed).value()};
}

}  // namespace hb
