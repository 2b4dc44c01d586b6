// Server configuration: every setting is an environment variable with a matching --flag
// (the flag wins). Hint's hosted mode sets HINT_API_URL, HINT_API_KEY, HINT_PARTNER_ID,
// HINT_WEBHOOK_SECRET and DATABASE_URL: those names are read exactly as they are.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/result.hpp"

namespace hb {

enum class LogLevel { debug, info, warn, error };

struct HearLinkSecret {
  std::string practice_id;
  std::string secret;
};

struct Config {
  // As given (strings), then resolved by validate_config.
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string public_url;  // empty: http://<bound address>
  std::string web_dir;     // empty: "web" next to the binary
  std::string log_level = "info";
  std::string hint_webhook_secret;
  std::string hint_webhook_secret_previous;
  std::string data_key;  // base64 of 32 bytes; empty: generated into the data dir
  std::string frame_ancestors = "https://app.hint.com https://app.staging.hint.com";
  std::string hint_api_url = "https://api.hint.com";
  std::string hint_api_key;
  std::string hint_partner_id;
  std::string hint_activation_endpoint =
      "oauth";  // oauth (/oauth/tokens) | installations (/partner/installations/connect)
  std::string database_url;
  std::string hearlink_api_url = "https://app.hearlink.co.uk/api";
  std::string hearlink_webhook_secrets;  // "practice_id:secret,practice_id:secret"
  std::string hint_sdk_url;              // empty: the shell loads no SDK
  std::string roles_file;                // empty: built-in role map
  int64_t handshake_tolerance_s = 300;
  int64_t launch_key_ttl_s = 120;
  int64_t session_idle_timeout_s = 30 * 60;
  int64_t session_max_age_s = 8 * 60 * 60;
  bool outbox_worker = true;  // false: changes queue for Hint but are not sent (e.g. a maintenance window)
  int64_t hearlink_signature_tolerance_s = 300;
  int64_t payload_retention_s = 7 * 24 * 60 * 60;
  int webhook_workers = 1;  // 0 = intake only (e.g. for a maintenance window)

  // Resolved.
  std::string listen_host;
  int listen_port = 0;
  LogLevel log_level_value = LogLevel::info;
  std::vector<HearLinkSecret> hearlink_secrets;
};

struct ConfigOutcome {
  Config config;
  std::optional<int> exit_code;  // set when the process should stop now (--help, bad flags)
};

// Reads flags and environment; prints help or usage errors itself.
ConfigOutcome read_config(int argc, const char* const* argv);

// Checks and resolves every value; the error message names the setting and never echoes a secret.
Status validate_config(Config& config);

// The directory holding the running binary (for the default web dir).
std::filesystem::path executable_dir();

}  // namespace hb
