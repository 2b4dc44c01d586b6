#include "server/security/token_cipher.hpp"

#include <sys/stat.h>

#include <catch2/catch_test_macros.hpp>

#include "server/security/base64.hpp"
#include "server/security/data_key.hpp"
#include "tests/support/test_app.hpp"

namespace {
const std::string kKey(32, 'k');
}

TEST_CASE("a token encrypts and decrypts under the same key and associated data") {
  hb::TokenCipher cipher(kKey);
  auto stored = cipher.encrypt("lo40kQDzotPRcmyEo8FuWtd92jd3BZsszbt3", "session:abc");
  CHECK(stored.find("lo40kQDz") == std::string::npos);
  CHECK(stored.size() == 1 + 12 + 36 + 16);
  CHECK(cipher.decrypt(stored, "session:abc") == "lo40kQDzotPRcmyEo8FuWtd92jd3BZsszbt3");
}

TEST_CASE("each encryption uses a fresh nonce") {
  hb::TokenCipher cipher(kKey);
  CHECK(cipher.encrypt("same", "x") != cipher.encrypt("same", "x"));
}

TEST_CASE("altered data, other associated data, or another key do not decrypt") {
  hb::TokenCipher cipher(kKey);
  auto stored = cipher.encrypt("token", "session:abc");
  CHECK(!cipher.decrypt(stored, "session:xyz"));
  CHECK(!hb::TokenCipher(std::string(32, 'j')).decrypt(stored, "session:abc"));
  for (size_t i = 0; i < stored.size(); ++i) {
    auto tampered = stored;
    tampered[i] ^= 0x01;
    INFO(i);
    CHECK(!cipher.decrypt(tampered, "session:abc"));
  }
  CHECK(!cipher.decrypt(stored.substr(0, 20), "session:abc"));
  CHECK(!cipher.decrypt("", "session:abc"));
}

TEST_CASE("without a configured key one is generated once into the data dir with mode 0600") {
  hb::test::TempDir dir;
  auto first = hb::load_data_key("", dir.path());
  REQUIRE(first.ok());
  CHECK(first.value().generated);
  CHECK(first.value().bytes.size() == 32);
  struct stat info {};
  REQUIRE(::stat((dir.path() / "data.key").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  auto second = hb::load_data_key("", dir.path());
  REQUIRE(second.ok());
  CHECK(!second.value().generated);
  CHECK(second.value().bytes == first.value().bytes);
}

TEST_CASE("a configured key wins; a key file others can read is refused") {
  hb::test::TempDir dir;
  auto configured = hb::load_data_key(hb::base64_encode(std::string(32, 'z')), dir.path());
  REQUIRE(configured.ok());
  CHECK(configured.value().bytes == std::string(32, 'z'));
  CHECK(!std::filesystem::exists(dir.path() / "data.key"));

  hb::test::write_file(dir.path() / "data.key", hb::base64_encode(std::string(32, 'q')));
  ::chmod((dir.path() / "data.key").c_str(), 0644);
  auto loose = hb::load_data_key("", dir.path());
  REQUIRE(!loose.ok());
  CHECK(std::string(loose.error().text()).find("chmod 600") != std::string::npos);
}
