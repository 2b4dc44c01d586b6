// The HearLink bridge's routes:
//   POST /api/patients/{id}/link            (draft)  queue (or retry) making the Hint patient a HearLink
//                                                    patient → 202 {"link": {status, hearlink_uid, reason}}
//   POST /api/settings/test-connection      (admin)  try the practice's stored HearLink key →
//                                                    200 {"ok": true} | 200 {"ok": false, "reason": "<fixed text>"}
// GET /api/patients/{id}/hearing never queues anything: when it reports link.status "not_linked",
// the UI calls POST …/link (idempotent: calling it on every such open is safe).
#pragma once
#include <functional>

#include "server/clock.hpp"
#include "server/hearlink/hearlink_client.hpp"
#include "server/http/http_app.hpp"
#include "server/practice/practice_settings.hpp"
#include "server/sessions/authenticator.hpp"
#include "server/store/database.hpp"

namespace hb {

struct BridgeRouteDeps {
  Database& db;
  PracticeSettingsStore& settings;
  HearLinkClient& hearlink;
  const Authenticator& auth;
  Clock clock;
  std::function<void()> outbox_changed;  // wakes the outbox loop
};

void register_bridge_routes(HttpApp& http, BridgeRouteDeps deps);

}  // namespace hb
