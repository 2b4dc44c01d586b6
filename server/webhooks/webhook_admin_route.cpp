#include "server/webhooks/webhook_admin_route.hpp"

#include <charconv>

namespace hb {

void register_webhook_admin_route(HttpApp& http, Webhooks& webhooks, const Authenticator& authenticator) {
  http.get("/api/admin/webhooks", [&webhooks, &authenticator](const httplib::Request& req, httplib::Response& res) {
    auto principal = authenticator.require(req, Permission::admin);
    if (!principal) return reply_error(res, principal.error());
    int limit = 100;
    if (req.has_param("limit")) {
      auto text = req.get_param_value("limit");
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
      if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 1000) {
        return reply_error(res, Error{ErrorCode::bad_request, "limit must be a number from 1 to 1000."});
      }
    }
    // Scoped to the session's practice: an admin sees only their own practice's deliveries.
    reply_json(res, 200, webhooks.recent_deliveries(principal.value().context.practice_id, limit));
  });
}

}  // namespace hb
