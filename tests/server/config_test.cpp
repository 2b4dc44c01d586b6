#include "server/config.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <vector>

#include "tests/support/test_app.hpp"

using hb::test::TempDir;

namespace {
hb::ConfigOutcome read(std::vector<const char*> args) {
  args.insert(args.begin(), "hearbridge");
  return hb::read_config(static_cast<int>(args.size()), args.data());
}
}  // namespace

TEST_CASE("defaults are the documented ones") {
  auto outcome = read({});
  REQUIRE(!outcome.exit_code);
  const auto& c = outcome.config;
  CHECK(c.listen == "127.0.0.1:8080");
  CHECK(c.data_dir == "./data");
  CHECK(c.log_level == "info");
  CHECK(c.frame_ancestors == "https://app.hint.com https://app.staging.hint.com");
  CHECK(c.hint_api_url == "https://api.hint.com");
  CHECK(c.hearlink_api_url == "https://app.hearlink.co.uk/api");
  CHECK(c.handshake_tolerance_s == 300);
  CHECK(c.launch_key_ttl_s == 120);
  CHECK(c.session_idle_timeout_s == 1800);
  CHECK(c.session_max_age_s == 28800);
}

TEST_CASE("environment variables set values and flags win over them") {
  ::setenv("HEARBRIDGE_LOG_LEVEL", "debug", 1);
  ::setenv("HINT_WEBHOOK_SECRET", "from-env", 1);
  auto outcome = read({"--log-level", "warn"});
  ::unsetenv("HEARBRIDGE_LOG_LEVEL");
  ::unsetenv("HINT_WEBHOOK_SECRET");
  REQUIRE(!outcome.exit_code);
  CHECK(outcome.config.log_level == "warn");
  CHECK(outcome.config.hint_webhook_secret == "from-env");
}

TEST_CASE("an unknown flag stops with a usage error") {
  auto outcome = read({"--no-such-flag"});
  REQUIRE(outcome.exit_code);
  CHECK(*outcome.exit_code != 0);
}

TEST_CASE("validation resolves the listen address and HearLink secrets") {
  TempDir dir;
  hb::Config c;
  c.data_dir = (dir.path() / "data").string();
  c.listen = "[::1]:0";
  c.hearlink_webhook_secrets = "pra-1:s1,pra-1:s2,pra-2:x:y";
  REQUIRE(hb::validate_config(c).ok());
  CHECK(c.listen_host == "::1");
  CHECK(c.listen_port == 0);
  REQUIRE(c.hearlink_secrets.size() == 3);
  CHECK(c.hearlink_secrets[1].practice_id == "pra-1");
  CHECK(c.hearlink_secrets[1].secret == "s2");
  CHECK(c.hearlink_secrets[2].secret == "x:y");
  CHECK(std::filesystem::is_directory(c.data_dir));
}

TEST_CASE("invalid values stop the server with a message naming the setting and not echoing secrets") {
  TempDir dir;
  struct Case {
    const char* setting;
    void (*apply)(hb::Config&);
  };
  const Case cases[] = {
      {"HEARBRIDGE_LISTEN", [](hb::Config& c) { c.listen = "localhost"; }},
      {"HEARBRIDGE_LISTEN", [](hb::Config& c) { c.listen = "127.0.0.1:70000"; }},
      {"HEARBRIDGE_LISTEN", [](hb::Config& c) { c.listen = ":8080"; }},
      {"HEARBRIDGE_LOG_LEVEL", [](hb::Config& c) { c.log_level = "loud"; }},
      {"HEARBRIDGE_DATA_KEY", [](hb::Config& c) { c.data_key = "c2VjcmV0LWtleS10b28tc2hvcnQ="; }},
      {"HEARBRIDGE_DATA_KEY", [](hb::Config& c) { c.data_key = "not base64 at all!"; }},
      {"HEARBRIDGE_DATA_DIR", [](hb::Config& c) { c.data_dir = "/proc/hearbridge-cannot-exist"; }},
      {"HEARLINK_WEBHOOK_SECRETS", [](hb::Config& c) { c.hearlink_webhook_secrets = "pra-1-no-secret"; }},
      {"DATABASE_URL", [](hb::Config& c) { c.database_url = "postgres://u:p@h/db"; }},
      {"HEARBRIDGE_SESSION_IDLE_TIMEOUT", [](hb::Config& c) { c.session_idle_timeout_s = 0; }},
      {"HEARBRIDGE_ROLES_FILE", [](hb::Config& c) { c.roles_file = "/nonexistent/roles.json"; }},
  };
  for (const auto& test : cases) {
    hb::Config c;
    c.data_dir = (dir.path() / "data").string();
    test.apply(c);
    auto status = hb::validate_config(c);
    INFO(test.setting);
    REQUIRE(!status.ok());
    auto text = std::string(status.error().text());
    CHECK(text.starts_with(test.setting));
    CHECK(text.find("c2VjcmV0") == std::string::npos);
    CHECK(text.find("u:p@") == std::string::npos);
  }
}

TEST_CASE("a Hint signature key that is set but empty refuses to start") {
  auto flag = read({"--hint-webhook-secret", ""});
  REQUIRE(flag.exit_code);
  CHECK(*flag.exit_code == 2);
  ::setenv("HINT_WEBHOOK_SECRET", "  ", 1);
  auto env = read({});
  ::unsetenv("HINT_WEBHOOK_SECRET");
  REQUIRE(env.exit_code);
  CHECK(*env.exit_code == 2);
  ::setenv("HINT_WEBHOOK_SECRET", "", 1);
  auto empty_env = read({});
  ::unsetenv("HINT_WEBHOOK_SECRET");
  CHECK(empty_env.exit_code);
  CHECK(!read({}).exit_code);  // unset: allowed (handshakes then get 503)
}
