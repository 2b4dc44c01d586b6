// Everything main wires, in one place, so tests build exactly the same server in-process:
// config → dependencies → routes. No logic lives here.
#pragma once
#include <memory>

#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/http/http_app.hpp"
#include "server/http/web_bundle.hpp"
#include "server/store/database.hpp"

namespace hb {

class App {
public:
  // `config` must have passed validate_config.
  static Result<std::unique_ptr<App>> create(Config config, Clock clock);

  HttpApp& http() { return http_; }
  const Config& config() const { return config_; }

private:
  App(Config config, Clock clock, std::unique_ptr<Database> db, WebBundle web);
  void register_routes();

  Config config_;
  Clock clock_;
  std::unique_ptr<Database> db_;
  WebBundle web_;
  HttpApp http_;
};

}  // namespace hb
