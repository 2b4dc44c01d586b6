#include "server/app.hpp"

#include "server/directory/directory_routes.hpp"

#include "server/clinical/clinical_routes.hpp"
#include "server/clinical/patient_routes.hpp"
#include "server/hearlink/bridge_routes.hpp"
#include "server/http/shell_routes.hpp"
#include "server/log.hpp"
#include "server/metrics/metrics_route.hpp"
#include "server/practice/practice_routes.hpp"
#include "server/security/data_key.hpp"
#include "server/sessions/session_routes.hpp"
#include "server/webhooks/webhook_admin_route.hpp"

namespace hb {
namespace {
constexpr int kApiReaders = 4;
}  // namespace

Result<std::unique_ptr<App>> App::create(Config config, Clock clock) {
  std::filesystem::path web_dir =
      config.web_dir.empty() ? executable_dir() / "web" : std::filesystem::path(config.web_dir);
  auto web = WebBundle::load(web_dir, config.hint_sdk_url);
  if (!web) return web.error();
  auto roles = RoleMap::load(config.roles_file);
  if (!roles) return roles.error();
  auto key = load_data_key(config.data_key, config.data_dir);
  if (!key) return key.error();
  // Readers for the API's reads (Database::read): as many as can usefully run at once on a small
  // host; a request that finds them all busy waits for the first one back.
  // One write lock for every connection that writes (this one, intake, the webhook workers).
  auto write_gate = std::make_shared<WriteGate>();
  auto db = Database::open(std::filesystem::path(config.data_dir) / "hearbridge.sqlite3", kApiReaders, write_gate);
  if (!db) return db.error();
  std::unique_ptr<App> app(new App(std::move(config), std::move(clock), std::move(db).value(), std::move(web).value(),
                                   key.value().bytes, std::move(roles).value()));
  app->generated_data_key_ = key.value().generated;
  auto webhooks = Webhooks::open(
      WebhookSettings::from(app->config_), app->clock_,
      std::filesystem::path(app->config_.data_dir) / "hearbridge.sqlite3",
      [clock = app->clock_](Database& connection, std::string_view practice_id) -> Status {
        // Either failing fails the event, which the worker retries (both repeat harmlessly).
        if (auto ended = end_practice_sessions(connection, practice_id); !ended) {
          return ended.error();
        }
        auto lock = connection.lock();
        return mark_practice_inactive(connection, practice_id, clock());
      },
      write_gate);
  if (!webhooks) return webhooks.error();
  app->webhooks_ = std::move(webhooks).value();
  // Refuse to start rather than answer 401 to every HearLink webhook of a practice whose secrets
  // cannot be read (a data key that is not the one they were stored with, say).
  if (auto loaded = app->reload_hearlink_secrets(); !loaded) {
    return Error{ErrorCode::internal, "The stored HearLink webhook secrets cannot be read with this data key."};
  }
  app->register_routes();
  return app;
}

App::App(Config config, Clock clock, std::unique_ptr<Database> db, WebBundle web, std::string data_key, RoleMap roles)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      db_(std::move(db)),
      web_(std::move(web)),
      hint_keys_{config_.hint_webhook_secret, config_.hint_webhook_secret_previous},
      cipher_(std::move(data_key)),
      roles_(std::move(roles)),
      sessions_(*db_, cipher_, roles_,
                SessionPolicy{config_.launch_key_ttl_s, config_.session_idle_timeout_s, config_.session_max_age_s},
                clock_),
      authenticator_(sessions_),
      public_url_(config_.public_url),
      // validate_config checked the URL, so value() cannot fail here.
      hint_transport_(make_http_transport(parse_base_url(config_.hint_api_url + "/api", "HINT_API_URL").value())),
      hint_limiter_(18, 2, real_pacing()),
      hint_(*hint_transport_, hint_limiter_, real_pacing()),
      notes_(*db_, clock_),
      records_(*db_, sessions_, hint_, clock_),
      practice_settings_(*db_, cipher_, clock_),
      activation_(*db_, cipher_, hint_, config_.hint_api_key,
                  activation_endpoint_from(config_.hint_activation_endpoint), clock_),
      hint_sync_(std::make_unique<HintSync>(*db_, sessions_, cipher_, hint_, clock_, [this] { return public_url(); })),
      directory_(*db_, sessions_, cipher_, hint_, clock_, real_pacing()) {
  // validate_config checked HEARLINK_API_URL too.
  hearlink_transport_ = make_http_transport(parse_base_url(config_.hearlink_api_url, "HEARLINK_API_URL").value());
  hearlink_ = std::make_unique<HearLinkClient>(*hearlink_transport_, real_pacing());
  hearlink_sync_ = std::make_unique<HearLinkSync>(*db_, practice_settings_, *hearlink_, notes_, clock_);
  if (config_.outbox_worker) {
    // Each runner takes only its own kinds, on a thread of its own: a slow or unreachable Hint
    // never holds up HearLink's jobs, nor the reverse (on one thread, each Hint job waiting out its
    // timeouts kept every HearLink job waiting behind it).
    hint_loop_ = std::make_unique<BackgroundLoop>([this] { return hint_sync_->run_due() > 0; });
    hearlink_loop_ = std::make_unique<BackgroundLoop>([this] { return hearlink_sync_->run_due() > 0; });
    directory_loop_ = std::make_unique<BackgroundLoop>([this] { return directory_.run_due(); });
    // With the background work (off in tests that drive the stores by hand and move their clocks).
    session_sweep_loop_ = std::make_unique<BackgroundLoop>([this] {
      sessions_.purge_if_due();
      return false;  // once a second is often enough to see a minute pass
    });
  }
}

Status App::reload_hearlink_secrets() {
  auto read = practice_settings_.all_hearlink_webhook_secrets();
  if (!read) {
    // The verifier keeps the list it had: one failed read must not turn every delivery into a 401.
    log::error("hearlink_secrets_reload_failed");
    return read.error();
  }
  std::vector<HearLinkSecret> stored;
  for (auto& [practice, secret] : read.value()) stored.push_back({std::move(practice), std::move(secret)});
  webhooks_->set_stored_hearlink_secrets(std::move(stored));
  return ok_status();
}

void App::set_public_url(std::string url) {
  std::lock_guard lock(public_url_mutex_);
  if (config_.public_url.empty()) public_url_ = std::move(url);
}

std::string App::public_url() const {
  std::lock_guard lock(public_url_mutex_);
  return public_url_;
}

void App::poke_outbox() {
  if (hint_loop_) hint_loop_->poke();
  if (hearlink_loop_) hearlink_loop_->poke();
}

void App::register_routes() {
  http_.get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, {{"status", "ok"}});
  });
  // Before the shell's /hint/:surface, which would otherwise take /hint/activate.
  register_practice_routes(http_, {activation_, practice_settings_, authenticator_, [this] {
                                     (void)reload_hearlink_secrets(); /* a failure is logged, the old list kept */
                                   }});
  register_shell_routes(http_, web_, config_);
  register_session_routes(http_, sessions_, authenticator_, hint_keys_, cipher_, config_, clock_);
  register_clinical_routes(http_, notes_, records_, authenticator_, *db_, [this] { poke_outbox(); });
  register_patient_routes(http_, records_, authenticator_);
  register_directory_routes(http_, {directory_, *db_, authenticator_, clock_, [this] {
                                      if (directory_loop_) directory_loop_->poke();
                                    }});
  register_bridge_routes(http_,
                         {*db_, practice_settings_, *hearlink_, authenticator_, clock_, [this] { poke_outbox(); }});
  webhooks_->register_routes(http_);
  register_metrics_route(http_, {[this](std::string& out) { webhooks_->render_metrics(out); }});
  register_webhook_admin_route(http_, *webhooks_, authenticator_);
}

}  // namespace hb
