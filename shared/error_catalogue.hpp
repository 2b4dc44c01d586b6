// The one error catalogue: every expected failure has a code here, one HTTP status, one JSON body
// {"error": {"code", "message"}}, and one sentence a clinician can act on. Messages never carry
// payload data, secrets or PHI: callers may only choose among fixed texts.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hb {

template <class T>
class Result;

enum class ErrorCode {
  bad_request,
  malformed_json,
  json_too_deep,
  missing_field,
  payload_too_large,
  unsupported_media_type,
  bad_signature,
  stale_timestamp,
  not_configured,
  unauthorized,
  launch_key_invalid,
  launch_key_used,
  launch_key_expired,
  session_expired,
  forbidden,
  access_denied,
  not_found,
  method_not_allowed,
  conflict,
  rate_limited,
  upstream_unavailable,
  upstream_rejected,
  upstream_timeout,          // no answer in time: the request may have been applied, so it is not blindly repeated
  activation_code_rejected,  // Hint refused an install code (used, expired or unknown)
  server_unreachable,        // the UI got no answer at all (offline, timeout); never sent by the server
  internal,
};

struct ErrorInfo {
  std::string_view code;       // stable, machine-readable: "bad_signature"
  int http_status;             // 401
  std::string_view message;    // default message for API callers
  std::string_view clinician;  // what the UI shows a person, with what to do next
};

const ErrorInfo& error_info(ErrorCode code);

// A failure with an optional more specific message (a fixed text chosen by the caller, never data).
struct Error {
  ErrorCode code;
  std::string message;  // empty: the catalogue's message

  std::string_view text() const;
  int http_status() const { return error_info(code).http_status; }

  bool operator==(const Error&) const = default;
};

// {"error": {"code": "...", "message": "..."}}
nlohmann::json error_body(const Error& error);

// The error body as a message: to_json is error_body(). Read strictly: "error" with a catalogue
// "code" and a "message" (kept only when it is not the catalogue's own, so a body round-trips to
// the Error that made it).
struct ErrorBody {
  Error error;

  bool operator==(const ErrorBody&) const = default;
};
nlohmann::json to_json(const ErrorBody& body);
Result<ErrorBody> parse_error_reply(const nlohmann::json& body);

// Reads any error reply (the web client uses this): our body when it is one, else the status's
// default (a proxy's or a gateway's body is not ours).
Error parse_error_body(const nlohmann::json& body, int http_status);

}  // namespace hb
