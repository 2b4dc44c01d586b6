// The HTTP layer every route shares: JSON replies and errors from the one catalogue, a request id,
// one structured log line per request (method, route pattern, status, duration, request id),
// body-size limit, and a catch-all so no input crashes the server.
#pragma once
#include <httplib.h>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

constexpr size_t kMaxBodyBytes = 1024 * 1024;  // 1 MiB; larger bodies get 413

class HttpApp {
public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  HttpApp();
  httplib::Server& server() { return server_; }

  // Route registration; the pattern is what the request log names.
  void get(const std::string& pattern, Handler handler);
  void post(const std::string& pattern, Handler handler);
  void put(const std::string& pattern, Handler handler);
  void patch(const std::string& pattern, Handler handler);

  // Bind on host:port (0 = any free port); returns the bound port or an error.
  Result<int> bind(const std::string& host, int port);
  bool listen_after_bind() { return server_.listen_after_bind(); }
  void stop() { server_.stop(); }

private:
  Handler with_route(std::string pattern, Handler handler);
  httplib::Server server_;
};

void reply_json(httplib::Response& res, int status, const nlohmann::json& body);
void reply_error(httplib::Response& res, const Error& error);

// The request id of the request this thread is serving (for audit rows and log lines).
const std::string& current_request_id();

}  // namespace hb
