#include "server/security/hint_signature.hpp"

#include <catch2/catch_test_macros.hpp>
#include <string>

using hb::SignatureFailure;

namespace {
const hb::HintKeys kKeys{"current-key", "previous-key"};
const std::string kBody = R"({"user":{"id":"user-1"},"practice":{"id":"pra-1"}})";
}  // namespace

TEST_CASE("the contract's known-answer vector signs and verifies") {
  const std::string key = "It's a Secret to Everybody";
  const std::string expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  CHECK(hb::sign_hint(key, "Hello, World!") == expected);
  CHECK(hb::verify_hint_signature(expected, "Hello, World!", {key, ""}).ok);
}

TEST_CASE("upper-case hex verifies too") {
  auto header = hb::sign_hint(kKeys.current, kBody);
  for (size_t i = 7; i < header.size(); ++i) header[i] = static_cast<char>(std::toupper(header[i]));
  CHECK(hb::verify_hint_signature(header, kBody, kKeys).ok);
}

TEST_CASE("the previous key is accepted during a rotation and reported as such") {
  auto check = hb::verify_hint_signature(hb::sign_hint(kKeys.previous, kBody), kBody, kKeys);
  CHECK(check.ok);
  CHECK(check.matched_previous);
  auto without_previous = hb::verify_hint_signature(hb::sign_hint(kKeys.previous, kBody), kBody, {kKeys.current, ""});
  CHECK(!without_previous.ok);
}

TEST_CASE("tampered or malformed signatures are refused, each for its reason") {
  const auto good = hb::sign_hint(kKeys.current, kBody);
  std::string changed_body = kBody;
  changed_body[10] ^= 1;
  struct Case {
    const char* name;
    std::string header;
    std::string body;
    SignatureFailure failure;
  };
  const Case cases[] = {
      {"missing header", "", kBody, SignatureFailure::missing},
      {"no '='", "sha256" + good.substr(7), kBody, SignatureFailure::malformed},
      {"empty hex", "sha256=", kBody, SignatureFailure::malformed},
      {"wrong prefix", "sha1=" + good.substr(7), kBody, SignatureFailure::unknown_algorithm},
      {"prefix in capitals", "SHA256=" + good.substr(7), kBody, SignatureFailure::unknown_algorithm},
      {"truncated hex", good.substr(0, good.size() - 2), kBody, SignatureFailure::malformed},
      {"odd-length hex", good.substr(0, good.size() - 1), kBody, SignatureFailure::malformed},
      {"non-hex digit", good.substr(0, good.size() - 1) + "g", kBody, SignatureFailure::malformed},
      {"64 zeros (Hint's audit probe)", "sha256=" + std::string(64, '0'), kBody, SignatureFailure::mismatch},
      {"one byte of body changed", good, changed_body, SignatureFailure::mismatch},
      {"wrong key", hb::sign_hint("another-key", kBody), kBody, SignatureFailure::mismatch},
      {"trailing space", good + " ", kBody, SignatureFailure::malformed},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto check = hb::verify_hint_signature(c.header, c.body, kKeys);
    CHECK(!check.ok);
    CHECK(check.failure == c.failure);
  }
}

TEST_CASE("nothing verifies while no key is configured, not even an empty-key signature") {
  auto check = hb::verify_hint_signature(hb::sign_hint("", kBody), kBody, {"", ""});
  CHECK(!check.ok);
  CHECK(check.failure == SignatureFailure::not_configured);
}
