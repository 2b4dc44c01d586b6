#include "shared/session_context.hpp"

#include <algorithm>
#include <array>

#include "shared/json_fields.hpp"

namespace hb {
namespace {
constexpr std::array<std::string_view, 4> kPermissionNames{"view", "draft", "sign", "admin"};
}

std::string_view permission_name(Permission permission) { return kPermissionNames[static_cast<size_t>(permission)]; }

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
  return !access_denied && std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
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
  json["interaction_id"] = c.interaction_id.empty() ? nlohmann::json() : nlohmann::json(c.interaction_id);
  return json;
}

namespace {

SessionContext read_context(FieldReader& r) {
  SessionContext c;
  c.surface = r.text("surface");
  r.object("practice", [&c](FieldReader& practice) {
    c.practice_id = practice.text("id");
    c.practice_name = practice.text("name");
    return 0;
  });
  r.object("user", [&c](FieldReader& user) {
    c.user_id = user.text("id");
    c.user_name = user.text("name");
    c.roles = user.text_list("roles");
    return 0;
  });
  for (const auto& name : r.text_list("permissions")) {
    Permission p;
    if (parse_permission(name, p))
      c.permissions.push_back(p);
    else
      r.fail("permissions");
  }
  const auto access = r.text("access");
  if (access != "granted" && access != "denied") r.fail("access");
  c.access_denied = access != "granted";
  const auto access_context = r.text("access_context");
  if (access_context != "standard" && access_context != "platform_support") r.fail("access_context");
  c.platform_support = access_context == "platform_support";
  c.can_call_hint = r.boolean("can_call_hint");
  c.patient_id = r.nullable_text("patient_id");
  c.interaction_id = r.nullable_text("interaction_id");
  return c;
}

}  // namespace

Result<SessionContext> parse_session_context(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("session context");
  FieldReader r(json);
  auto context = read_context(r);
  return r.finish(std::move(context));
}

nlohmann::json to_json(const ExchangeReply& reply) {
  return {{"token", reply.token}, {"context", to_json(reply.context)}};
}

Result<ExchangeReply> parse_exchange_reply(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("exchange reply");
  FieldReader r(json);
  ExchangeReply reply;
  reply.token = r.text("token");
  if (reply.token.empty()) r.fail("token");
  reply.context = r.object("context", read_context);
  return r.finish(std::move(reply));
}

nlohmann::json to_json(const ExchangeRequest& request) {
  nlohmann::json json{{"session_key", request.session_key}};
  if (!request.surface.empty()) json["surface"] = request.surface;
  return json;
}

Result<ExchangeRequest> parse_exchange_request(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("exchange request");
  FieldReader r(json);
  ExchangeRequest request{r.text("session_key"), r.optional_text("surface")};
  if (request.session_key.empty()) r.fail("session_key");
  if (!r.ok()) return r.error();  // a renamed member is reported as the one missing
  if (auto known = only_known_members(json, {"session_key", "surface"}); !known) return known.error();
  return request;
}

nlohmann::json to_json(const SessionReply& reply) { return {{"context", to_json(reply.context)}}; }

Result<SessionReply> parse_session_reply(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("session reply");
  FieldReader r(json);
  SessionReply reply{r.object("context", read_context)};
  return r.finish(std::move(reply));
}

}  // namespace hb
