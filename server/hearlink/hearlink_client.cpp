#include "server/hearlink/hearlink_client.hpp"

#include <algorithm>
#include <mutex>
#include <random>

#include "server/log.hpp"
#include "shared/hearlink_patient.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

bool retryable_status(int status) { return status == 429 || status >= 500; }

// The runner and request threads (test-connection) share one client: the engine is guarded.
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

// "HearLink refused the patient: fullName: is required; …" from the error envelope's details;
// only string reasons are kept, and each is cut short so an unexpected echo cannot grow the text.
std::string validation_text(const nlohmann::json& envelope) {
  HearLinkFieldErrors fields;
  if (const auto* error = object_at(envelope, "error")) {
    if (const auto* details = object_at(*error, "details")) {
      for (const auto& [field, reason] : details->items()) {
        fields[field.substr(0, 60)] = reason.is_string() ? reason.get<std::string>().substr(0, 120) : "is invalid";
      }
    }
  }
  if (fields.empty()) return "HearLink refused the patient.";
  return "HearLink refused the patient: " + describe_field_errors(fields);
}

}  // namespace

Error hearlink_status_error(int status) {
  if (status == 404) return {ErrorCode::not_found, {}};
  if (status == 401 || status == 403) return {ErrorCode::upstream_rejected, "HearLink refused the API key."};
  if (status == 429) return {ErrorCode::rate_limited, "HearLink's rate limit was reached."};
  if (status >= 500) return {ErrorCode::upstream_unavailable, "HearLink is unavailable."};
  return {ErrorCode::upstream_rejected, "HearLink rejected the request."};
}

HearLinkClient::HearLinkClient(Transport& transport, Pacing pacing, RetryPolicy policy, std::function<double()> random01)
    : transport_(transport),
      pacing_(std::move(pacing)),
      policy_(policy),
      random01_(random01 ? std::move(random01) : default_random()) {}

int64_t HearLinkClient::backoff_ms(int attempt) {
  const auto ceiling = std::min(policy_.max_delay_ms, policy_.base_delay_ms << std::min(attempt, 20));
  return static_cast<int64_t>(random01_() * static_cast<double>(ceiling));
}

Result<HearLinkClient::Reply> HearLinkClient::call(const std::string& method, const std::string& path,
                                                   const std::string& api_key, const nlohmann::json* body) {
  OutboundRequest request{method, path, {{"x-api-key", api_key}, {"Accept", "application/json"}}, body ? body->dump() : std::string()};
  if (body) request.headers.emplace("Content-Type", "application/json");
  const bool idempotent = method != "POST";
  Error last{ErrorCode::upstream_unavailable, "HearLink is unavailable."};
  for (int attempt = 0; attempt < policy_.max_attempts; ++attempt) {
    if (attempt > 0) pacing_.sleep_ms(backoff_ms(attempt));
    auto result = transport_.send(request);
    if (auto* failure = std::get_if<TransportFailure>(&result)) {
      if (*failure == TransportFailure::maybe_applied && !idempotent) {
        log::warn("hearlink_call_unanswered", {{"method", method}, {"attempt", attempt + 1}});
        return Error{ErrorCode::upstream_timeout, "HearLink did not answer in time."};
      }
      last = Error{ErrorCode::upstream_unavailable, "HearLink cannot be reached."};
      continue;
    }
    auto& response = std::get<OutboundResponse>(result);
    if (!retryable_status(response.status)) {
      auto parsed = response.body.empty() ? Result<nlohmann::json>(nlohmann::json()) : parse_json(response.body);
      if (!parsed && response.status >= 200 && response.status < 300) {
        return Error{ErrorCode::upstream_rejected, "HearLink answered with unreadable JSON."};
      }
      if (response.status < 200 || response.status >= 300) {
        log::warn("hearlink_call_failed", {{"method", method}, {"status", response.status}, {"attempt", attempt + 1}});
      }
      return Reply{response.status, parsed ? std::move(parsed).value() : nlohmann::json()};
    }
    log::warn("hearlink_call_failed", {{"method", method}, {"status", response.status}, {"attempt", attempt + 1}});
    last = hearlink_status_error(response.status);
    // A 5xx to a POST may have been applied: report it rather than risk a duplicate.
    if (response.status >= 500 && !idempotent) return Error{ErrorCode::upstream_timeout, "HearLink failed while handling the request."};
  }
  return last;
}

Result<std::string> HearLinkClient::create_patient(const std::string& api_key, const nlohmann::json& request) {
  auto reply = call("POST", "/patients/create", api_key, &request);
  if (!reply) return reply.error();
  const auto& [status, envelope] = reply.value();
  if (status >= 200 && status < 300) {
    const auto* data = object_at(envelope, "data");
    auto uid = data ? string_at(*data, "patientUid") : std::string();
    // Success without a uid: HearLink may hold the patient, so treat it like a lost answer.
    if (!bool_at(envelope, "success") || uid.empty()) return Error{ErrorCode::upstream_timeout, "HearLink's answer named no patient uid."};
    return uid;
  }
  if (status == 400 || status == 422) return Error{ErrorCode::upstream_rejected, validation_text(envelope)};
  return hearlink_status_error(status);
}

Result<nlohmann::json> HearLinkClient::get_patient(const std::string& api_key, const std::string& uid) {
  auto reply = call("GET", "/patients/" + url_encode(uid), api_key, nullptr);
  if (!reply) return reply.error();
  if (reply.value().status < 200 || reply.value().status >= 300) return hearlink_status_error(reply.value().status);
  const auto* data = object_at(reply.value().body, "data");
  if (!data) return Error{ErrorCode::upstream_rejected, "HearLink's answer carried no data."};
  return *data;
}

Result<bool> HearLinkClient::key_works(const std::string& api_key) {
  auto reply = call("GET", "/patients/hlp_hearbridge_connection_check", api_key, nullptr);
  if (!reply) return reply.error();
  const int status = reply.value().status;
  if (status == 401 || status == 403) return false;
  if (status == 404 || (status >= 200 && status < 300)) return true;
  return hearlink_status_error(status);
}

}  // namespace hb
