#include "server/security/hint_signature.hpp"

#include "server/security/hash.hpp"
#include "server/security/hmac.hpp"

namespace hb {

SignatureCheck verify_hint_signature(std::string_view header, std::string_view body, const HintKeys& keys) {
  SignatureCheck check;
  if (!keys.configured()) {
    check.failure = SignatureFailure::not_configured;
    return check;
  }
  if (header.empty()) {
    check.failure = SignatureFailure::missing;
    return check;
  }
  auto eq = header.find('=');
  if (eq == std::string_view::npos) {
    check.failure = SignatureFailure::malformed;
    return check;
  }
  if (header.substr(0, eq) != "sha256") {
    check.failure = SignatureFailure::unknown_algorithm;
    return check;
  }
  auto given = from_hex(header.substr(eq + 1));
  if (!given || given->size() != 32) {
    check.failure = SignatureFailure::malformed;
    return check;
  }
  // Both keys are always computed and compared, so timing does not reveal which one matched.
  bool current = constant_time_equal(hmac_sha256(keys.current, body), *given);
  bool previous = !keys.previous.empty() && constant_time_equal(hmac_sha256(keys.previous, body), *given);
  check.ok = current || previous;
  check.matched_previous = !current && previous;
  check.failure = SignatureFailure::mismatch;
  return check;
}

std::string sign_hint(std::string_view key, std::string_view body) {
  return "sha256=" + to_hex(hmac_sha256(key, body));
}

}  // namespace hb
