// HearLink's signature (server/security/hearlink_signature.*) with an injected clock, and the
// envelope intake reads behind it. Input: a control byte, a clock byte, the X-HearLink-Signature
// header line, then the raw body. Control (low two bits): 0 header as given; 1 signed by practice
// A's secret; 2 signed by practice B's second secret; 3 signed by A, followed by the given line
// (extra entries a future scheme or a rotation may add). The clock byte picks how far the signed t
// lies from now, across the tolerance's edges. Every fresh signed message must verify, name the
// practice whose secret signed it, and every stale one must fail as stale, never as a mismatch.
#include <string>
#include <vector>

#include "server/security/hearlink_signature.hpp"
#include "server/webhooks/envelope.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

const std::vector<hb::HearLinkSecret> kSecrets{
    {"pra-fuzz-a", "whsec_fuzz_a"}, {"pra-fuzz-b", "whsec_fuzz_b_old"}, {"pra-fuzz-b", "whsec_fuzz_b_new"}};
constexpr int64_t kNow = 1770000000;  // the injected clock
constexpr int64_t kTolerance = 300;
constexpr int64_t kSkews[] = {
    0, 1, -1, 299, -300, 300, 301, -301, 86400, -86400, kNow, -kNow, 1'000'000'000'000, 4'000'000'000, -1'700'000'000,
    17};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = hb::fuzz::as_text(data, size);
  const auto mode = hb::fuzz::take_byte(input) % 4;
  const auto skew = kSkews[hb::fuzz::take_byte(input) % std::size(kSkews)];
  std::string header(hb::fuzz::take_line(input));
  const auto body = input;
  const int64_t t = kNow + skew;
  if (mode == 1) header = hb::sign_hearlink(kSecrets[0].secret, t, body);
  if (mode == 2) header = hb::sign_hearlink(kSecrets[2].secret, t, body);
  if (mode == 3) header = hb::sign_hearlink(kSecrets[0].secret, t, body) + "," + header;

  const auto check = hb::verify_hearlink_signature(header, body, kSecrets, kNow, kTolerance);
  FUZZ_CHECK(!check.ok || !check.practice_id.empty());
  FUZZ_CHECK(hb::verify_hearlink_signature(header, body, {}, kNow, kTolerance).failure ==
             hb::HearLinkSignatureFailure::not_configured);
  if (mode != 0 && t >= 0) {  // a negative t is refused as malformed
    const bool fresh = skew >= -kTolerance && skew <= kTolerance;
    FUZZ_CHECK(check.ok == fresh);
    FUZZ_CHECK(check.timestamp == t);
    if (fresh) FUZZ_CHECK(check.practice_id == (mode == 2 ? "pra-fuzz-b" : "pra-fuzz-a"));
    if (!fresh) FUZZ_CHECK(check.failure == hb::HearLinkSignatureFailure::stale_timestamp);
  }
  (void)hb::hearlink_failure_name(check.failure);
  if (!check.ok) return 0;

  // What the intake does next, on the same bytes.
  if (auto envelope = hb::parse_webhook_envelope(body)) {
    FUZZ_CHECK(!envelope.value().id.empty() && !envelope.value().type.empty());
    FUZZ_CHECK(envelope.value().type.size() <= hb::kMaxWebhookIdLength);
  }
  return 0;
}
