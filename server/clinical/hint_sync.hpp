// Carries notes to Hint: the outbox job "hint.sync_interaction" reconciles the note's partner
// interaction with the note — create it (status draft, our id in integration_record_id, a deep
// link in integration_web_link), follow title changes while a draft, and PATCH the status once the
// note is signed (`signed`), has a signed addendum (`addended`) or was deleted as a draft
// (`deleted`; a draft Hint never had is not created at all). A create whose answer was lost is never sent again: the job stops as
// needs_check and shows in GET /api/admin/outbox, because Hint has no idempotency key and a
// second create would leave two interactions.
#pragma once
#include <functional>
#include <mutex>
#include <string>

#include "server/clinical/outbox.hpp"
#include "server/clock.hpp"
#include "server/hint/hint_client.hpp"
#include "server/security/token_cipher.hpp"
#include "server/sessions/session_store.hpp"

namespace hb {

class HintSync {
public:
  HintSync(Database& db, SessionStore& sessions, const TokenCipher& cipher, HintClient& hint, Clock clock,
           std::function<std::string()> public_url);

  // Runs the jobs due now; returns how many it ran. A job whose outcome could not be stored ends
  // the round (it stays due as it was, and the loop comes back later instead of spinning).
  int run_due(int limit = 20);

private:
  // false when an outcome could not be stored.
  bool run(const OutboxJob& job);
  Result<std::string> token_for(const OutboxJob& job);

  Database& db_;
  SessionStore& sessions_;
  const TokenCipher& cipher_;
  HintClient& hint_;
  Clock clock_;
  std::function<std::string()> public_url_;
  std::mutex running_;
};

// Associated data binding a practice's stored Hint token to its row.
std::string practice_token_aad(const std::string& practice_id);

}  // namespace hb
