// A practice's HearBridge settings (the `settings` surface, admin only): how new HearLink patients
// are made (API key, default clinic / referral / status — each an id or a name, exactly one),
// HearLink webhook secrets, and whether a new hearing test starts a draft. Secrets are stored
// encrypted and never returned: reads show whether a key is set and its last 4 characters.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/clock.hpp"
#include "server/security/token_cipher.hpp"
#include "server/store/database.hpp"
#include "shared/result.hpp"

namespace hb {

// HearLink's exactly-one-of pairs: {"id": "cl_1"} or {"name": "Manchester"}.
struct IdOrName {
  std::string id;
  std::string name;
  bool empty() const { return id.empty() && name.empty(); }
};

struct PracticeSettings {
  bool hearlink_api_key_set = false;
  std::string hearlink_api_key_last4;
  int hearlink_webhook_secret_count = 0;
  IdOrName default_clinic;
  IdOrName default_referral;
  IdOrName default_status;
  bool auto_draft_from_hearing_tests = false;
};

// What a save may change; an absent optional leaves the stored value as it is.
struct PracticeSettingsUpdate {
  std::optional<std::string> hearlink_api_key;                       // "" removes it
  std::optional<std::vector<std::string>> hearlink_webhook_secrets;  // [] removes them
  std::optional<IdOrName> default_clinic;
  std::optional<IdOrName> default_referral;
  std::optional<IdOrName> default_status;
  std::optional<bool> auto_draft_from_hearing_tests;
};

// The JSON the settings API reads and writes:
//   {"hearlink_api_key": {"set": true, "last4": "9f2a"}, "hearlink_webhook_secrets": {"count": 1},
//    "default_clinic": {"id": null, "name": "Manchester"}, "default_referral": {…}, "default_status": {…},
//    "auto_draft_from_hearing_tests": false}
nlohmann::json to_json(const PracticeSettings& settings);
// Field errors name the field ("default_clinic: give an id or a name, not both").
Result<PracticeSettingsUpdate> parse_settings_update(const nlohmann::json& body);

class PracticeSettingsStore {
public:
  PracticeSettingsStore(Database& db, const TokenCipher& cipher, Clock clock)
      : db_(db), cipher_(cipher), clock_(std::move(clock)) {}

  PracticeSettings get(const std::string& practice_id);
  // `in_transaction` (e.g. the audit row) runs inside the save's transaction; an error rolls it all
  // back, as does any failed write of the save itself (the caller gets `internal`, nothing changed).
  Result<PracticeSettings> save(const std::string& practice_id, const std::string& user_id,
                                const PracticeSettingsUpdate& update,
                                const std::function<Status(Database&, int64_t now)>& in_transaction = {});
  // Decrypted secrets for the server's own use (never for an API answer); empty when none.
  std::string hearlink_api_key(const std::string& practice_id);
  std::vector<std::string> hearlink_webhook_secrets(const std::string& practice_id);
  // Every practice's stored HearLink webhook secrets, for the intake's verifier.
  std::vector<std::pair<std::string, std::string>> all_hearlink_webhook_secrets();

private:
  // The save's writes; caller holds the lock and the transaction.
  Status write(const std::string& practice_id, const std::string& user_id, const PracticeSettingsUpdate& update);

  Database& db_;
  const TokenCipher& cipher_;
  Clock clock_;
};

}  // namespace hb
