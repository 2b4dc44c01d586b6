#include "server/config.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "server/http/outbound.hpp"
#include "server/security/base64.hpp"

namespace hb {
namespace {

Error config_error(std::string message) { return Error{ErrorCode::bad_request, std::move(message)}; }

bool parse_port(std::string_view text, int& port) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc() && end == text.data() + text.size() && port >= 0 && port <= 65535;
}

Status check_data_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    return config_error("HEARBRIDGE_DATA_DIR: cannot create directory '" + dir + "'");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return config_error("HEARBRIDGE_DATA_DIR: directory '" + dir + "' is not writable");
  }
  return ok_status();
}

}  // namespace

ConfigOutcome read_config(int argc, const char* const* argv) {
  ConfigOutcome out;
  Config& c = out.config;
  CLI::App app{
      "HearBridge: brings HearLink hearing records into Hint.\n"
      "Every flag can also be set by the environment variable shown beside it; the flag wins.\n"
      "Prefer the environment for secrets: flags are visible in the process list.",
      "hearbridge"};
  app.get_formatter()->column_width(52);
  auto opt = [&](const char* flag, auto& value, const char* env, const char* help) {
    return app.add_option(flag, value, help)->envname(env)->capture_default_str();
  };
  opt("--listen", c.listen, "HEARBRIDGE_LISTEN",
      "host:port to listen on; port 0 picks a free port (printed on the first log line)");
  opt("--data-dir", c.data_dir, "HEARBRIDGE_DATA_DIR",
      "data directory (created if missing; holds the SQLite database)");
  opt("--public-url", c.public_url, "HEARBRIDGE_PUBLIC_URL",
      "base URL for links back to the app (default: http://<listen address>)");
  opt("--web-dir", c.web_dir, "HEARBRIDGE_WEB_DIR", "built UI files (default: web/ next to the binary)");
  opt("--log-level", c.log_level, "HEARBRIDGE_LOG_LEVEL", "debug | info | warn | error");
  auto* hint_secret = opt("--hint-webhook-secret", c.hint_webhook_secret, "HINT_WEBHOOK_SECRET",
                          "Hint Webhooks Signature Key (required to accept handshakes and Hint webhooks)");
  opt("--hint-webhook-secret-previous", c.hint_webhook_secret_previous, "HINT_WEBHOOK_SECRET_PREVIOUS",
      "previous Hint key, also accepted during a rotation");
  opt("--data-key", c.data_key, "HEARBRIDGE_DATA_KEY",
      "base64 of 32 bytes encrypting stored tokens (default: generated once into the data dir, mode 0600)");
  opt("--frame-ancestors", c.frame_ancestors, "HEARBRIDGE_FRAME_ANCESTORS",
      "origins allowed to frame the app (CSP frame-ancestors)");
  opt("--hint-api-url", c.hint_api_url, "HINT_API_URL", "Hint API host; requests go to <url>/api/...");
  opt("--hint-api-key", c.hint_api_key, "HINT_API_KEY", "Hint partner API key");
  opt("--hint-partner-id", c.hint_partner_id, "HINT_PARTNER_ID", "Hint partner id");
  opt("--hint-activation-endpoint", c.hint_activation_endpoint, "HINT_ACTIVATION_ENDPOINT",
      "how an install code is exchanged: oauth (/oauth/tokens) | installations (/partner/installations/connect)");
  opt("--database-url", c.database_url, "DATABASE_URL",
      "unset: a SQLite file in the data dir (PostgreSQL comes later)");
  opt("--hearlink-api-url", c.hearlink_api_url, "HEARLINK_API_URL", "HearLink API base URL");
  opt("--hearlink-webhook-secrets", c.hearlink_webhook_secrets, "HEARLINK_WEBHOOK_SECRETS",
      "comma-separated practice_id:secret pairs (several per practice during rotation)");
  opt("--hint-sdk-url", c.hint_sdk_url, "HEARBRIDGE_HINT_SDK_URL",
      "URL of hint-sdk.js the app shell loads (default: none)");
  opt("--roles-file", c.roles_file, "HEARBRIDGE_ROLES_FILE",
      "JSON map of Hint partner role -> permissions (default: built-in)");
  opt("--handshake-tolerance", c.handshake_tolerance_s, "HEARBRIDGE_HANDSHAKE_TOLERANCE",
      "seconds a handshake timestamp may differ from now");
  opt("--launch-key-ttl", c.launch_key_ttl_s, "HEARBRIDGE_LAUNCH_KEY_TTL",
      "seconds a session_key may wait to be exchanged");
  opt("--session-idle-timeout", c.session_idle_timeout_s, "HEARBRIDGE_SESSION_IDLE_TIMEOUT",
      "seconds of inactivity that end a working token");
  opt("--session-max-age", c.session_max_age_s, "HEARBRIDGE_SESSION_MAX_AGE",
      "seconds after which a working token ends regardless");
  opt("--outbox-worker", c.outbox_worker, "HEARBRIDGE_OUTBOX_WORKER",
      "send queued changes to Hint (false: keep them queued, e.g. for a maintenance window)");
  opt("--hearlink-signature-tolerance", c.hearlink_signature_tolerance_s, "HEARLINK_SIGNATURE_TOLERANCE",
      "seconds a HearLink webhook signature's t may differ from now (either way)");
  opt("--payload-retention", c.payload_retention_s, "HEARBRIDGE_PAYLOAD_RETENTION",
      "seconds raw webhook payloads are kept once processed (event ids: at least 7 days)");
  opt("--webhook-workers", c.webhook_workers, "HEARBRIDGE_WEBHOOK_WORKERS",
      "threads processing received webhooks; 0 = intake only (e.g. for a maintenance window)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    out.exit_code = app.exit(e);
    return out;
  }
  // A key that is set but empty is a deployment mistake (a missing value): refuse to start rather
  // than run as if no key were configured. CLI11 ignores empty environment values, so look directly.
  const char* env_secret = std::getenv("HINT_WEBHOOK_SECRET");
  const bool given = hint_secret->count() > 0 || env_secret != nullptr;
  if (given && c.hint_webhook_secret.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::fprintf(stderr, "hearbridge: invalid configuration: HINT_WEBHOOK_SECRET is set but empty\n");
    out.exit_code = 2;
  }
  return out;
}

Status validate_config(Config& c) {
  auto colon = c.listen.rfind(':');
  if (colon == std::string::npos || colon == 0 ||
      !parse_port(std::string_view(c.listen).substr(colon + 1), c.listen_port)) {
    return config_error("HEARBRIDGE_LISTEN: '" + c.listen + "' is not host:port (e.g. 127.0.0.1:8080)");
  }
  c.listen_host = c.listen.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[' && c.listen_host.back() == ']') {
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  }

  if (auto status = check_data_dir(c.data_dir); !status) return status;

  if (c.log_level == "debug")
    c.log_level_value = LogLevel::debug;
  else if (c.log_level == "info")
    c.log_level_value = LogLevel::info;
  else if (c.log_level == "warn")
    c.log_level_value = LogLevel::warn;
  else if (c.log_level == "error")
    c.log_level_value = LogLevel::error;
  else
    return config_error("HEARBRIDGE_LOG_LEVEL: '" + c.log_level + "' is not one of debug, info, warn, error");

  if (!c.data_key.empty()) {
    auto key = base64_decode(c.data_key);
    if (!key || key->size() != 32) {
      return config_error(
          "HEARBRIDGE_DATA_KEY: not the base64 of exactly 32 bytes (make one with: openssl rand -base64 32)");
    }
  }

  for (auto [url, name] :
       {std::pair{&c.hint_api_url, "HINT_API_URL"}, std::pair{&c.hearlink_api_url, "HEARLINK_API_URL"}}) {
    if (auto parsed = parse_base_url(*url, name); !parsed) return parsed.error();
  }
  if (!c.public_url.empty() && !c.public_url.starts_with("https://") && !c.public_url.starts_with("http://")) {
    return config_error("HEARBRIDGE_PUBLIC_URL: must start with https:// (or http:// for local use)");
  }

  if (c.hint_activation_endpoint != "oauth" && c.hint_activation_endpoint != "installations") {
    return config_error("HINT_ACTIVATION_ENDPOINT: '" + c.hint_activation_endpoint +
                        "' is not one of oauth, installations");
  }

  if (!c.database_url.empty()) {
    return config_error("DATABASE_URL: only the embedded SQLite store exists yet; unset DATABASE_URL to use it");
  }

  c.hearlink_secrets.clear();
  std::string_view rest = c.hearlink_webhook_secrets;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto pair = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (pair.empty()) continue;
    auto sep = pair.find(':');
    if (sep == std::string_view::npos || sep == 0 || sep + 1 == pair.size()) {
      return config_error("HEARLINK_WEBHOOK_SECRETS: every entry must be practice_id:secret");
    }
    c.hearlink_secrets.push_back({std::string(pair.substr(0, sep)), std::string(pair.substr(sep + 1))});
  }

  for (auto [value, name] : {std::pair{c.handshake_tolerance_s, "HEARBRIDGE_HANDSHAKE_TOLERANCE"},
                             std::pair{c.launch_key_ttl_s, "HEARBRIDGE_LAUNCH_KEY_TTL"},
                             std::pair{c.session_idle_timeout_s, "HEARBRIDGE_SESSION_IDLE_TIMEOUT"},
                             std::pair{c.session_max_age_s, "HEARBRIDGE_SESSION_MAX_AGE"},
                             std::pair{c.hearlink_signature_tolerance_s, "HEARLINK_SIGNATURE_TOLERANCE"},
                             std::pair{c.payload_retention_s, "HEARBRIDGE_PAYLOAD_RETENTION"}}) {
    if (value <= 0) return config_error(std::string(name) + ": must be a positive number of seconds");
  }

  if (c.webhook_workers < 0 || c.webhook_workers > 16) {
    return config_error("HEARBRIDGE_WEBHOOK_WORKERS: must be between 0 and 16");
  }

  if (!c.roles_file.empty() && !std::ifstream(c.roles_file)) {
    return config_error("HEARBRIDGE_ROLES_FILE: cannot read '" + c.roles_file + "'");
  }
  return ok_status();
}

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : self.parent_path();
}

}  // namespace hb
