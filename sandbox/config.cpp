#include "sandbox/config.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>

namespace hbs {

std::string origin_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return url.substr(0, path);
}

std::string trim_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

SandboxConfigOutcome read_sandbox_config(int argc, const char* const* argv) {
  SandboxConfigOutcome out;
  SandboxConfig& c = out.config;
  CLI::App app{
      "hearbridge-sandbox: Hint and HearLink on localhost, for demos and end-to-end tests.\n"
      "Every flag can also be set by the environment variable shown beside it; the flag wins.",
      "hearbridge-sandbox"};
  app.get_formatter()->column_width(52);
  auto opt = [&](const char* flag, auto& value, const char* env, const char* help) {
    return app.add_option(flag, value, help)->envname(env)->capture_default_str();
  };
  opt("--listen", c.listen, "SANDBOX_LISTEN", "host:port; port 0 picks a free port (printed on the first stderr line)");
  opt("--public-url", c.public_url, "SANDBOX_PUBLIC_URL", "the sandbox's own URL (default: http://<listen address>)");
  opt("--hearbridge-url", c.hearbridge_url, "SANDBOX_HEARBRIDGE_URL",
      "HearBridge's base URL (handshake, surfaces, webhooks)");
  opt("--hint-webhook-url", c.hint_webhook_url, "SANDBOX_HINT_WEBHOOK_URL",
      "where Hint webhooks go (default: <hearbridge>/webhooks/hint)");
  opt("--hearlink-webhook-url", c.hearlink_webhook_url, "SANDBOX_HEARLINK_WEBHOOK_URL",
      "where HearLink webhooks go (default: <hearbridge>/webhooks/hearlink)");
  opt("--hint-webhook-secret", c.hint_webhook_secret, "SANDBOX_HINT_WEBHOOK_SECRET",
      "Hint's Webhooks Signature Key (HearBridge's HINT_WEBHOOK_SECRET)");
  opt("--hint-partner-id", c.hint_partner_id, "SANDBOX_HINT_PARTNER_ID",
      "the partner id (HearBridge's HINT_PARTNER_ID)");
  opt("--hint-api-key", c.hint_api_key, "SANDBOX_HINT_API_KEY", "the partner API key (HearBridge's HINT_API_KEY)");
  opt("--hearlink-api-key", c.hearlink_api_key, "SANDBOX_HEARLINK_API_KEY", "the HearLink account's x-api-key");
  opt("--hearlink-webhook-secret", c.hearlink_webhook_secret, "SANDBOX_HEARLINK_WEBHOOK_SECRET",
      "HearLink webhook secret (HearBridge's HEARLINK_WEBHOOK_SECRETS=pra-sandbox01:<secret>)");
  opt("--seed", c.seed, "SANDBOX_SEED", "seed for the generated data (same seed, same data)");
  opt("--time-scale", c.time_scale, "SANDBOX_TIME_SCALE",
      "webhook retry delays are divided by this (3600: an hour per second)")
      ->check(CLI::PositiveNumber);
  opt("--rate-limit", c.rate_limit, "SANDBOX_RATE_LIMIT", "Hint API requests per second per partner (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  opt("--timestamp-offset", c.timestamp_offset_minutes, "SANDBOX_TIMESTAMP_OFFSET",
      "UTC offset in minutes of Hint's timestamps")
      ->check(CLI::Range(-14 * 60, 14 * 60));
  opt("--access-token-ttl", c.access_token_ttl_s, "SANDBOX_ACCESS_TOKEN_TTL",
      "seconds a handshake access_token works on the API (0: until the app is uninstalled)")
      ->check(CLI::NonNegativeNumber);
  opt("--seed-webhooks", c.seed_webhooks, "SANDBOX_SEED_WEBHOOKS", "deliver HearLink webhooks for the seed at start");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    out.exit_code = app.exit(e);
    return out;
  }

  const auto colon = c.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    const char* begin = c.listen.data() + colon + 1;
    const char* end = c.listen.data() + c.listen.size();
    auto [ptr, ec] = std::from_chars(begin, end, port);
    if (ec != std::errc() || ptr != end) port = -1;
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    std::fprintf(stderr, "hearbridge-sandbox: SANDBOX_LISTEN must be host:port, got '%s'\n", c.listen.c_str());
    out.exit_code = 2;
    return out;
  }
  c.listen_host = c.listen.substr(0, colon);
  c.listen_port = port;
  c.hearbridge_url = trim_trailing_slash(c.hearbridge_url);
  if (c.hint_webhook_url.empty()) c.hint_webhook_url = c.hearbridge_url + "/webhooks/hint";
  if (c.hearlink_webhook_url.empty()) c.hearlink_webhook_url = c.hearbridge_url + "/webhooks/hearlink";
  return out;
}

}  // namespace hbs
