#include "server/sessions/session_routes.hpp"

#include "server/log.hpp"
#include "server/security/base64.hpp"
#include "shared/json_input.hpp"
#include "shared/recovery.hpp"

namespace hb {

void register_session_routes(HttpApp& http, SessionStore& sessions, const Authenticator& auth, const HintKeys& keys,
                             const TokenCipher& cipher, const Config& config, Clock clock) {
  // Verify first, on the raw bytes; then decode permissively.
  http.post("/hint/handshake", [&sessions, &keys, tolerance = config.handshake_tolerance_s, clock](
                                   const httplib::Request& req, httplib::Response& res) {
    if (!keys.configured()) {
      reply_error(res, Error{ErrorCode::not_configured, "HearBridge has no Hint signature key (HINT_WEBHOOK_SECRET)."});
      return;
    }
    auto check = verify_hint_signature(req.get_header_value("X-Hint-Signature"), req.body, keys);
    if (!check.ok) {
      reply_error(res, Error{ErrorCode::bad_signature, {}});
      return;
    }
    auto handshake = parse_handshake(req.body);
    if (!handshake) {
      reply_error(res, handshake.error());
      return;
    }
    if (auto fresh = check_handshake_freshness(handshake.value(), clock(), tolerance); !fresh) {
      reply_error(res, fresh.error());
      return;
    }
    auto key = sessions.create(handshake.value());
    if (!key) {
      reply_error(res, key.error());
      return;
    }
    log::info("session_created", {{"practice_id", handshake.value().practice_id},
                                  {"roles", handshake.value().partner_roles.size()},
                                  {"previous_key", check.matched_previous},
                                  {"request_id", current_request_id()}});
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, {{"session_key", key.value()}});
  });

  http.post("/api/session/exchange", [&sessions](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_json(req.body);
    if (!body) {
      reply_error(res, body.error());
      return;
    }
    auto request = parse_exchange_request(body.value());
    if (!request) {
      reply_error(res, request.error());
      return;
    }
    auto reply = sessions.exchange(request.value().session_key, request.value().surface);
    if (!reply) {
      reply_error(res, reply.error());
      return;
    }
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, to_json(reply.value()));
  });

  http.get("/api/session", [&auth](const httplib::Request& req, httplib::Response& res) {
    auto principal = auth.authenticate(req);
    if (!principal) {
      reply_error(res, principal.error());
      return;
    }
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, to_json(SessionReply{principal.value().context}));
  });

  // Only for those who write notes: the key encrypts unsaved words on their device.
  http.get("/api/session/recovery-key", [&auth, &cipher](const httplib::Request& req, httplib::Response& res) {
    auto who = auth.require(req, Permission::draft);
    if (!who) return reply_error(res, who.error());
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, to_json(RecoveryKeyReply{base64_encode(device_recovery_key(cipher, who.value().context))}));
  });
}

std::string device_recovery_key(const TokenCipher& cipher, const SessionContext& context) {
  // Ids are joined with a byte no id holds, so ("a", "b\0c") and ("a\0b", "c") never meet.
  return cipher.derive(std::string("device recovery\0", 16) + context.practice_id + '\0' + context.user_id);
}

}  // namespace hb
