// The one HTTP interface the UI uses. Two backends: the browser's (fetch, same-origin
// relative URLs; platform_web.cpp) and a fake that records requests (tests/web), so every piece of
// UI logic that talks to the server also runs natively in tests.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hb::web {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string path;    // same-origin, relative: "/api/session/exchange"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The value of a header (case-sensitive name as the UI sets it), empty when absent.
  std::string_view header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return {};
  }
};

struct HttpResponse {
  int status = 0;  // 0: no answer at all (offline, DNS, timeout, aborted)
  std::string body;
};

using HttpCallback = std::function<void(const HttpResponse&)>;

class HttpClient {
public:
  virtual ~HttpClient() = default;
  // Sends `request`; `done` runs exactly once, later (never inside send()).
  virtual void send(HttpRequest request, HttpCallback done) = 0;
};

}  // namespace hb::web
