// Hint's REST API (<HINT_API_URL>/api/…): Bearer tokens, JSON in and out, lists paged with
// limit/offset and X-Total-Count, errors as {"status", "message"}.
// Every call goes through the shared rate limiter and the retry loop (server/http/retrying_caller.hpp):
// 429, 5xx and unsent requests are retried with full-jitter back-off; a POST whose fate is unknown is
// never repeated here — the caller gets upstream_timeout and decides (the outbox asks first).
// Hint's own message texts are not passed on: they may quote patient data.
#pragma once
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "server/hint/rate_limiter.hpp"
#include "server/http/retrying_caller.hpp"
#include "shared/result.hpp"

namespace hb {

struct HintPage {
  nlohmann::json items = nlohmann::json::array();
  int64_t total = 0;  // X-Total-Count
};

// The message of a 401 or 403 from Hint: the token is not (or no longer) good.
constexpr std::string_view kHintRefusedToken = "Hint refused HearBridge's credentials.";
inline bool refused_token(const Error& error) {
  return error.code == ErrorCode::upstream_rejected && error.message == kHintRefusedToken;
}

class HintClient {
public:
  // `random01` returns [0, 1) for jitter (injected so tests are deterministic).
  HintClient(Transport& transport, RateLimiter& limiter, Pacing pacing, RetryPolicy policy = {},
             std::function<double()> random01 = nullptr);

  Result<nlohmann::json> get_patient(const std::string& token, const std::string& patient_id);
  // `filters` are Hint's exact-match parameters (first_name=…); limit 1–100.
  Result<HintPage> list_patients(const std::string& token, const std::map<std::string, std::string>& filters, int limit,
                                 int offset);
  Result<nlohmann::json> create_partner_interaction(const std::string& token, const std::string& patient_id,
                                                    const nlohmann::json& body);
  Result<nlohmann::json> get_partner_interaction(const std::string& token, const std::string& patient_id,
                                                 const std::string& interaction_id);
  Result<nlohmann::json> update_partner_interaction(const std::string& token, const std::string& patient_id,
                                                    const std::string& interaction_id, const nlohmann::json& body);
  // Activation ("Instant On"), with the partner API key: POST /api/oauth/tokens or
  // POST /api/partner/installations/connect, chosen by the caller.
  Result<nlohmann::json> post_with_partner_key(const std::string& partner_key, const std::string& path,
                                               const nlohmann::json& body);

  struct Reply {
    int status = 0;
    httplib::Headers headers;
    nlohmann::json body;
  };
  // One call with limiter and retries; non-2xx answers become catalogue errors.
  Result<Reply> call(const std::string& method, const std::string& path, const std::string& token,
                     const nlohmann::json* body);

private:
  RetryingCaller caller_;
};

// Hint's answer status → our catalogue (404 not_found; 429 rate_limited; 5xx upstream_unavailable;
// other 4xx upstream_rejected).
Error hint_status_error(int status);

}  // namespace hb
