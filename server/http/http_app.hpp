// The HTTP layer every route shares: JSON replies and errors from the one catalogue, a request id,
// one structured log line per request (method, route pattern, status, duration, request id),
// body-size limit, and a catch-all so no input crashes the server.
#pragma once
#include <httplib.h>

#include <optional>
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
  void del(const std::string& pattern, Handler handler);

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

// A read's answer: its error from the catalogue, or 200 with the value's to_json, never cached
// (the bodies carry patient data or change with every write).
template <class T>
void reply_result(httplib::Response& res, const Result<T>& result) {
  if (!result) return reply_error(res, result.error());
  res.set_header("Cache-Control", "no-store");
  reply_json(res, 200, to_json(result.value()));
}

// The raw value of query parameter `name` (its first, when repeated); nullopt when absent.
inline std::optional<std::string> query_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

// The request id of the request this thread is serving (for audit rows and log lines).
const std::string& current_request_id();

}  // namespace hb
