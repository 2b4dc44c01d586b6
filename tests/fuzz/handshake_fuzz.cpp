// Hint's launch handshake decoder (server/sessions/handshake.*) behind a signature that already
// verified, and the freshness check with an injected clock. Properties: a decoded handshake always
// names its user and practice; freshness is exactly "within ± tolerance" of the clock.
#include <algorithm>
#include <string>

#include "server/sessions/handshake.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr int64_t kNows[] = {1770000000, 0, 253402300799, -62167219200};  // now, the epoch, year 9999, year 0
constexpr int64_t kTolerance = 300;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto body = hb::fuzz::as_text(data, size);
  auto handshake = hb::parse_handshake(body);
  if (!handshake) {
    const auto code = handshake.error().code;
    FUZZ_CHECK(code == hb::ErrorCode::missing_field || code == hb::ErrorCode::bad_request ||
               code == hb::ErrorCode::malformed_json || code == hb::ErrorCode::json_too_deep);
    return 0;
  }
  const auto& h = handshake.value();
  FUZZ_CHECK(!h.user_id.empty() && !h.practice_id.empty());
  FUZZ_CHECK(std::none_of(h.partner_roles.begin(), h.partner_roles.end(), [](const auto& r) { return r.empty(); }));
  for (const auto now : kNows) {
    const auto fresh = hb::check_handshake_freshness(h, now, kTolerance);
    if (!h.timestamp) {
      FUZZ_CHECK(fresh.ok());
    } else {
      const auto skew = now - *h.timestamp;
      FUZZ_CHECK(fresh.ok() == (skew >= -kTolerance && skew <= kTolerance));
    }
  }
  return 0;
}
