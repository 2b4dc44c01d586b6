#pragma once
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/http/http_app.hpp"
#include "server/security/hint_signature.hpp"
#include "server/sessions/authenticator.hpp"

namespace hb {

// POST /hint/handshake (Hint → us, signed), POST /api/session/exchange, GET /api/session,
// GET /api/session/recovery-key (shared/recovery.hpp).
void register_session_routes(HttpApp& http, SessionStore& sessions, const Authenticator& auth, const HintKeys& keys,
                             const TokenCipher& cipher, const Config& config, Clock clock);

// The device recovery key of one user in one practice (the same for every session of theirs there).
std::string device_recovery_key(const TokenCipher& cipher, const SessionContext& context);

}  // namespace hb
