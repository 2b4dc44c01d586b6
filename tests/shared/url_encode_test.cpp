#include "shared/url_encode.hpp"

#include <catch2/catch_test_macros.hpp>

#include <string>

TEST_CASE("url_encode keeps RFC 3986's unreserved characters and encodes UTF-8 byte by byte") {
  CHECK(hb::url_encode("pat-ab12C345DeF6") == "pat-ab12C345DeF6");
  CHECK(hb::url_encode("a.b_c~d") == "a.b_c~d");
  CHECK(hb::url_encode("Zoë") == "Zo%C3%AB");
  CHECK(hb::url_encode("Ñúñez-Łukasz") == "%C3%91%C3%BA%C3%B1ez-%C5%81ukasz");
  CHECK(hb::url_encode("a b&c=d/e?f#g%h+i") == "a%20b%26c%3Dd%2Fe%3Ff%23g%25h%2Bi");
  CHECK(hb::url_encode("").empty());
}

// The sandbox once used cpp-httplib's query encoder, which leaves !'()* as they are; the server and
// the UI encoded them. One rule now: every byte but the unreserved ones, whatever the locale says.
TEST_CASE("url_encode encodes every byte outside the unreserved set, including !'()* and bytes above 0x7F") {
  const std::string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const std::string expected = unreserved.find(c) != std::string::npos
                                     ? std::string(1, c)
                                     : std::string{'%', kHex[byte >> 4], kHex[byte & 15]};
    INFO(byte);
    CHECK(hb::url_encode(std::string(1, c)) == expected);
  }
  CHECK(hb::url_encode("!'()*") == "%21%27%28%29%2A");
}
