// The settings screen: loaded for admins, drawn headless, saved with only what changed, field
// errors beside the field, secrets cleared once saved, and Test connection's answer shown.
#include <catch2/catch_test_macros.hpp>

#include "tests/web/headless_ui.hpp"
#include "tests/web/launch_harness.hpp"
#include "web/settings/settings_flow.hpp"

using namespace hb;
using namespace hb::web;
using namespace hb::web::testing;
using nlohmann::json;

namespace {

SessionContext admin_context() {
  auto context = clinician_context();
  context.surface = "settings";
  context.roles = {"admin"};
  context.permissions = {Permission::view, Permission::draft, Permission::sign, Permission::admin};
  return context;
}

// What the server answers, written by the shared mapping it uses.
std::string stored_settings(bool key_set = false, int secrets = 0, const std::string& clinic_name = "") {
  PracticeSettings stored;
  stored.hearlink_api_key_set = key_set;
  stored.hearlink_api_key_last4 = key_set ? "9f2a" : "";
  stored.hearlink_webhook_secret_count = secrets;
  stored.default_clinic = {"", clinic_name};
  stored.default_referral = {"ref_7", ""};
  return to_json(stored).dump();
}

struct SettingsHarness : LaunchHarness {
  HeadlessUi ui;
  explicit SettingsHarness(SessionContext context = admin_context()) : LaunchHarness("key-abc", "settings") {
    after_frame();
    http.reply(200, exchange_body(context));
    advance(0);
    frame();
  }
  // Draw, then run what the frame queued (as main does).
  void frame() {
    ui.frame(state);
    after_frame();
  }
  int find(const std::string& method, const std::string& path) const {
    for (size_t i = 0; i < http.sent.size(); ++i) {
      if (http.sent[i].request.method == method && http.sent[i].request.path == path && !http.sent[i].answered) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
  void answer(const std::string& method, const std::string& path, int status, const std::string& body) {
    const int index = find(method, path);
    REQUIRE(index >= 0);
    http.reply(status, body, index);
  }
};

}  // namespace

TEST_CASE("an admin's settings surface loads the settings and shows the key masked, the secrets counted") {
  SettingsHarness h;
  REQUIRE(h.find("GET", "/api/settings") >= 0);
  h.answer("GET", "/api/settings", 200, stored_settings(true, 2, "Manchester"));
  h.frame();
  CHECK(h.state.settings.loaded.ready());
  CHECK(api_key_summary(h.state.settings.loaded.value()) == "set · ends with 9f2a");
  CHECK(secrets_summary(h.state.settings.loaded.value()) == "2 secrets saved");
  CHECK(h.state.settings.clinic.by_name);
  CHECK(h.state.settings.clinic.text == "Manchester");
  CHECK_FALSE(h.state.settings.referral.by_name);
  CHECK(h.state.settings.referral.text == "ref_7");
  for (const char* target :
       {"settings_api_key", "settings_test_connection", "settings_replace_secrets", "settings_default_clinic",
        "settings_default_clinic_by_id", "settings_auto_draft", "settings_save"}) {
    CAPTURE(target);
    CHECK(h.ui.target(h.state, target) != nullptr);
  }
  // Loaded once: further frames send nothing more.
  const auto sent = h.http.sent.size();
  h.frame();
  CHECK(h.http.sent.size() == sent);
}

TEST_CASE("Save sends the typed key and the defaults, then forgets the key and shows what is stored") {
  SettingsHarness h;
  h.answer("GET", "/api/settings", 200, stored_settings());
  h.frame();
  auto& s = h.state.settings;
  s.api_key_input = "hl_live_new_key_77aa";
  s.clinic = {false, " cl_1 "};
  s.status = {true, "New"};
  s.auto_draft = true;
  h.state.commands.emplace_back(SaveSettings{});
  h.after_frame();
  const int put = h.find("PUT", "/api/settings");
  REQUIRE(put >= 0);
  // Read back with the parser the server uses.
  auto parsed = parse_settings_update(json::parse(h.http.sent[put].request.body));
  REQUIRE(parsed);
  const auto& body = parsed.value();
  CHECK(body.hearlink_api_key == "hl_live_new_key_77aa");
  CHECK(body.default_clinic == IdOrName{"cl_1", ""});
  CHECK(body.default_referral == IdOrName{"ref_7", ""});
  CHECK(body.default_status == IdOrName{"", "New"});
  CHECK(body.auto_draft_from_hearing_tests == true);
  CHECK_FALSE(body.hearlink_webhook_secrets);  // not being replaced
  CHECK(h.http.sent[put].request.header("Authorization") == "Bearer tok-secret-123");

  h.frame();  // "Saving…" while it is on its way
  CHECK(s.saving.pending());
  h.answer("PUT", "/api/settings", 200, stored_settings(true, 0));
  h.frame();
  CHECK(s.saved_once);
  CHECK(s.api_key_input.empty());
  CHECK(api_key_summary(s.loaded.value()) == "set · ends with 9f2a");
}

TEST_CASE("replacing the webhook secrets sends them as a list; an empty box removes them") {
  SettingsState s;
  s.replace_secrets = true;
  s.secrets_input = "whsec_a, whsec_b\n\n whsec_c ";
  CHECK(settings_update(s).hearlink_webhook_secrets == std::vector<std::string>{"whsec_a", "whsec_b", "whsec_c"});
  s.secrets_input.clear();
  CHECK(settings_update(s).hearlink_webhook_secrets == std::vector<std::string>{});
}

TEST_CASE("a field error from the server is shown beside that field and cleared when it is edited") {
  SettingsHarness h;
  h.answer("GET", "/api/settings", 200, stored_settings());
  h.frame();
  h.state.commands.emplace_back(SaveSettings{});
  h.after_frame();
  h.answer("PUT", "/api/settings", 400,
           error_body(Error{ErrorCode::bad_request, "default_clinic: give an id or a name, not both."}).dump());
  h.frame();
  CHECK(h.state.settings.saving.failed());
  CHECK(h.state.settings.error_field == "default_clinic");
  CHECK(h.state.settings.error_message == "Give an id or a name, not both.");
  settings_edited(h.state, "default_clinic");
  CHECK(h.state.settings.error_field.empty());
  CHECK(split_field_error("The settings must be a JSON object.").first.empty());
}

TEST_CASE("Test connection shows HearLink's answer, good or bad") {
  SettingsHarness h;
  h.answer("GET", "/api/settings", 200, stored_settings(true));
  h.frame();
  h.state.commands.emplace_back(TestConnection{});
  h.after_frame();
  h.answer("POST", "/api/settings/test-connection", 200,
           to_json(ConnectionTest{false, "HearLink refused the API key."}).dump());
  h.frame();
  REQUIRE(h.state.settings.connection.ready());
  CHECK_FALSE(h.state.settings.connection.value().ok);
  CHECK(h.state.settings.connection.value().reason == "HearLink refused the API key.");
  h.state.commands.emplace_back(TestConnection{});
  h.after_frame();
  h.answer("POST", "/api/settings/test-connection", 200, to_json(ConnectionTest{true, ""}).dump());
  h.frame();
  CHECK(h.state.settings.connection.value().ok);
}

TEST_CASE("someone without admin sees the only-admins screen and no settings request goes out") {
  auto context = clinician_context();
  context.surface = "settings";
  SettingsHarness h(context);
  h.frame();
  CHECK(h.find("GET", "/api/settings") < 0);
  CHECK(h.ui.target(h.state, "settings_save") == nullptr);
}

TEST_CASE("the patient directory's progress is shown, polled while Hint's list is read, and refreshed on request") {
  SettingsHarness h;
  h.answer("GET", "/api/settings", 200, stored_settings(true, 2, "Manchester"));
  h.frame();
  DirectoryProgress running{"running", 1200, 12000, "2026-12-02T14:00:00Z", "", "", ""};
  h.answer("GET", "/api/settings/directory", 200, to_json(running).dump());
  h.frame();
  REQUIRE(h.state.settings.directory_shown);
  CHECK(directory_summary(*h.state.settings.directory_shown) ==
        "Reading Hint's patient list: 1,200 of 12,000 patients…");
  CHECK(h.ui.target(h.state, "settings_directory_status"));
  // Asked again after kDirectoryPollMs, the last answer still on screen meanwhile.
  h.advance(kDirectoryPollMs - 1);
  h.frame();
  CHECK(h.find("GET", "/api/settings/directory") < 0);
  h.advance(1);
  h.frame();
  REQUIRE(h.find("GET", "/api/settings/directory") >= 0);
  CHECK(h.state.settings.directory_shown->listed == 1200);
  DirectoryProgress done{"done", 12000, 12000, "2026-12-02T14:00:00Z", "2026-12-02T14:05:00Z", "2026-12-03T14:05:00Z",
                         ""};
  h.answer("GET", "/api/settings/directory", 200, to_json(done).dump());
  h.frame();
  CHECK(directory_summary(*h.state.settings.directory_shown) ==
        "12,000 patients listed from Hint · updated 2026-12-02 14:05 UTC · next check 2026-12-03 14:05 UTC");
  h.advance(kDirectoryPollMs * 5);
  h.frame();
  CHECK(h.find("GET", "/api/settings/directory") < 0);  // done: no more polling
  const auto* refresh = h.ui.target(h.state, "settings_directory_refresh");
  REQUIRE(refresh);
  INFO("refresh at y " << refresh->y << " h " << refresh->h);
  h.ui.click(h.state, *refresh);
  h.after_frame();
  REQUIRE(h.find("POST", "/api/settings/directory/refresh") >= 0);
  h.answer("POST", "/api/settings/directory/refresh", 200, to_json(running).dump());
  CHECK(h.state.settings.directory_shown->status == "running");
}
