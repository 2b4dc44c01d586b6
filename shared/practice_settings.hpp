// A practice's HearBridge settings as the settings API carries them (the `settings` surface, admins
// only). Secrets are write-only: a reply shows whether a key is set and its last 4 characters.
//   GET/PUT /api/settings reply:
//   {"hearlink_api_key": {"set": true, "last4": "9f2a" | null}, "hearlink_webhook_secrets": {"count": 1},
//    "default_clinic": {"id": null, "name": "Manchester"}, "default_referral": {…}, "default_status": {…},
//    "auto_draft_from_hearing_tests": false}
//   PUT /api/settings request: any of {"hearlink_api_key": "…", "hearlink_webhook_secrets": ["…"],
//    "default_clinic": {"id"} | {"name"} | {}, …, "auto_draft_from_hearing_tests": bool}
//   POST /api/settings/test-connection reply: {"ok": true} | {"ok": false, "reason": "<fixed text>"}
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

// HearLink's exactly-one-of pairs: {"id": "cl_1"} or {"name": "Manchester"}.
struct IdOrName {
  std::string id;
  std::string name;
  bool empty() const { return id.empty() && name.empty(); }

  bool operator==(const IdOrName&) const = default;
};

struct PracticeSettings {
  bool hearlink_api_key_set = false;
  std::string hearlink_api_key_last4;
  int hearlink_webhook_secret_count = 0;
  IdOrName default_clinic;
  IdOrName default_referral;
  IdOrName default_status;
  bool auto_draft_from_hearing_tests = false;

  bool operator==(const PracticeSettings&) const = default;
};
nlohmann::json to_json(const PracticeSettings& settings);
Result<PracticeSettings> parse_practice_settings(const nlohmann::json& json);

// What a save may change; an absent optional leaves the stored value as it is.
struct PracticeSettingsUpdate {
  std::optional<std::string> hearlink_api_key;                       // "" removes it
  std::optional<std::vector<std::string>> hearlink_webhook_secrets;  // [] removes them
  std::optional<IdOrName> default_clinic;                            // empty clears it
  std::optional<IdOrName> default_referral;
  std::optional<IdOrName> default_status;
  std::optional<bool> auto_draft_from_hearing_tests;

  bool operator==(const PracticeSettingsUpdate&) const = default;
};
nlohmann::json to_json(const PracticeSettingsUpdate& update);
// Field errors (bad_request) name the field ("default_clinic: give an id or a name, not both"):
// the settings screen shows the message beside that field.
Result<PracticeSettingsUpdate> parse_settings_update(const nlohmann::json& body);

struct ConnectionTest {
  bool ok = false;
  std::string reason;  // a fixed text when !ok

  bool operator==(const ConnectionTest&) const = default;
};
nlohmann::json to_json(const ConnectionTest& test);
Result<ConnectionTest> parse_connection_test(const nlohmann::json& json);

}  // namespace hb
