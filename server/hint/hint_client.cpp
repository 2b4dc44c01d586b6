#include "server/hint/hint_client.hpp"

#include <algorithm>
#include <mutex>
#include <random>

#include "server/log.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

bool retryable_status(int status) { return status == 429 || status >= 500; }

// Request threads and the outbox thread share one client: the engine is guarded.
std::function<double()> default_random() {
  struct Jitter {
    std::mutex mutex;
    std::mt19937_64 engine{std::random_device{}()};
  };
  return [jitter = std::make_shared<Jitter>()]() {
    std::lock_guard lock(jitter->mutex);
    return std::uniform_real_distribution<double>(0.0, 1.0)(jitter->engine);
  };
}

}  // namespace

Error hint_status_error(int status) {
  if (status == 404) return {ErrorCode::not_found, {}};
  if (status == 429) return {ErrorCode::rate_limited, "Hint's rate limit was reached."};
  if (status == 401 || status == 403) return {ErrorCode::upstream_rejected, "Hint refused HearBridge's credentials."};
  if (status >= 500) return {ErrorCode::upstream_unavailable, "Hint is unavailable."};
  return {ErrorCode::upstream_rejected, "Hint rejected the request."};
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

HintClient::HintClient(Transport& transport, RateLimiter& limiter, Pacing pacing, RetryPolicy policy,
                       std::function<double()> random01)
    : transport_(transport),
      limiter_(limiter),
      pacing_(std::move(pacing)),
      policy_(policy),
      random01_(random01 ? std::move(random01) : default_random()) {}

int64_t HintClient::backoff_ms(int attempt) {
  // Full jitter: uniform in [0, min(max, base·2^attempt)].
  const auto ceiling = std::min(policy_.max_delay_ms, policy_.base_delay_ms << std::min(attempt, 20));
  return static_cast<int64_t>(random01_() * static_cast<double>(ceiling));
}

Result<HintClient::Reply> HintClient::call(const std::string& method, const std::string& path, const std::string& token,
                                           const nlohmann::json* body) {
  OutboundRequest request{method, path, {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}},
                          body ? body->dump() : std::string()};
  const bool idempotent = method != "POST";
  Error last{ErrorCode::upstream_unavailable, "Hint is unavailable."};
  for (int attempt = 0; attempt < policy_.max_attempts; ++attempt) {
    if (attempt > 0) pacing_.sleep_ms(backoff_ms(attempt));
    limiter_.acquire();
    auto result = transport_.send(request);
    if (auto* failure = std::get_if<TransportFailure>(&result)) {
      if (*failure == TransportFailure::maybe_applied && !idempotent) {
        log::warn("hint_call_unanswered", {{"method", method}, {"attempt", attempt + 1}});
        return Error{ErrorCode::upstream_timeout, "Hint did not answer in time."};
      }
      last = Error{ErrorCode::upstream_unavailable, "Hint cannot be reached."};
      continue;
    }
    auto& response = std::get<OutboundResponse>(result);
    if (response.status >= 200 && response.status < 300) {
      auto parsed = response.body.empty() ? Result<nlohmann::json>(nlohmann::json()) : parse_json(response.body);
      if (!parsed) return Error{ErrorCode::upstream_rejected, "Hint answered with unreadable JSON."};
      return Reply{response.status, std::move(response.headers), std::move(parsed).value()};
    }
    log::warn("hint_call_failed", {{"method", method}, {"status", response.status}, {"attempt", attempt + 1}});
    last = hint_status_error(response.status);
    // A 5xx to a POST may have been applied: report it rather than risk a duplicate.
    if (response.status >= 500 && !idempotent) {
      return Error{ErrorCode::upstream_timeout, "Hint failed while handling the request."};
    }
    if (!retryable_status(response.status)) return last;
  }
  return last;
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
  auto reply = call("GET", "/provider/patients/" + url_encode(patient_id) + "/interactions/partner/" + url_encode(interaction_id),
                    token, nullptr);
  if (!reply) return reply.error();
  return std::move(reply).value().body;
}

Result<nlohmann::json> HintClient::update_partner_interaction(const std::string& token, const std::string& patient_id,
                                                              const std::string& interaction_id, const nlohmann::json& body) {
  auto reply = call("PATCH", "/provider/patients/" + url_encode(patient_id) + "/interactions/partner/" + url_encode(interaction_id),
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
