#include "server/app.hpp"

#include "server/http/shell_routes.hpp"

namespace hb {

Result<std::unique_ptr<App>> App::create(Config config, Clock clock) {
  std::filesystem::path web_dir = config.web_dir.empty() ? executable_dir() / "web" : std::filesystem::path(config.web_dir);
  auto web = WebBundle::load(web_dir, config.hint_sdk_url);
  if (!web) return web.error();
  auto db = Database::open(std::filesystem::path(config.data_dir) / "hearbridge.sqlite3");
  if (!db) return db.error();
  std::unique_ptr<App> app(new App(std::move(config), std::move(clock), std::move(db).value(), std::move(web).value()));
  app->register_routes();
  return app;
}

App::App(Config config, Clock clock, std::unique_ptr<Database> db, WebBundle web)
    : config_(std::move(config)), clock_(std::move(clock)), db_(std::move(db)), web_(std::move(web)) {}

void App::register_routes() {
  http_.get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, {{"status", "ok"}});
  });
  register_shell_routes(http_, web_, config_);
}

}  // namespace hb
