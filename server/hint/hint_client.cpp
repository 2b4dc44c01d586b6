#include "server/hint/hint_client.hpp"

#include <algorithm>

#include "shared/json_input.hpp"
#include "shared/url_encode.hpp"

namespace hb {

Error hint_status_error(int status) {
  if (status == 404) return {ErrorCode::not_found, {}};
  if (status == 429) return {ErrorCode::rate_limited, "Hint's rate limit was reached."};
  if (status == 401 || status == 403) return {ErrorCode::upstream_rejected, std::string(kHintRefusedToken)};
  if (status >= 500) return {ErrorCode::upstream_unavailable, "Hint is unavailable."};
  return {ErrorCode::upstream_rejected, "Hint rejected the request."};
}

HintClient::HintClient(Transport& transport, RateLimiter& limiter, Pacing pacing, RetryPolicy policy,
                       std::function<double()> random01)
    : caller_({"Hint", "hint", hint_status_error}, transport, std::move(pacing), policy, std::move(random01),
              &limiter) {}

Result<HintClient::Reply> HintClient::call(const std::string& method, const std::string& path, const std::string& token,
                                           const nlohmann::json* body) {
  auto sent = caller_.send({method, path, {{"Authorization", "Bearer " + token}}, body ? body->dump() : std::string()});
  if (!sent) return sent.error();
  auto& response = sent.value();
  if (response.status < 200 || response.status >= 300) return hint_status_error(response.status);
  auto parsed = response.body.empty() ? Result<nlohmann::json>(nlohmann::json()) : parse_json(response.body);
  if (!parsed) return Error{ErrorCode::upstream_rejected, "Hint answered with unreadable JSON."};
  return Reply{response.status, std::move(response.headers), std::move(parsed).value()};
}

Result<nlohmann::json> HintClient::get_patient(const std::string& token, const std::string& patient_id) {
  auto reply = call("GET", "/provider/patients/" + url_encode(patient_id), token, nullptr);
  if (!reply) return reply.error();
  return std::move(reply).value().body;
}

Result<HintPage> HintClient::list_patients(const std::string& token, const std::map<std::string, std::string>& filters,
                                           int limit, int offset) {
  std::string path = "/provider/patients?limit=" + std::to_string(std::clamp(limit, 1, 100)) +
                     "&offset=" + std::to_string(std::max(offset, 0));
  for (const auto& [name, value] : filters) path += "&" + url_encode(name) + "=" + url_encode(value);
  auto reply = call("GET", path, token, nullptr);
  if (!reply) return reply.error();
  HintPage page;
  if (reply.value().body.is_array()) page.items = std::move(reply.value().body);
  const auto& headers = reply.value().headers;  // case-insensitive multimap
  auto total = headers.find("X-Total-Count");
  page.total = std::max<int64_t>(total == headers.end() ? 0 : std::atoll(total->second.c_str()),
                                 static_cast<int64_t>(page.items.size()));
  return page;
}

Result<nlohmann::json> HintClient::create_partner_interaction(const std::string& token, const std::string& patient_id,
                                                              const nlohmann::json& body) {
  auto reply = call("POST", "/provider/patients/" + url_encode(patient_id) + "/interactions/partner", token, &body);
  if (!reply) return reply.error();
  return std::move(reply).value().body;
}

Result<nlohmann::json> HintClient::get_partner_interaction(const std::string& token, const std::string& patient_id,
                                                           const std::string& interaction_id) {
  auto reply = call(
      "GET", "/provider/patients/" + url_encode(patient_id) + "/interactions/partner/" + url_encode(interaction_id),
      token, nullptr);
  if (!reply) return reply.error();
  return std::move(reply).value().body;
}

Result<nlohmann::json> HintClient::update_partner_interaction(const std::string& token, const std::string& patient_id,
                                                              const std::string& interaction_id,
                                                              const nlohmann::json& body) {
  auto reply = call(
      "PATCH", "/provider/patients/" + url_encode(patient_id) + "/interactions/partner/" + url_encode(interaction_id),
      token, &body);
  if (!reply) return reply.error();
  return std::move(reply).value().body;
}

Result<nlohmann::json> HintClient::post_with_partner_key(const std::string& partner_key, const std::string& path,
                                                         const nlohmann::json& body) {
  auto reply = call("POST", path, partner_key, &body);
  if (!reply) return reply.error();
  return std::move(reply).value().body;
}

}  // namespace hb
