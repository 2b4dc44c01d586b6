#include "server/security/token_cipher.hpp"

#include <openssl/evp.h>

#include <cassert>
#include <memory>

#include "server/security/hmac.hpp"
#include "server/security/random.hpp"

namespace hb {
namespace {

constexpr char kVersion = 0x01;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

}  // namespace

TokenCipher::TokenCipher(std::string key) : key_(std::move(key)) {
  assert(key_.size() == 32 && "AES-256 needs a 32-byte key");
}

std::string TokenCipher::derive(std::string_view label) const {
  return hmac_sha256(key_, std::string("hearbridge derived key v1\n").append(label));
}

std::string TokenCipher::encrypt(std::string_view plaintext, std::string_view aad) const {
  const auto nonce = random_bytes(kNonceBytes);
  std::string out;
  out.reserve(1 + kNonceBytes + plaintext.size() + kTagBytes);
  out += kVersion;
  out += nonce;
  std::string body(plaintext.size(), '\0');
  std::string tag(kTagBytes, '\0');

  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), bytes(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), bytes(body), &length, bytes(plaintext), static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), bytes(body) + length, &length) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes(tag)) == 1;
  assert(ok && "AES-256-GCM encryption cannot fail with valid inputs");
  (void)ok;
  out += body;
  out += tag;
  return out;
}

std::optional<std::string> TokenCipher::decrypt(std::string_view stored, std::string_view aad) const {
  if (stored.size() < 1 + kNonceBytes + kTagBytes || stored[0] != kVersion) return std::nullopt;
  auto nonce = stored.substr(1, kNonceBytes);
  auto body = stored.substr(1 + kNonceBytes, stored.size() - 1 - kNonceBytes - kTagBytes);
  std::string tag(stored.substr(stored.size() - kTagBytes));
  std::string plaintext(body.size(), '\0');

  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), bytes(nonce)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), bytes(plaintext), &length, bytes(body), static_cast<int>(body.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), bytes(plaintext) + length, &length) == 1;
  if (!ok) return std::nullopt;
  return plaintext;
}

}  // namespace hb
