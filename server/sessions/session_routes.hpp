#pragma once
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/http/http_app.hpp"
#include "server/security/hint_signature.hpp"
#include "server/sessions/authenticator.hpp"

namespace hb {

// POST /hint/handshake (Hint → us, signed), POST /api/session/exchange, GET /api/session.
void register_session_routes(HttpApp& http, SessionStore& sessions, const Authenticator& auth, const HintKeys& keys,
                             const Config& config, Clock clock);

}  // namespace hb
