#include "server/http/http_app.hpp"

#include <chrono>
#include <cmath>

#include "server/log.hpp"
#include "server/metrics/metrics.hpp"
#include "server/security/random.hpp"

namespace hb {
namespace {

// cpp-httplib 0.18 gives handlers no per-request user data, but serves each request start to end
// (pre-routing, handler, error handler, logger) on one thread: a thread_local carries the context.
struct RequestContext {
  std::chrono::steady_clock::time_point start;
  std::string request_id;
  std::string route;
};
thread_local RequestContext t_request;

}  // namespace

const std::string& current_request_id() { return t_request.request_id; }

void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void reply_error(httplib::Response& res, const Error& error) {
  reply_json(res, error.http_status(), error_body(error));
}

HttpApp::HttpApp() {
  server_.set_payload_max_length(kMaxBodyBytes);
  server_.set_read_timeout(10, 0);
  server_.set_write_timeout(10, 0);
  // One thread per connection under load (webhook senders keep connections open); the pool
  // bounds it. httplib's default (max(8, cores-1)) would queue keep-alive connections.
  server_.new_task_queue = [] { return new httplib::ThreadPool(96); };

  server_.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    t_request.start = std::chrono::steady_clock::now();
    t_request.request_id = new_request_id();
    t_request.route = "-";
    res.set_header("X-Request-Id", t_request.request_id);
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Errors raised by httplib itself (no route, 413, bad request line) get the standard body too.
  server_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    ErrorCode code = ErrorCode::bad_request;
    switch (res.status) {
      case 404:
        code = ErrorCode::not_found;
        break;
      case 405:
        code = ErrorCode::method_not_allowed;
        break;
      case 413:
        code = ErrorCode::payload_too_large;
        break;
      case 415:
        code = ErrorCode::unsupported_media_type;
        break;
      case 500:
        code = ErrorCode::internal;
        break;
      default:
        break;
    }
    int status = res.status;
    reply_error(res, Error{code, {}});
    res.status = status;
    return httplib::Server::HandlerResponse::Handled;
  });

  server_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    // The exception text may quote input: log only its type of failure, never its message.
    std::string kind = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::bad_alloc&) {
      kind = "bad_alloc";
    } catch (const std::exception&) {
      kind = "exception";
    } catch (...) {}
    log::error("handler_failed", {{"route", t_request.route}, {"kind", kind}, {"request_id", t_request.request_id}});
    reply_error(res, Error{ErrorCode::internal, {}});
  });

  server_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_request.start);
    metrics::request_latency().observe(elapsed.count() / 1000);
    log::info("request", {{"method", req.method},
                          {"route", t_request.route},
                          {"status", res.status},
                          {"ms", std::round(elapsed.count() * 100) / 100},
                          {"request_id", t_request.request_id}});
  });
}

HttpApp::Handler HttpApp::with_route(std::string pattern, Handler handler) {
  return [pattern = std::move(pattern), handler = std::move(handler)](const httplib::Request& req,
                                                                      httplib::Response& res) {
    t_request.route = pattern;
    handler(req, res);
  };
}

void HttpApp::get(const std::string& pattern, Handler handler) {
  server_.Get(pattern, with_route(pattern, std::move(handler)));
}
void HttpApp::post(const std::string& pattern, Handler handler) {
  server_.Post(pattern, with_route(pattern, std::move(handler)));
}
void HttpApp::put(const std::string& pattern, Handler handler) {
  server_.Put(pattern, with_route(pattern, std::move(handler)));
}
void HttpApp::patch(const std::string& pattern, Handler handler) {
  server_.Patch(pattern, with_route(pattern, std::move(handler)));
}

void HttpApp::del(const std::string& pattern, Handler handler) {
  server_.Delete(pattern, with_route(pattern, std::move(handler)));
}

Result<int> HttpApp::bind(const std::string& host, int port) {
  int bound = port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return Error{ErrorCode::bad_request, "HEARBRIDGE_LISTEN: cannot listen on " + host + ":" + std::to_string(port)};
  }
  return bound;
}

}  // namespace hb
