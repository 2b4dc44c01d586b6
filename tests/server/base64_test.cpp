#include "server/security/base64.hpp"

#include <catch2/catch_test_macros.hpp>

#include "server/security/random.hpp"

TEST_CASE("base64 encodes and decodes RFC 4648 vectors") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    CHECK(hb::base64_encode(plain) == encoded);
    CHECK(hb::base64_decode(encoded) == plain);
  }
}

TEST_CASE("base64 decoding rejects bad input and ignores surrounding whitespace") {
  CHECK(!hb::base64_decode("Zm9"));
  CHECK(!hb::base64_decode("Zm9v!A=="));
  CHECK(hb::base64_decode("  Zm9v\n") == "foo");
}

TEST_CASE("credentials carry 256 bits, are URL-safe, and differ every time") {
  auto a = hb::new_credential();
  auto b = hb::new_credential();
  CHECK(a != b);
  CHECK(a.size() == 43);  // 32 bytes, base64url without padding
  CHECK(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
}
