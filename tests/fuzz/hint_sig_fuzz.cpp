// Hint's signature (server/security/hint_signature.*) and what it guards: the launch handshake and
// the webhook envelope. Input: a control byte, the X-Hint-Signature header line, then the raw body.
// The control byte's low two bits choose the header: 0 as given; 1 signed with the current key;
// 2 signed with the previous key; 3 the current key's signature in upper-case hex. So the fuzzer
// reaches the decoders behind a valid signature, and every signed message must verify.
#include <cctype>
#include <string>

#include "server/security/hint_signature.hpp"
#include "server/sessions/handshake.hpp"
#include "server/webhooks/envelope.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

const hb::HintKeys kKeys{"fuzz-hint-current-key", "fuzz-hint-previous-key"};
constexpr int64_t kNow = 1770000000;  // the injected clock: 2026-02-02T02:40:00Z
constexpr int64_t kTolerance = 300;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = hb::fuzz::as_text(data, size);
  const auto mode = hb::fuzz::take_byte(input) % 4;
  std::string header(hb::fuzz::take_line(input));
  const auto body = input;
  if (mode == 1 || mode == 3) header = hb::sign_hint(kKeys.current, body);
  if (mode == 2) header = hb::sign_hint(kKeys.previous, body);
  if (mode == 3) {
    for (auto& c : header) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    header.replace(0, 6, "sha256");
  }

  const auto check = hb::verify_hint_signature(header, body, kKeys);
  if (mode != 0) FUZZ_CHECK(check.ok && check.matched_previous == (mode == 2));
  FUZZ_CHECK(!hb::verify_hint_signature(header, body, hb::HintKeys{}).ok);
  if (!check.ok) return 0;

  // What the handshake route and the webhook intake do next, on the same bytes.
  if (auto handshake = hb::parse_handshake(body)) {
    FUZZ_CHECK(!handshake.value().user_id.empty() && !handshake.value().practice_id.empty());
    const auto fresh = hb::check_handshake_freshness(handshake.value(), kNow, kTolerance);
    if (handshake.value().timestamp) {
      const auto skew = kNow - *handshake.value().timestamp;
      FUZZ_CHECK(fresh.ok() == (skew >= -kTolerance && skew <= kTolerance));
    }
  }
  if (auto envelope = hb::parse_webhook_envelope(body)) {
    FUZZ_CHECK(!envelope.value().id.empty() && !envelope.value().type.empty());
    FUZZ_CHECK(envelope.value().id.size() <= hb::kMaxWebhookIdLength);
  }
  return 0;
}
