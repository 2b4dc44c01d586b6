#include "server/hearlink/hearlink_client.hpp"

#include "shared/hearlink_patient.hpp"
#include "shared/json_input.hpp"
#include "shared/url_encode.hpp"

namespace hb {
namespace {

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

HearLinkClient::HearLinkClient(Transport& transport, Pacing pacing, RetryPolicy policy,
                               std::function<double()> random01)
    : caller_({"HearLink", "hearlink", hearlink_status_error}, transport, std::move(pacing), policy,
              std::move(random01)) {}

Result<HearLinkClient::Reply> HearLinkClient::call(const std::string& method, const std::string& path,
                                                   const std::string& api_key, const nlohmann::json* body) {
  auto sent = caller_.send({method, path, {{"x-api-key", api_key}}, body ? body->dump() : std::string()});
  if (!sent) return sent.error();
  const auto& response = sent.value();
  const bool success = response.status >= 200 && response.status < 300;
  auto parsed = response.body.empty() ? Result<nlohmann::json>(nlohmann::json()) : parse_json(response.body);
  if (!parsed && success) return Error{ErrorCode::upstream_rejected, "HearLink answered with unreadable JSON."};
  // A refusal's envelope is read when it parses; an unreadable one still carries its status.
  return Reply{response.status, parsed ? std::move(parsed).value() : nlohmann::json()};
}

Result<std::string> HearLinkClient::create_patient(const std::string& api_key, const nlohmann::json& request) {
  auto reply = call("POST", "/patients/create", api_key, &request);
  if (!reply) return reply.error();
  const auto& [status, envelope] = reply.value();
  if (status >= 200 && status < 300) {
    const auto* data = object_at(envelope, "data");
    auto uid = data ? string_at(*data, "patientUid") : std::string();
    // Success without a uid: HearLink may hold the patient, so treat it like a lost answer.
    if (!bool_at(envelope, "success") || uid.empty())
      return Error{ErrorCode::upstream_timeout, "HearLink's answer named no patient uid."};
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
