#include "server/directory/directory_routes.hpp"

#include <memory>

#include "server/clinical/audit.hpp"

namespace hb {

void register_directory_routes(HttpApp& http, DirectoryRouteDeps deps) {
  auto d = std::make_shared<DirectoryRouteDeps>(std::move(deps));
  http.get("/api/settings/directory", [d](const httplib::Request& req, httplib::Response& res) {
    auto who = d->authenticator.require(req, Permission::admin);
    if (!who) return reply_error(res, who.error());
    auto progress = d->directory.progress(who.value().context.practice_id);
    if (!progress) return reply_error(res, progress.error());
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, to_json(progress.value()));
  });
  http.post("/api/settings/directory/refresh", [d](const httplib::Request& req, httplib::Response& res) {
    auto who = d->authenticator.require(req, Permission::admin);
    if (!who) return reply_error(res, who.error());
    const auto& practice = who.value().context.practice_id;
    {  // the request and its audit row, together or not at all
      auto lock = d->db.lock();
      auto tx = Transaction::begin(d->db);
      if (!tx) return reply_error(res, tx.error());
      const auto now = d->clock();
      auto audit = audit_entry(who.value(), "directory.refresh", "practice", practice);
      Status done = request_directory_pass(d->db, practice, now);
      if (done) done = append_audit(d->db, audit, now);
      if (done) done = tx.value().commit();
      if (!done) return reply_error(res, done.error());
    }
    auto progress = d->directory.progress(practice);
    if (!progress) return reply_error(res, progress.error());
    if (d->wake) d->wake();
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, to_json(progress.value()));
  });
}

}  // namespace hb
