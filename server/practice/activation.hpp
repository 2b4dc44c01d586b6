// Practice activation ("Instant On"): a practice admin clicks Install in Hint; Hint sends a one-time
// code (POST /hint/connect/<code>, or a browser redirect ?code=…); HearBridge exchanges it with the
// partner API key for the practice's own Hint token, which never expires but can be revoked.
//
//   oauth:          POST /api/oauth/tokens {"grant_type": "authorization_code", "code", "activate": true}
//                   → {"id": "int-…", "access_token", "practice": {"id", "name"}, …}
//   installations:  POST /api/partner/installations/connect {"code"}
//                   → {"id": "inst-…", "practice": {"id", "name"}, "api_keys": [{"token"}], …}
//
// The token is stored only encrypted (practice_tokens, bound to the practice by its associated data);
// the practice is recorded active; both with an audit row, in one transaction. Nothing here is ever
// logged or answered beyond the practice id and name.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/clock.hpp"
#include "server/hint/hint_client.hpp"
#include "server/security/token_cipher.hpp"
#include "server/store/database.hpp"
#include "shared/result.hpp"

namespace hb {

enum class ActivationEndpoint { oauth, installations };

// "oauth" | "installations" (validate_config already refused anything else).
ActivationEndpoint activation_endpoint_from(std::string_view name);
const char* activation_endpoint_name(ActivationEndpoint endpoint);

// What Hint's answer tells us; `token` is the secret to store.
struct ActivationGrant {
  std::string practice_id;
  std::string practice_name;
  std::string integration_id;
  std::string token;
};

// Reads Hint's answer for the endpoint; upstream_rejected when the shape is not usable.
Result<ActivationGrant> parse_activation_reply(ActivationEndpoint endpoint, const nlohmann::json& reply);

// The answer the routes show: never the token.
struct ActivatedPractice {
  std::string practice_id;
  std::string practice_name;
};

class PracticeActivation {
public:
  PracticeActivation(Database& db, const TokenCipher& cipher, HintClient& hint, std::string partner_key,
                     ActivationEndpoint endpoint, Clock clock);

  // not_configured (no partner key), bad_request (empty / oversized code), activation_code_rejected
  // (Hint refused it: used, expired, unknown), or Hint's availability errors. A failure stores nothing.
  Result<ActivatedPractice> activate(std::string_view code);

private:
  Status record(const ActivationGrant& grant);

  Database& db_;
  const TokenCipher& cipher_;
  HintClient& hint_;
  std::string partner_key_;
  ActivationEndpoint endpoint_;
  Clock clock_;
};

// The practice uninstalled HearBridge: its row becomes inactive (kept for the audit trail). The
// caller holds the database lock. No row (never activated here) is fine; a failed write is an error.
[[nodiscard]] Status mark_practice_inactive(Database& db, std::string_view practice_id, int64_t at);

}  // namespace hb
