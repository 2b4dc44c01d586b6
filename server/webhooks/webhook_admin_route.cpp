#include "server/webhooks/webhook_admin_route.hpp"

#include "server/http/query_params.hpp"

namespace hb {

void register_webhook_admin_route(HttpApp& http, Webhooks& webhooks, const Authenticator& authenticator) {
  http.get("/api/admin/webhooks", [&webhooks, &authenticator](const httplib::Request& req, httplib::Response& res) {
    auto principal = authenticator.require(req, Permission::admin);
    if (!principal) return reply_error(res, principal.error());
    auto limit = integer_param("limit", query_param(req, "limit"), 1, 1000, 100);
    if (!limit) return reply_error(res, limit.error());
    // `before`: the last `seq` of the previous page (0: from the newest).
    auto before = integer_param("before", query_param(req, "before"), 0, INT64_MAX, 0);
    if (!before) return reply_error(res, before.error());
    // Scoped to the session's practice: an admin sees only their own practice's deliveries.
    reply_result(res, webhooks.recent_deliveries(principal.value().context.practice_id, static_cast<int>(limit.value()),
                                                 before.value()));
  });
}

}  // namespace hb
