// Calls HearBridge makes to Hint and HearLink go through one Transport: the real one speaks HTTPS
// with certificate and host-name verification (plain HTTP only to a loopback address, for the
// local sandbox); tests use a recording fake. Transport failures say whether the request may
// have reached the other side, because a POST that may have been applied must not be repeated blindly.
#pragma once
#include <httplib.h>

#include <memory>
#include <string>
#include <variant>

#include "shared/result.hpp"

namespace hb {

struct BaseUrl {
  bool https = true;
  std::string host;
  int port = 443;
  std::string path;  // no trailing slash: "" or "/api"
};

// https://host[:port][/path] — or http:// to 127.0.0.0/8, localhost or [::1] only. Errors name `setting`.
Result<BaseUrl> parse_base_url(std::string_view url, std::string_view setting);

struct OutboundRequest {
  std::string method;  // GET | POST | PATCH | PUT | DELETE
  std::string path;    // after the base URL's path, with any query string: "/provider/patients?limit=10"
  httplib::Headers headers;
  std::string body;  // JSON, when any
};

struct OutboundResponse {
  int status = 0;
  httplib::Headers headers;
  std::string body;
};

enum class TransportFailure {
  not_sent,       // could not connect (or TLS failed before the request went out): safe to retry
  maybe_applied,  // sent, but no complete answer (timeout, connection reset)
};

using TransportResult = std::variant<OutboundResponse, TransportFailure>;

class Transport {
public:
  virtual ~Transport() = default;
  virtual TransportResult send(const OutboundRequest& request) = 0;
};

struct TransportTimeouts {
  int connect_s = 5;
  int read_s = 15;
};

// cpp-httplib client per call (thread-safe by construction; connection reuse is not worth
// shared state at 20 requests/s).
std::unique_ptr<Transport> make_http_transport(BaseUrl base, TransportTimeouts timeouts = {});

}  // namespace hb
