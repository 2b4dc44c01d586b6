// What the UI learns about its session when it exchanges the launch key
// (POST /api/session/exchange {"session_key", "surface"?} → {"token", "context": {…}}; GET /api/session
// → {"context": {…}}). Both builds compile this mapping.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

enum class Permission { view, draft, sign, admin };
std::string_view permission_name(Permission permission);
bool parse_permission(std::string_view name, Permission& out);

struct SessionContext {
  std::string surface;  // core_page | clinical_interaction | clinical_chart | settings
  std::string practice_id;
  std::string practice_name;
  std::string user_id;
  std::string user_name;
  std::vector<std::string> roles;       // Hint partner_roles, as given
  std::vector<Permission> permissions;  // what the roles grant here
  bool access_denied = false;           // no role → the UI shows the access-denied screen
  bool platform_support = false;        // a Hint employee operating the app: banner
  std::string patient_id;               // clinical surfaces only
  std::string interaction_id;           // clinical_interaction only
  bool can_call_hint = false;           // the handshake carried an access token

  bool allows(Permission permission) const;

  bool operator==(const SessionContext&) const = default;
};

nlohmann::json to_json(const SessionContext& context);
// Strict: every member to_json writes, with its type; unknown permissions or access values fail.
Result<SessionContext> parse_session_context(const nlohmann::json& json);

struct ExchangeRequest {
  std::string session_key;
  std::string surface;  // the surface Hint opened, from the path ("" unknown)

  bool operator==(const ExchangeRequest&) const = default;
};
nlohmann::json to_json(const ExchangeRequest& request);
Result<ExchangeRequest> parse_exchange_request(const nlohmann::json& json);

// GET /api/session
struct SessionReply {
  SessionContext context;

  bool operator==(const SessionReply&) const = default;
};
nlohmann::json to_json(const SessionReply& reply);
Result<SessionReply> parse_session_reply(const nlohmann::json& json);

struct ExchangeReply {
  std::string token;
  SessionContext context;

  bool operator==(const ExchangeReply&) const = default;
};
nlohmann::json to_json(const ExchangeReply& reply);
Result<ExchangeReply> parse_exchange_reply(const nlohmann::json& json);

}  // namespace hb
