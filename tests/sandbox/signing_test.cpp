#include <catch2/catch_test_macros.hpp>

#include "sandbox/signing.hpp"
#include "server/security/hint_signature.hpp"
#include "server/security/hmac.hpp"

TEST_CASE("the sandbox's Hint signer matches the contract's known-answer vector") {
  CHECK(hbs::hint_signature("It's a Secret to Everybody", "Hello, World!") ==
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
}

TEST_CASE("HearBridge's own verifier accepts what the sandbox signs, and rejects it under another key") {
  const std::string body = R"({"user":{"id":"user-1","email":"a@b.c"},"practice":{"id":"pra-1","name":"Zoë's"}})";
  const auto header = hbs::hint_signature("sandbox-key", body);
  CHECK(header == hb::sign_hint("sandbox-key", body));
  CHECK(hb::verify_hint_signature(header, body, hb::HintKeys{"sandbox-key", ""}).ok);
  CHECK_FALSE(hb::verify_hint_signature(header, body, hb::HintKeys{"another-key", ""}).ok);
  CHECK_FALSE(hb::verify_hint_signature(header, body + " ", hb::HintKeys{"sandbox-key", ""}).ok);
}

TEST_CASE("a HearLink signature is t=<unix>,v1=<hex HMAC of \"{t}.{body}\"> and verifies with independent code") {
  const std::string body = R"({"id":"evt_1","type":"test"})";
  const auto header = hbs::hearlink_signature("whsec", 1700000000, body);
  REQUIRE(header.rfind("t=1700000000,v1=", 0) == 0);
  const auto mac = hb::from_hex(header.substr(std::string("t=1700000000,v1=").size()));
  REQUIRE(mac);
  CHECK(hb::constant_time_equal(*mac, hb::hmac_sha256("whsec", "1700000000." + body)));
  CHECK(header != hbs::hearlink_signature("whsec", 1700000001, body));
}

TEST_CASE("random tokens are fresh, of the asked length, and drawn from the stated alphabet") {
  const auto a = hbs::random_base62(36);
  const auto b = hbs::random_base62(36);
  CHECK(a.size() == 36);
  CHECK(a != b);
  CHECK(a.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == std::string::npos);
  CHECK(hbs::random_hex(16).size() == 32);
}
