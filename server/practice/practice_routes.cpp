#include "server/practice/practice_routes.hpp"

#include <memory>

#include "server/clinical/audit.hpp"
#include "server/http/html_escape.hpp"
#include "server/log.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

nlohmann::json practice_json(const ActivatedPractice& p) {
  return {{"status", "active"}, {"practice", {{"id", p.practice_id}, {"name", p.practice_name}}}};
}

}  // namespace

std::string activation_page(const ActivatedPractice* practice, const Error* error) {
  // Hint's look (white card, Inter/system sans, teal accent) without any external resource.
  std::string title, heading, body;
  if (practice) {
    title = "HearBridge is installed";
    heading = "HearBridge is installed";
    body = "<p class=\"practice\">" + html_escape(practice->practice_name) +
           "</p><p>Clinicians can now open HearBridge from a patient's chart in Hint. A practice admin can set up "
           "HearLink under HearBridge's settings.</p><p class=\"hint\">You can close this page.</p>";
  } else {
    title = "HearBridge could not be installed";
    heading = "HearBridge could not be installed";
    body = "<p>" + html_escape(error ? error_info(error->code).clinician : error_info(ErrorCode::internal).clinician) +
           "</p>";
  }
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>" +
         title +
         "</title><style>"
         "body{margin:0;background:#f4f6f8;font:14px/1.5 Inter,system-ui,-apple-system,'Segoe "
         "UI',sans-serif;color:#1f2933}"
         "main{max-width:440px;margin:96px auto;background:#fff;border:1px solid "
         "#dde3e8;border-radius:8px;padding:32px}"
         "h1{font-size:18px;font-weight:600;margin:0 0 16px;color:" +
         std::string(practice ? "#0f7b6c" : "#b42318") +
         "}"
         ".practice{font-size:16px;font-weight:600;margin:0 0 8px}.hint{color:#616e7c;font-size:12px}"
         ".brand{font-size:12px;color:#616e7c;letter-spacing:.04em;text-transform:uppercase;margin-bottom:8px}"
         "</style></head><body><main><div class=\"brand\">HearBridge</div><h1>" +
         heading + "</h1>" + body + "</main></body></html>";
}

void register_practice_routes(HttpApp& http, PracticeRouteDeps deps) {
  auto d = std::make_shared<PracticeRouteDeps>(std::move(deps));

  http.post("/hint/connect/:code", [d](const httplib::Request& req, httplib::Response& res) {
    auto activated = d->activation.activate(req.path_params.at("code"));
    if (!activated) return reply_error(res, activated.error());
    reply_json(res, 200, practice_json(activated.value()));
  });

  http.get("/hint/activate", [d](const httplib::Request& req, httplib::Response& res) {
    auto activated = d->activation.activate(req.get_param_value("code"));
    // The code rides in this page's URL: never pass it on as a referrer; load nothing from elsewhere.
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    if (activated) {
      res.status = 200;
      res.set_content(activation_page(&activated.value(), nullptr), "text/html; charset=utf-8");
    } else {
      res.status = activated.error().http_status();
      res.set_content(activation_page(nullptr, &activated.error()), "text/html; charset=utf-8");
    }
  });

  http.get("/api/settings", [d](const httplib::Request& req, httplib::Response& res) {
    auto who = d->authenticator.require(req, Permission::admin);
    if (!who) return reply_error(res, who.error());
    auto settings = d->settings.get(who.value().context.practice_id);
    if (!settings) return reply_error(res, settings.error());
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, to_json(settings.value()));
  });

  http.put("/api/settings", [d](const httplib::Request& req, httplib::Response& res) {
    auto who = d->authenticator.require(req, Permission::admin);
    if (!who) return reply_error(res, who.error());
    auto body = parse_json(req.body);
    if (!body) return reply_error(res, body.error());
    auto update = parse_settings_update(body.value());
    if (!update) return reply_error(res, update.error());
    const auto& principal = who.value();
    // The audit row names the change only; values (keys, secrets, names) never go in it.
    auto audit = audit_entry(principal, "settings.update", "practice", principal.context.practice_id);
    auto saved = d->settings.save(principal.context.practice_id, principal.context.user_id, update.value(),
                                  [&audit](Database& db, int64_t now) { return append_audit(db, audit, now); });
    if (!saved) return reply_error(res, saved.error());
    log::info("settings_saved", {{"practice_id", principal.context.practice_id}});
    if (update.value().hearlink_webhook_secrets && d->settings_saved) d->settings_saved();
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, to_json(saved.value()));
  });
}

}  // namespace hb
