// Sessions: a verified handshake becomes a session with a single-use launch key (it rides in the
// iframe URL, so it lives briefly and works once); the UI exchanges it for a working token it keeps
// in memory and sends as a Bearer token. Keys and tokens are stored as hashes only; the handshake's
// Hint access token is stored encrypted. Every lookup is scoped by the credential's own session.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/clock.hpp"
#include "server/security/token_cipher.hpp"
#include "server/sessions/handshake.hpp"
#include "server/sessions/role_map.hpp"
#include "server/store/database.hpp"
#include "shared/result.hpp"
#include "shared/session_context.hpp"

namespace hb {

struct SessionPolicy {
  int64_t launch_key_ttl_s = 120;
  int64_t idle_timeout_s = 30 * 60;
  int64_t max_age_s = 8 * 60 * 60;
};

// Who is calling: the session behind a working token.
struct Principal {
  std::string session_id;
  SessionContext context;
};

class SessionStore {
public:
  SessionStore(Database& db, const TokenCipher& cipher, const RoleMap& roles, SessionPolicy policy, Clock clock);

  // Creates a session for a verified, fresh handshake; returns its launch key (never stored as is).
  Result<std::string> create(const Handshake& handshake);

  // The launch key works once, within the TTL: launch_key_invalid / launch_key_used / launch_key_expired.
  // `surface` is where the UI was loaded (empty: inferred from the handshake's context).
  Result<ExchangeReply> exchange(std::string_view session_key, std::string_view surface);

  // A working token → its principal: unauthorized (unknown) / session_expired (idle or too old).
  Result<Principal> authenticate(std::string_view token);

  // The Hint access token from the session's handshake; empty when it carried none.
  Result<std::string> hint_access_token(std::string_view session_id);

  // Deletes expired launch keys, tokens and the sessions left without either; returns how many sessions went.
  Result<int64_t> purge_expired();
  // purge_expired once a minute at most: what App's sweep loop calls every second (never a request:
  // a backlog of 20,000 expired sessions held a handshake for 0.66 s).
  void purge_if_due();

private:
  Database& db_;
  const TokenCipher& cipher_;
  const RoleMap& roles_;
  SessionPolicy policy_;
  Clock clock_;
  std::atomic<int64_t> last_purge_{0};
};

// Ends every session of a practice and forgets its stored Hint token (the practice uninstalled
// HearBridge: integration.deactivated / installation.deactivated). Returns the sessions ended; on
// an error nothing was deleted.
Result<int64_t> end_practice_sessions(Database& db, std::string_view practice_id);

}  // namespace hb
