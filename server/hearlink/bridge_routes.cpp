#include "server/hearlink/bridge_routes.hpp"

#include "server/hearlink/patient_links.hpp"

namespace hb {

void register_bridge_routes(HttpApp& http, BridgeRouteDeps deps) {
  auto shared = std::make_shared<BridgeRouteDeps>(std::move(deps));

  http.post("/api/patients/:id/link", [d = shared](const httplib::Request& req, httplib::Response& res) {
    auto who = d->auth.require(req, Permission::draft);
    if (!who) return reply_error(res, who.error());
    const auto& practice = who.value().context.practice_id;
    const auto& patient_id = req.path_params.at("id");
    std::optional<PatientLink> link;
    {
      auto lock = d->db.lock();
      // Only a patient of this practice that HearBridge knows (webhook or first open) can be linked.
      auto known =
          d->db.prepare("SELECT 1 FROM hint_patients WHERE practice_id = ? AND patient_id = ? AND status = 'active'");
      known.bind(1, practice).bind(2, patient_id);
      if (!known.step())
        return reply_error(res, Error{known.failed() ? ErrorCode::internal : ErrorCode::not_found, {}});
      auto tx = Transaction::begin(d->db);
      if (!tx) return reply_error(res, tx.error());
      // Nothing to do (already linked or pending) is fine; a failed write answers 500 and commits nothing.
      auto queued =
          request_link(d->db, practice, patient_id, who.value().session_id, LinkRequest::person_retry, d->clock());
      if (!queued) return reply_error(res, queued.error());
      if (auto committed = tx.value().commit(); !committed) return reply_error(res, committed.error());
      auto stored = read_link(d->db, practice, patient_id);
      if (!stored) return reply_error(res, stored.error());
      link = std::move(stored).value();
    }
    if (d->outbox_changed) d->outbox_changed();
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 202, to_json(LinkReply{link_view(link)}));
  });

  http.post("/api/settings/test-connection", [d = shared](const httplib::Request& req, httplib::Response& res) {
    auto who = d->auth.require(req, Permission::admin);
    if (!who) return reply_error(res, who.error());
    res.set_header("Cache-Control", "no-store");
    const auto stored = d->settings.hearlink_api_key(who.value().context.practice_id);
    if (!stored) return reply_error(res, stored.error());
    const auto& key = stored.value();
    auto answer = [&res](bool ok, const char* reason) { reply_json(res, 200, to_json(ConnectionTest{ok, reason})); };
    if (key.empty()) return answer(false, "No HearLink API key is set.");
    auto works = d->hearlink.key_works(key);
    if (!works) return answer(false, "HearLink cannot be reached. Check the connection and try again.");
    if (!works.value()) return answer(false, "HearLink refused the API key.");
    answer(true, "");
  });
}

}  // namespace hb
