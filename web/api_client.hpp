// The server's API as the UI sees it: JSON over HttpClient, the working token as a Bearer header,
// and one reading of every reply (2xx → JSON; anything else → the catalogue's Error).
//
// The token lives only here, in memory: never in AppState, localStorage, the URL, a log or the
// published test state.
#pragma once
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"
#include "web/http_client.hpp"

namespace hb::web {

struct AppState;

class ApiClient {
public:
  explicit ApiClient(HttpClient& http) : http_(http) {}

  bool signed_in() const { return !token_.empty(); }
  void sign_in(std::string token) { token_ = std::move(token); }
  void sign_out() { token_.clear(); }

  // Without credentials: only the launch-key exchange uses this.
  void post_anonymous(std::string path, const nlohmann::json& body, HttpCallback done);

  // With "Authorization: Bearer <token>". `body` is sent as JSON unless it is null.
  void send(std::string method, std::string path, const nlohmann::json& body, HttpCallback done,
            std::vector<std::pair<std::string, std::string>> extra_headers = {});

private:
  HttpRequest json_request(std::string method, std::string path, const nlohmann::json& body) const;

  HttpClient& http_;
  std::string token_;
};

// 2xx → the parsed body; status 0 → server_unreachable; otherwise the error body's code (or the
// status's default when the body is not ours).
Result<nlohmann::json> read_reply(const HttpResponse& response);

// An authenticated call whose failures the whole app cares about: a 401 ends the session (the
// session-ended screen replaces everything, the token is forgotten). `done` still runs.
using ApiReply = std::function<void(AppState&, const Result<nlohmann::json>&)>;
void call_api(AppState& state, ApiClient& api, std::string method, std::string path, const nlohmann::json& body,
              ApiReply done);

// The same, with extra request headers (If-Match), and `done` also gets the reply's body as JSON
// (null when it is not JSON): a 409 carries the server's current version there.
using ApiReplyWithBody = std::function<void(AppState&, const Result<nlohmann::json>&, const nlohmann::json& raw_body)>;
void call_api_with_body(AppState& state, ApiClient& api, std::string method, std::string path,
                        const nlohmann::json& body, std::vector<std::pair<std::string, std::string>> headers,
                        ApiReplyWithBody done);

}  // namespace hb::web
