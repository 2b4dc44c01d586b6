// Hint and HearLink tokens at rest: AES-256-GCM under the data key (HEARBRIDGE_DATA_KEY), a fresh
// random 96-bit nonce per encryption, and associated data that binds a ciphertext to its row
// (e.g. "session:<id>") so a ciphertext copied onto another row does not decrypt.
//   stored = 0x01 (version) ‖ nonce (12) ‖ ciphertext ‖ tag (16)
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace hb {

class TokenCipher {
public:
  // `key` is exactly 32 bytes (asserted: callers validate configuration first).
  explicit TokenCipher(std::string key);

  std::string encrypt(std::string_view plaintext, std::string_view associated_data) const;
  // nullopt when the data was altered, bound to other associated data, or made under another key.
  std::optional<std::string> decrypt(std::string_view stored, std::string_view associated_data) const;
  // A 32-byte key for one purpose (`label` names it and whom it is for), derived from the data key
  // by HMAC-SHA256 so the data key itself never leaves this class. Same label, same key.
  std::string derive(std::string_view label) const;

private:
  std::string key_;
};

}  // namespace hb
