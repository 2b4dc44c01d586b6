#pragma once
#include "server/config.hpp"
#include "server/http/http_app.hpp"
#include "server/http/web_bundle.hpp"

namespace hb {
// GET /hint/<surface> (the app shell, never cached) and GET /static/<version>/<file> (immutable).
void register_shell_routes(HttpApp& http, const WebBundle& web, const Config& config);
}  // namespace hb
