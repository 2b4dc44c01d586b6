// GET /api/admin/webhooks?limit=N (admin permission): the session's practice's recent deliveries,
// newest first — source, event id, type, delivery id, times, status, attempts, last error. No payload.
#pragma once
#include "server/http/http_app.hpp"
#include "server/sessions/authenticator.hpp"
#include "server/webhooks/webhooks.hpp"

namespace hb {

void register_webhook_admin_route(HttpApp& http, Webhooks& webhooks, const Authenticator& authenticator);

}  // namespace hb
