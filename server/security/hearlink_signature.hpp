// HearLink's webhook signature:
//   X-HearLink-Signature: t=1700000000,v1=<hex HMAC-SHA256(secret, "1700000000." + raw body)>
// Several v1 entries appear while a secret is rotated ("t=…,v1=<new>,v1=<old>"); any one may match,
// under any configured secret. Each secret belongs to one practice: the secret that verifies tells
// which practice the event is for. Verified over the exact received bytes, before any parsing, in
// constant time; the timestamp must be within `tolerance_s` of `now`, both ways (inclusive).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/config.hpp"

namespace hb {

// Why a signature failed; the HTTP answer is 401 for all but not_configured (503); the reason feeds
// metrics. Signature problems are reported before a stale timestamp, so "stale" means authentic but old.
enum class HearLinkSignatureFailure { missing, malformed, mismatch, stale_timestamp, not_configured };

struct HearLinkSignatureCheck {
  bool ok = false;
  HearLinkSignatureFailure failure = HearLinkSignatureFailure::missing;
  std::string practice_id;  // set when ok: the practice whose secret verified
  int64_t timestamp = 0;    // the header's t, when it parsed
};

HearLinkSignatureCheck verify_hearlink_signature(std::string_view header, std::string_view body,
                                                 const std::vector<HearLinkSecret>& secrets, int64_t now,
                                                 int64_t tolerance_s);

// "t=<t>,v1=<lowercase hex>": what HearLink sends; tests and the bench sign with it.
std::string sign_hearlink(std::string_view secret, int64_t t, std::string_view body);

const char* hearlink_failure_name(HearLinkSignatureFailure failure);

}  // namespace hb
