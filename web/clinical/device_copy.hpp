// Unsaved words kept on the clinician's device, encrypted, until the server has them
// (shared/recovery.hpp says under which key). The browser side (WebCrypto AES-GCM and
// localStorage) sits behind Services::device; this file decides when a copy is written or removed,
// and what a later launch offers back:
//   - while the editor holds words the server has not acknowledged, a copy is written 300 ms after
//     the last change (and at once when the session ends); once the server has them it is removed;
//   - at launch the key is fetched and the device's copies read; when a patient's notes arrive, a copy
//     for that patient that differs from the server's note is offered ("Restore 54 characters typed at
//     14:32 GMT?"); restoring puts the words back in the editor (through the conflict view when the
//     note changed meanwhile); discarding removes the copy.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shared/clinical_note.hpp"
#include "shared/recovery.hpp"
#include "web/app_state.hpp"
#include "web/services.hpp"

namespace hb::web {

constexpr std::int64_t kDeviceCopyDelayMs = 300;
constexpr std::int64_t kDeviceKeyRetryMs = 5000;  // the recovery key asked again after no answer

// GET /api/session/recovery-key, then the device store opens with it (roles that write notes only).
void fetch_recovery_key(AppState& state, Services& services);
// The device store read its copies: (slot, plaintext), plaintext nullopt for one it could not decrypt
// (another key, altered): those are removed.
void device_copies_read(AppState& state, Services& services,
                        const std::vector<std::pair<std::string, std::optional<std::string>>>& copies);
// Offers a copy for the open patient once both the copies and the patient's notes are there.
void offer_device_copy(AppState& state, Services& services);
// Commands: write the editor's copy now; forget it; the offer's two answers.
void keep_device_copy(AppState& state, Services& services);
void forget_device_copy(AppState& state, Services& services);
void restore_words(AppState& state, Services& services);
// The open patient changes: an offer made for the previous one goes back unanswered (offered again
// when that patient opens).
void withdraw_device_offer(AppState& state);
void discard_words(AppState& state, Services& services);

// Before each frame (also after the session ended): queues a write when words changed, a removal
// once the server has them.
void tick_device_copy(AppState& state, std::int64_t now_ms);
std::optional<std::int64_t> next_device_timer(const AppState& state);

// Characters of `words` the server's note does not hold (all of them without a note): what differs
// between the common start and the common end, in characters, not bytes.
std::int64_t unsaved_characters(const UnsavedWords& words, const ClinicalNote* server);
// "Restore 54 characters typed at 14:32 GMT?"
std::string restore_question(const AppState& state);

}  // namespace hb::web
