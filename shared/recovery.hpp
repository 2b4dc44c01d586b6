// Words kept on the clinician's device until the server has them.
//
// GET /api/session/recovery-key → RecoveryKeyReply {"key": "<base64 of 32 bytes>"}: an AES-GCM key
// the server derives from its data key for one user in one practice, so every session of that user
// there gets the same key and no one else does. The browser imports it into WebCrypto (not
// extractable) and keeps, in localStorage, only AES-GCM ciphertexts of UnsavedWords; the server
// never sees them unless the clinician restores them (then they are saved like any typing).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

struct RecoveryKeyReply {
  std::string key;  // base64, 32 bytes

  bool operator==(const RecoveryKeyReply&) const = default;
};
nlohmann::json to_json(const RecoveryKeyReply& reply);
Result<RecoveryKeyReply> parse_recovery_key_reply(const nlohmann::json& json);

// What the editor held that the server had not acknowledged (the plaintext inside one ciphertext).
struct UnsavedWords {
  std::string patient_id;
  std::string note_id;             // "" for a note never saved
  std::int64_t base_version = 0;   // the server's version the words were typed on (0: none)
  std::string addendum_of;         // a new addendum: the signed note it adds to
  std::string hearing_test_uid;    // a new note: the test it was started from
  std::vector<std::string> tests;  // hearing tests the words refer to (summaries inserted)
  std::string title;
  std::string body;
  std::int64_t typed_at_ms = 0;  // the last keystroke kept

  bool operator==(const UnsavedWords&) const = default;
};
nlohmann::json to_json(const UnsavedWords& words);
Result<UnsavedWords> parse_unsaved_words(const nlohmann::json& json);

}  // namespace hb
