// HearLink's REST API (<HEARLINK_API_URL>/…, docs/contracts/hearlink.md#rest-api): the practice's own key in
// `x-api-key`, JSON in and out, answers in an envelope:
//   {"success": true, "data": …}
//   {"success": false, "error": {"code": "VALIDATION_ERROR", "message": "…", "details": {"field": "reason"}}}
// Calls go through the same retry loop as HintClient's (server/http/retrying_caller.hpp), without a
// rate limiter (HearLink documents no budget): unsent requests, 429 and 5xx to a GET are retried with
// full-jitter back-off; a POST whose fate is unknown (timeout after sending, 5xx) is never repeated
// here — the caller gets upstream_timeout and decides. HearLink's messages are kept only for validation
// failures (field names and HearLink's reasons, which name rules, not values) so admins can act.
#pragma once
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/http/retrying_caller.hpp"
#include "shared/result.hpp"

namespace hb {

class HearLinkClient {
public:
  // `random01` returns [0, 1) for jitter (injected so tests are deterministic).
  HearLinkClient(Transport& transport, Pacing pacing, RetryPolicy policy = {},
                 std::function<double()> random01 = nullptr);

  // POST /patients/create → the new patient's uid. A validation refusal is upstream_rejected with
  // "HearLink refused the patient: <field>: <reason>; …".
  Result<std::string> create_patient(const std::string& api_key, const nlohmann::json& request);
  // GET /patients/{uid} → the patient (data).
  Result<nlohmann::json> get_patient(const std::string& api_key, const std::string& uid);

  // The key check behind "Test connection": asks for a patient that cannot exist. 404 (or 200)
  // means HearLink accepted the key; 401/403 means it did not.
  Result<bool> key_works(const std::string& api_key);

  struct Reply {
    int status = 0;
    nlohmann::json body;  // the whole envelope (may be null for an empty answer)
  };
  // One call with retries. Any HTTP answer comes back as a Reply (2xx or not); only transport
  // failures and retried-out 429/5xx become errors.
  Result<Reply> call(const std::string& method, const std::string& path, const std::string& api_key,
                     const nlohmann::json* body);

private:
  RetryingCaller caller_;
};

// HearLink's answer status → our catalogue (404 not_found; 401/403 "refused the API key";
// 429 rate_limited; 5xx upstream_unavailable; other 4xx upstream_rejected).
Error hearlink_status_error(int status);

}  // namespace hb
