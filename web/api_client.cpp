#include "web/api_client.hpp"

#include "shared/json_input.hpp"
#include "web/app_state.hpp"

namespace hb::web {

HttpRequest ApiClient::json_request(std::string method, std::string path, const nlohmann::json& body) const {
  HttpRequest request{std::move(method), std::move(path), {{"Accept", "application/json"}}, {}};
  if (!body.is_null()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body.dump();
  }
  return request;
}

void ApiClient::post_anonymous(std::string path, const nlohmann::json& body, HttpCallback done) {
  http_.send(json_request("POST", std::move(path), body), std::move(done));
}

void ApiClient::send(std::string method, std::string path, const nlohmann::json& body, HttpCallback done,
                     std::vector<std::pair<std::string, std::string>> extra_headers) {
  auto request = json_request(std::move(method), std::move(path), body);
  request.headers.emplace_back("Authorization", "Bearer " + token_);
  for (auto& header : extra_headers) request.headers.push_back(std::move(header));
  http_.send(std::move(request), std::move(done));
}

Result<nlohmann::json> read_reply(const HttpResponse& response) {
  if (response.status == 0) return Error{ErrorCode::server_unreachable, {}};
  auto parsed = parse_json(response.body);
  if (response.status >= 200 && response.status < 300) {
    if (!parsed) return Error{ErrorCode::internal, "The server's reply is not valid JSON."};
    return std::move(parsed).value();
  }
  return parse_error_body(parsed ? parsed.value() : nlohmann::json(), response.status);
}

void call_api(AppState& state, ApiClient& api, std::string method, std::string path, const nlohmann::json& body,
              ApiReply done) {
  api.send(std::move(method), std::move(path), body,
           [&state, &api, done = std::move(done)](const HttpResponse& response) {
             auto reply = read_reply(response);
             if (!reply && response.status == 401) {
               api.sign_out();
               state.ended = reply.error();
             }
             if (done) done(state, reply);
           });
}

void call_api_with_body(AppState& state, ApiClient& api, std::string method, std::string path,
                        const nlohmann::json& body, std::vector<std::pair<std::string, std::string>> headers,
                        ApiReplyWithBody done) {
  api.send(
      std::move(method), std::move(path), body,
      [&state, &api, done = std::move(done)](const HttpResponse& response) {
        auto reply = read_reply(response);
        if (!reply && response.status == 401) {
          api.sign_out();
          state.ended = reply.error();
        }
        auto raw = parse_json(response.body);
        if (done) done(state, reply, raw ? raw.value() : nlohmann::json());
      },
      std::move(headers));
}

}  // namespace hb::web
