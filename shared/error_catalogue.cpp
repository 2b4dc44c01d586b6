#include "shared/error_catalogue.hpp"

#include <array>

#include "shared/json_fields.hpp"

namespace hb {
namespace {

// Indexed by ErrorCode; the static_assert below keeps the two in step.
constexpr std::array kCatalogue{
    ErrorInfo{"bad_request", 400, "The request is not valid.", "Something went wrong. Reload the app."},
    ErrorInfo{"malformed_json", 400, "The request body is not valid JSON.", "Something went wrong. Reload the app."},
    ErrorInfo{"json_too_deep", 400, "The request body nests JSON deeper than 64 levels.",
              "Something went wrong. Reload the app."},
    ErrorInfo{"missing_field", 400, "A required field is missing.", "Something went wrong. Reload the app."},
    ErrorInfo{"payload_too_large", 413, "The request body is too large.",
              "This is too large to save. Shorten it and try again."},
    ErrorInfo{"unsupported_media_type", 415, "The request body must be application/json.",
              "Something went wrong. Reload the app."},
    ErrorInfo{"bad_signature", 401, "The request signature is missing or does not verify.",
              "HearBridge could not verify this launch. Open the app again from Hint."},
    ErrorInfo{"stale_timestamp", 401, "The request timestamp is outside the accepted window.",
              "This launch is too old. Open the app again from Hint."},
    ErrorInfo{"not_configured", 503, "HearBridge is not configured for this request.",
              "HearBridge is not set up for this practice yet. Ask your practice admin."},
    ErrorInfo{"unauthorized", 401, "Missing or unknown credentials.",
              "Your session has ended. Open the app again from Hint."},
    ErrorInfo{"launch_key_invalid", 401, "The launch key is unknown.",
              "This launch link is not valid. Open the app again from Hint."},
    ErrorInfo{"launch_key_used", 401, "The launch key has already been used.",
              "This launch link was already used. Open the app again from Hint."},
    ErrorInfo{"launch_key_expired", 401, "The launch key has expired.",
              "This launch link has expired. Open the app again from Hint."},
    ErrorInfo{"session_expired", 401, "The session has expired.",
              "Your session has expired. Open the app again from Hint to continue."},
    ErrorInfo{"forbidden", 403, "Your role does not allow this action.",
              "Your role does not allow this. Ask your practice admin for access."},
    ErrorInfo{"access_denied", 403, "No HearBridge role is assigned to this user.",
              "You have no HearBridge role in this practice. Ask your practice admin to assign one in Hint."},
    ErrorInfo{"not_found", 404, "Not found.", "This item could not be found."},
    ErrorInfo{"method_not_allowed", 405, "Method not allowed.", "Something went wrong. Reload the app."},
    ErrorInfo{"conflict", 409, "The item changed since you loaded it.",
              "Someone else changed this. Choose which version to keep."},
    ErrorInfo{"rate_limited", 429, "Too many requests; slow down.", "HearBridge is busy. Retrying…"},
    ErrorInfo{"upstream_unavailable", 502, "A platform HearBridge depends on is unavailable.",
              "Hint or HearLink cannot be reached right now. Retrying…"},
    ErrorInfo{"upstream_rejected", 502, "A platform HearBridge depends on rejected the request.",
              "Hint or HearLink refused this request. Ask your practice admin."},
    ErrorInfo{"upstream_timeout", 504, "A platform HearBridge depends on did not answer in time.",
              "Hint or HearLink is slow to answer. HearBridge will check and retry."},
    ErrorInfo{
        "activation_code_rejected", 400, "Hint did not accept this installation code.",
        "This installation link was already used or has expired. Install HearBridge again from Hint's marketplace."},
    ErrorInfo{"server_unreachable", 503, "The HearBridge server cannot be reached.",
              "HearBridge cannot reach its server. Check your internet connection; it will keep trying."},
    ErrorInfo{"internal", 500, "Internal error.", "Something went wrong on our side. Try again in a moment."},
};
static_assert(kCatalogue.size() == static_cast<size_t>(ErrorCode::internal) + 1,
              "every ErrorCode needs a catalogue entry, in enum order");

}  // namespace

const ErrorInfo& error_info(ErrorCode code) { return kCatalogue[static_cast<size_t>(code)]; }

std::string_view Error::text() const { return message.empty() ? error_info(code).message : std::string_view(message); }

nlohmann::json error_body(const Error& error) {
  return {{"error", {{"code", error_info(error.code).code}, {"message", error.text()}}}};
}

nlohmann::json to_json(const ErrorBody& body) { return error_body(body.error); }

Result<ErrorBody> parse_error_reply(const nlohmann::json& body) {
  if (!body.is_object()) return not_an_object("error body");
  FieldReader r(body);
  auto error = r.object("error", [](FieldReader& e) {
    const auto code = e.text("code");
    auto message = e.text("message");
    for (size_t i = 0; i < kCatalogue.size(); ++i) {
      if (kCatalogue[i].code != code) continue;
      if (message == kCatalogue[i].message) message.clear();
      return Error{static_cast<ErrorCode>(i), std::move(message)};
    }
    e.fail("code");
    return Error{ErrorCode::internal, {}};
  });
  return r.finish(ErrorBody{std::move(error)});
}

Error parse_error_body(const nlohmann::json& body, int http_status) {
  if (auto ours = parse_error_reply(body)) return std::move(ours).value().error;
  switch (http_status) {
    case 401:
      return {ErrorCode::unauthorized, {}};
    case 403:
      return {ErrorCode::forbidden, {}};
    case 404:
      return {ErrorCode::not_found, {}};
    case 409:
      return {ErrorCode::conflict, {}};
    case 413:
      return {ErrorCode::payload_too_large, {}};
    case 429:
      return {ErrorCode::rate_limited, {}};
    default:
      return {ErrorCode::internal, {}};
  }
}

}  // namespace hb
