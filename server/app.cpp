#include "server/app.hpp"

#include "server/http/shell_routes.hpp"
#include "server/security/data_key.hpp"
#include "server/sessions/session_routes.hpp"

namespace hb {

Result<std::unique_ptr<App>> App::create(Config config, Clock clock) {
  std::filesystem::path web_dir = config.web_dir.empty() ? executable_dir() / "web" : std::filesystem::path(config.web_dir);
  auto web = WebBundle::load(web_dir, config.hint_sdk_url);
  if (!web) return web.error();
  auto roles = RoleMap::load(config.roles_file);
  if (!roles) return roles.error();
  auto key = load_data_key(config.data_key, config.data_dir);
  if (!key) return key.error();
  auto db = Database::open(std::filesystem::path(config.data_dir) / "hearbridge.sqlite3");
  if (!db) return db.error();
  std::unique_ptr<App> app(new App(std::move(config), std::move(clock), std::move(db).value(), std::move(web).value(),
                                   key.value().bytes, std::move(roles).value()));
  app->generated_data_key_ = key.value().generated;
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
                SessionPolicy{config_.launch_key_ttl_s, config_.session_idle_timeout_s, config_.session_max_age_s}, clock_),
      authenticator_(sessions_) {}

void App::register_routes() {
  http_.get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, {{"status", "ok"}});
  });
  register_shell_routes(http_, web_, config_);
  register_session_routes(http_, sessions_, authenticator_, hint_keys_, config_, clock_);
}

}  // namespace hb
