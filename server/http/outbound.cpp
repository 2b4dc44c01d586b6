#include "server/http/outbound.hpp"

#include <charconv>
#include <filesystem>

namespace hb {
namespace {

bool is_loopback(std::string_view host) { return host == "localhost" || host == "::1" || host.starts_with("127."); }

class HttplibTransport final : public Transport {
public:
  HttplibTransport(BaseUrl base, TransportTimeouts timeouts) : base_(std::move(base)), timeouts_(timeouts) {}

  TransportResult send(const OutboundRequest& request) override {
    auto client = make_client();
    const auto path = base_.path + request.path;
    httplib::Result result{nullptr, httplib::Error::Unknown};
    // A Content-Type the caller set is sent once, not repeated by httplib beside its own.
    const std::string type = request.headers.count("Content-Type") ? "" : "application/json";
    if (request.method == "GET")
      result = client->Get(path, request.headers);
    else if (request.method == "POST")
      result = client->Post(path, request.headers, request.body, type);
    else if (request.method == "PATCH")
      result = client->Patch(path, request.headers, request.body, type);
    else if (request.method == "PUT")
      result = client->Put(path, request.headers, request.body, type);
    else if (request.method == "DELETE")
      result = client->Delete(path, request.headers, request.body, type);
    if (!result) {
      switch (result.error()) {
        case httplib::Error::Connection:
        case httplib::Error::ConnectionTimeout:
        case httplib::Error::BindIPAddress:
        case httplib::Error::SSLConnection:
        case httplib::Error::SSLLoadingCerts:
        case httplib::Error::SSLServerVerification:
        case httplib::Error::SSLServerHostnameVerification:
        case httplib::Error::ProxyConnection:
          return TransportFailure::not_sent;
        default:
          return TransportFailure::maybe_applied;
      }
    }
    return OutboundResponse{result->status, result->headers, result->body};
  }

private:
  std::unique_ptr<httplib::ClientImpl> make_client() const {
    std::unique_ptr<httplib::ClientImpl> client;
    if (base_.https) {
      auto tls = std::make_unique<httplib::SSLClient>(base_.host, base_.port);
      tls->enable_server_certificate_verification(true);
      tls->enable_server_hostname_verification(true);
      // Debian's CA bundle (package ca-certificates).
      if (std::filesystem::exists("/etc/ssl/certs/ca-certificates.crt"))
        tls->set_ca_cert_path("/etc/ssl/certs/ca-certificates.crt");
      client = std::move(tls);
    } else {
      client = std::make_unique<httplib::ClientImpl>(base_.host, base_.port);
    }
    client->set_connection_timeout(timeouts_.connect_s, 0);
    client->set_read_timeout(timeouts_.read_s, 0);
    client->set_write_timeout(timeouts_.read_s, 0);
    client->set_follow_location(false);
    return client;
  }

  BaseUrl base_;
  TransportTimeouts timeouts_;
};

}  // namespace

Result<BaseUrl> parse_base_url(std::string_view url, std::string_view setting) {
  auto fail = [&](const std::string& why) { return Error{ErrorCode::bad_request, std::string(setting) + ": " + why}; };
  BaseUrl base;
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    base.https = false;
    base.port = 80;
    rest = url.substr(7);
  } else {
    return fail("must start with https://");
  }
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  base.path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  while (!base.path.empty() && base.path.back() == '/') base.path.pop_back();
  if (authority.empty()) return fail("has no host");
  if (authority.front() == '[') {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("has an unclosed IPv6 address");
    base.host = std::string(authority.substr(1, close - 1));
    authority = authority.substr(close + 1);
  } else {
    auto colon = authority.find(':');
    base.host = std::string(authority.substr(0, colon));
    authority = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
  }
  if (!authority.empty()) {
    if (authority.front() != ':') return fail("has an unreadable port");
    auto digits = authority.substr(1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), base.port);
    if (ec != std::errc() || end != digits.data() + digits.size() || base.port < 1 || base.port > 65535) {
      return fail("has an unreadable port");
    }
  }
  if (base.host.empty()) return fail("has no host");
  if (!base.https && !is_loopback(base.host))
    return fail("plain http is allowed only to a loopback address; use https");
  return base;
}

std::unique_ptr<Transport> make_http_transport(BaseUrl base, TransportTimeouts timeouts) {
  return std::make_unique<HttplibTransport>(std::move(base), timeouts);
}

}  // namespace hb
