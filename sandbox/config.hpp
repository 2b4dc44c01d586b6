// hearbridge-sandbox settings: every flag is bound to an environment variable (the flag wins),
// like the server's. Secrets have sandbox-only defaults so `hearbridge-sandbox` runs bare; scripts/demo
// generates fresh ones and hands the same values to HearBridge.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace hbs {

struct SandboxConfig {
  std::string listen = "127.0.0.1:8090";
  std::string public_url;  // empty: http://<bound address>
  std::string hearbridge_url = "http://127.0.0.1:8080";
  std::string hint_webhook_url;      // empty: <hearbridge_url>/webhooks/hint
  std::string hearlink_webhook_url;  // empty: <hearbridge_url>/webhooks/hearlink
  std::string hint_webhook_secret = "sandbox-hint-webhook-secret";
  std::string hint_partner_id = "ptn-sandbox01";
  std::string hint_api_key = "sandbox-hint-partner-api-key";
  std::string hearlink_api_key = "sandbox-hearlink-api-key";
  std::string hearlink_webhook_secret = "sandbox-hearlink-webhook-secret";
  uint64_t seed = 1;
  double time_scale = 1.0;              // 3600: Hint's hourly retries come every second
  int rate_limit = 20;                  // Hint API requests per second per partner; 0 disables
  int timestamp_offset_minutes = -180;  // the UTC offset Hint writes timestamps with
  bool seed_webhooks = true;            // deliver HearLink webhooks for the seed at start
  int64_t access_token_ttl_s = 0;       // life of a handshake access_token; 0: until the app is uninstalled
  bool log_requests = true;             // one JSON line per request on stderr (tests turn it off)

  // Resolved.
  std::string listen_host;
  int listen_port = 0;
};

struct SandboxConfigOutcome {
  SandboxConfig config;
  std::optional<int> exit_code;  // --help, bad flags or values: stop with this code
};

SandboxConfigOutcome read_sandbox_config(int argc, const char* const* argv);

// "http://127.0.0.1:8080/x" -> "http://127.0.0.1:8080"
std::string origin_of(const std::string& url);
std::string trim_trailing_slash(std::string url);

}  // namespace hbs
