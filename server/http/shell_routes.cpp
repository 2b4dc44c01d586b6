#include "server/http/shell_routes.hpp"

#include "shared/surfaces.hpp"

namespace hb {

void register_shell_routes(HttpApp& http, const WebBundle& web, const Config& config) {
  // Hint frames the app: allow exactly its origins (CSP), and send no X-Frame-Options, which
  // would forbid framing outright. The launch key is in the URL: never leak it as a referrer.
  const std::string csp = "frame-ancestors " + config.frame_ancestors;
  http.get("/hint/:surface", [&web, csp](const httplib::Request& req, httplib::Response& res) {
    if (!is_surface(req.path_params.at("surface"))) {
      reply_error(res, Error{ErrorCode::not_found, "Unknown surface."});
      return;
    }
    res.set_header("Content-Security-Policy", csp);
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(web.shell_html(), "text/html; charset=utf-8");
  });

  http.get("/static/:version/:file", [&web](const httplib::Request& req, httplib::Response& res) {
    const auto* file = req.path_params.at("version") == web.version() ? web.find(req.path_params.at("file")) : nullptr;
    if (!file) {
      reply_error(res, Error{ErrorCode::not_found, {}});
      return;
    }
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(file->body, file->content_type);
  });
}

}  // namespace hb
