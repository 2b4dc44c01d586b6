// Hint's signature, for handshakes and webhooks alike:
//   X-Hint-Signature: sha256=<hex HMAC-SHA256(key, raw request body)>
// Verified over the exact received bytes, before any parsing, in constant time. Upper- or
// lower-case hex; only the sha256 algorithm; the current key and, during a rotation, the previous.
#pragma once
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hb {

struct HintKeys {
  std::string current;   // HINT_WEBHOOK_SECRET
  std::string previous;  // HINT_WEBHOOK_SECRET_PREVIOUS (optional)
  bool configured() const { return !current.empty(); }
};

// Why a signature failed; the HTTP answer is the same (401) for all, the reason feeds metrics.
enum class SignatureFailure { missing, malformed, unknown_algorithm, mismatch, not_configured };

struct SignatureCheck {
  bool ok = false;
  SignatureFailure failure = SignatureFailure::missing;
  bool matched_previous = false;  // verified with the previous key (rotation in progress)
};

SignatureCheck verify_hint_signature(std::string_view header, std::string_view body, const HintKeys& keys);

// "sha256=<lowercase hex>": what Hint sends; tests and the sandbox's own signer compare with it.
std::string sign_hint(std::string_view key, std::string_view body);

}  // namespace hb
