#include "sandbox/signing.hpp"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace hbs {

std::string hex_lower(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &length);
  return hex_lower(std::string_view(reinterpret_cast<const char*>(mac), length));
}

std::string hint_signature(std::string_view key, std::string_view body) {
  return "sha256=" + hmac_sha256_hex(key, body);
}

std::string hearlink_signature(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  std::string message;
  message.reserve(t.size() + 1 + body.size());
  message.append(t).append(".").append(body);
  return "t=" + t + ",v1=" + hmac_sha256_hex(secret, message);
}

namespace {
std::string random_bytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    throw std::runtime_error("CSPRNG failure");  // never hand out a predictable token
  }
  return out;
}
}  // namespace

std::string random_hex(size_t bytes) { return hex_lower(random_bytes(bytes)); }

std::string random_base62(size_t length) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  while (out.size() < length) {
    for (unsigned char c : random_bytes(length)) {
      if (c < 248 && out.size() < length) out += kAlphabet[c % 62];  // 248 = 4×62: no modulo bias
    }
  }
  return out;
}

}  // namespace hbs
