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
#include "shared/practice_settings.hpp"
#include "shared/result.hpp"

namespace hb {

class PracticeSettingsStore {
public:
  PracticeSettingsStore(Database& db, const TokenCipher& cipher, Clock clock)
      : db_(db), cipher_(cipher), clock_(std::move(clock)) {}

  // A practice without a row has the built-in defaults; a read that fails is `internal`, never
  // those defaults (callers would act on settings the admin did not choose).
  [[nodiscard]] Result<PracticeSettings> get(const std::string& practice_id);
  // `in_transaction` (e.g. the audit row) runs inside the save's transaction; an error rolls it all
  // back, as does any failed write of the save itself (the caller gets `internal`, nothing changed).
  Result<PracticeSettings> save(const std::string& practice_id, const std::string& user_id,
                                const PracticeSettingsUpdate& update,
                                const std::function<Status(Database&, int64_t now)>& in_transaction = {});
  // Decrypted secrets for the server's own use (never for an API answer); empty when none. A read
  // or a decryption that fails is `internal`: "no key" would tell the admin to set one they did set.
  [[nodiscard]] Result<std::string> hearlink_api_key(const std::string& practice_id);
  // Every practice's stored HearLink webhook secrets, for the intake's verifier; `internal` when
  // any cannot be read (a partial list would answer 401 to the practices it left out).
  [[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> all_hearlink_webhook_secrets();

private:
  // The save's writes; caller holds the lock and the transaction.
  Status write(const std::string& practice_id, const std::string& user_id, const PracticeSettingsUpdate& update);

  Database& db_;
  const TokenCipher& cipher_;
  Clock clock_;
};

}  // namespace hb
