#include <catch2/catch_test_macros.hpp>

#include "server/security/hash.hpp"
#include "server/security/hearlink_signature.hpp"
#include "server/security/hmac.hpp"

using hb::HearLinkSignatureFailure;
using hb::sign_hearlink;
using hb::verify_hearlink_signature;

namespace {

constexpr int64_t kNow = 1'800'000'000;
const std::vector<hb::HearLinkSecret> kSecrets{
    {"pra-a", "whsec_a_current"}, {"pra-a", "whsec_a_next"}, {"pra-b", "whsec_b"}};
const std::string kBody =
    R"({"id":"evt_1","type":"patient.created","createdAt":"2026-04-10T14:30:00.000Z","data":{"uid":"hlp_1"}})";

std::string v1(const std::string& secret, int64_t t, const std::string& body) {
  return hb::to_hex(hb::hmac_sha256(secret, std::to_string(t) + "." + body));
}

hb::HearLinkSignatureCheck verify(const std::string& header, const std::string& body = kBody, int64_t now = kNow) {
  return verify_hearlink_signature(header, body, kSecrets, now, 300);
}

}  // namespace

TEST_CASE("sign_hearlink writes t and one v1 over \"{t}.{body}\"") {
  CHECK(sign_hearlink("whsec_b", kNow, kBody) == "t=1800000000,v1=" + v1("whsec_b", kNow, kBody));
  // Known answer computed independently: printf '1800000000.{}' | openssl dgst -sha256 -hmac key
  CHECK(sign_hearlink("key", kNow, "{}") == "t=1800000000,v1=" + hb::to_hex(hb::hmac_sha256("key", "1800000000.{}")));
}

TEST_CASE("a valid HearLink signature verifies and names the practice whose secret matched") {
  auto a = verify(sign_hearlink("whsec_a_current", kNow, kBody));
  CHECK(a.ok);
  CHECK(a.practice_id == "pra-a");
  CHECK(a.timestamp == kNow);
  auto b = verify(sign_hearlink("whsec_b", kNow, kBody));
  CHECK(b.ok);
  CHECK(b.practice_id == "pra-b");
}

TEST_CASE("timestamps exactly 300 s away either way are accepted, 301 s are refused") {
  for (int64_t offset : {-300, 300, 0}) {
    auto check = verify(sign_hearlink("whsec_b", kNow + offset, kBody));
    INFO("offset " << offset);
    CHECK(check.ok);
  }
  for (int64_t offset : {-301, 301}) {
    auto check = verify(sign_hearlink("whsec_b", kNow + offset, kBody));
    INFO("offset " << offset);
    CHECK(!check.ok);
    CHECK(check.failure == HearLinkSignatureFailure::stale_timestamp);
  }
}

TEST_CASE("the tolerance is a parameter, not a constant") {
  auto header = sign_hearlink("whsec_b", kNow - 60, kBody);
  CHECK(verify_hearlink_signature(header, kBody, kSecrets, kNow, 60).ok);
  CHECK(verify_hearlink_signature(header, kBody, kSecrets, kNow, 59).failure ==
        HearLinkSignatureFailure::stale_timestamp);
}

TEST_CASE("a header with several v1 entries verifies when any one of them matches") {
  const std::string good = v1("whsec_b", kNow, kBody);
  const std::string wrong = v1("someone-else", kNow, kBody);
  CHECK(verify("t=1800000000,v1=" + wrong + ",v1=" + good).ok);
  CHECK(verify("t=1800000000,v1=" + good + ",v1=" + wrong).ok);
  CHECK(verify("t=1800000000, v1=" + wrong + ", v1=" + good).ok);  // spaces after commas
  CHECK(verify("t=1800000000,v0=abc,v1=nothex,v1=" + good).ok);    // unknown schemes and junk skipped
}

TEST_CASE("during a rotation both of a practice's secrets verify, for the same practice") {
  auto next = verify(sign_hearlink("whsec_a_next", kNow, kBody));
  CHECK(next.ok);
  CHECK(next.practice_id == "pra-a");
  // HearLink signs with both while rotating: one header, two v1 entries.
  auto both =
      verify("t=1800000000,v1=" + v1("whsec_a_current", kNow, kBody) + ",v1=" + v1("whsec_a_next", kNow, kBody));
  CHECK(both.ok);
  CHECK(both.practice_id == "pra-a");
  // Once the old secret is removed from the configuration, it no longer verifies.
  std::vector<hb::HearLinkSecret> rotated{{"pra-a", "whsec_a_next"}};
  CHECK(!verify_hearlink_signature(sign_hearlink("whsec_a_current", kNow, kBody), kBody, rotated, kNow, 300).ok);
}

TEST_CASE("tampered or malformed HearLink signatures are refused, each for its reason") {
  const std::string good = v1("whsec_b", kNow, kBody);
  struct Case {
    const char* name;
    std::string header;
    std::string body;
    HearLinkSignatureFailure failure;
  };
  const std::vector<Case> cases{
      {"empty header", "", kBody, HearLinkSignatureFailure::missing},
      {"blank header", "   ", kBody, HearLinkSignatureFailure::missing},
      {"no t", "v1=" + good, kBody, HearLinkSignatureFailure::malformed},
      {"no v1", "t=1800000000", kBody, HearLinkSignatureFailure::malformed},
      {"t not a number", "t=soon,v1=" + good, kBody, HearLinkSignatureFailure::malformed},
      {"t negative", "t=-5,v1=" + good, kBody, HearLinkSignatureFailure::malformed},
      {"t with trailing junk", "t=1800000000x,v1=" + good, kBody, HearLinkSignatureFailure::malformed},
      {"v1 not hex", "t=1800000000,v1=zz" + good.substr(2), kBody, HearLinkSignatureFailure::malformed},
      {"v1 too short", "t=1800000000,v1=" + good.substr(0, 62), kBody, HearLinkSignatureFailure::malformed},
      {"only a v0", "t=1800000000,v0=" + good, kBody, HearLinkSignatureFailure::malformed},
      {"sha256= prefix (Hint's format)", "sha256=" + good, kBody, HearLinkSignatureFailure::malformed},
      {"body changed by one byte", "t=1800000000,v1=" + good, kBody + " ", HearLinkSignatureFailure::mismatch},
      {"t changed, v1 kept", "t=1800000001,v1=" + good, kBody, HearLinkSignatureFailure::mismatch},
      {"signed with an unknown secret", sign_hearlink("whsec_unknown", kNow, kBody), kBody,
       HearLinkSignatureFailure::mismatch},
      {"one digit of v1 flipped", "t=1800000000,v1=" + std::string(good[0] == '0' ? "1" : "0") + good.substr(1), kBody,
       HearLinkSignatureFailure::mismatch},
      {"signature over the body without t", "t=1800000000,v1=" + hb::to_hex(hb::hmac_sha256("whsec_b", kBody)), kBody,
       HearLinkSignatureFailure::mismatch},
      {"stale but authentic", sign_hearlink("whsec_b", kNow - 3600, kBody), kBody,
       HearLinkSignatureFailure::stale_timestamp},
      {"far future but authentic", sign_hearlink("whsec_b", kNow + 3600, kBody), kBody,
       HearLinkSignatureFailure::stale_timestamp},
      {"t huge, forged", "t=9223372036854775807,v1=" + good, kBody, HearLinkSignatureFailure::mismatch},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto check = verify(c.header, c.body);
    CHECK(!check.ok);
    CHECK(check.failure == c.failure);
    CHECK(check.practice_id.empty());
  }
}

TEST_CASE("nothing verifies while no HearLink secret is configured") {
  auto check = verify_hearlink_signature(sign_hearlink("", kNow, kBody), kBody, {}, kNow, 300);
  CHECK(!check.ok);
  CHECK(check.failure == HearLinkSignatureFailure::not_configured);
}
