#include "web/clinical/device_copy.hpp"

#include <algorithm>

#include "shared/json_input.hpp"
#include "shared/url_encode.hpp"
#include "web/api_client.hpp"
#include "web/clinical/clinical_flow.hpp"
#include "web/launch/launch_flow.hpp"
#include "web/local_time.hpp"

namespace hb::web {
namespace {

// Where the open editor's words are kept: one slot per note (a new note: per patient, and per note
// an addendum adds to) and per launch, so this launch never overwrites a copy an earlier one left
// (which may still be on offer). Ids only: slot names are not encrypted.
std::string editor_slot(const AppState& state) {
  const auto& c = state.clinical;
  const auto& e = c.editor;
  const auto launch = "/" + std::to_string(c.device.opened_at_ms);
  if (e.note) return c.device.prefix + url_encode(e.note->id) + launch;
  return c.device.prefix + "new." + url_encode(c.patient_id) +
         (e.addendum_of.empty() ? "" : "." + url_encode(e.addendum_of)) + launch;
}

const ClinicalNote* server_note(const AppState& state, const std::string& note_id) {
  const auto& c = state.clinical;
  if (note_id.empty() || !c.notes.ready()) return nullptr;
  for (const auto& n : c.notes.value()) {
    if (n.id == note_id) return &n;
  }
  return nullptr;
}

std::int64_t characters(std::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; });
}

}  // namespace

void fetch_recovery_key(AppState& state, Services& services) {
  auto& d = state.clinical.device;
  if (d.requested || !state.launch.session.ready() || !services.device.open) return;
  const auto& context = state.launch.session.value();
  if (!context.allows(Permission::draft)) return;
  d.requested = true;
  d.retry_at_ms.reset();
  // Encoded ids between '/' (which url_encode encodes): no two (practice, user) pairs share a prefix.
  d.prefix = "hearbridge.unsaved/" + url_encode(context.practice_id) + "/" + url_encode(context.user_id) + "/";
  call_api(state, services.api, "GET", "/api/session/recovery-key", nullptr,
           [&services](AppState& s, const Result<nlohmann::json>& reply) {
             auto key = reply ? parse_recovery_key_reply(reply.value()) : Result<RecoveryKeyReply>(reply.error());
             auto& device = s.clinical.device;
             if (!key) {
               // Without the key nothing can be kept on the device (saving to the server goes on);
               // a missing answer is asked again.
               if (is_retryable(key.error().code)) {
                 device.requested = false;
                 device.retry_at_ms = services.now_ms() + kDeviceKeyRetryMs;
               }
               return;
             }
             device.opened_at_ms = services.now_ms();
             services.device.open(key.value().key, device.prefix);
           });
}

void device_copies_read(AppState& state, Services& services,
                        const std::vector<std::pair<std::string, std::optional<std::string>>>& copies) {
  auto& d = state.clinical.device;
  d.open = true;
  d.found.clear();
  for (const auto& [slot, plaintext] : copies) {
    auto json = plaintext ? parse_json(*plaintext) : Result<nlohmann::json>(Error{ErrorCode::bad_request, {}});
    auto words = json ? parse_unsaved_words(json.value()) : Result<UnsavedWords>(json.error());
    if (!words) {
      if (services.device.remove) services.device.remove(slot);  // unreadable: of no use to anyone
      continue;
    }
    d.found.push_back(DeviceCopy{slot, std::move(words).value()});
  }
  // Newest first: the most recent words are offered first.
  std::sort(d.found.begin(), d.found.end(),
            [](const auto& a, const auto& b) { return a.words.typed_at_ms > b.words.typed_at_ms; });
  offer_device_copy(state, services);
}

void offer_device_copy(AppState& state, Services& services) {
  auto& c = state.clinical;
  auto& d = c.device;
  if (!d.open || d.offer || !c.notes.ready() || c.patient_id.empty()) return;
  for (auto it = d.found.begin(); it != d.found.end();) {
    if (it->words.patient_id != c.patient_id || it->slot == d.slot) {
      ++it;
      continue;
    }
    const auto* note = server_note(state, it->words.note_id);
    const bool nothing_new =
        note ? note->title == it->words.title && note->body == it->words.body : it->words.body.empty();
    if (nothing_new) {  // the server has these words (or there are none): the copy has done its job
      if (services.device.remove) services.device.remove(it->slot);
      it = d.found.erase(it);
      continue;
    }
    d.offer = *it;
    d.found.erase(it);
    return;
  }
}

void keep_device_copy(AppState& state, Services& services) {
  auto& c = state.clinical;
  auto& d = c.device;
  const auto& e = c.editor;
  d.due_ms.reset();
  if (!d.open || !services.device.put || !has_unsaved_words(state)) return;
  const auto slot = editor_slot(state);
  const UnsavedWords words{c.patient_id,
                           e.note ? e.note->id : std::string(),
                           e.note ? e.note->version : 0,
                           e.addendum_of,
                           e.hearing_test_uid,
                           e.referenced_tests,
                           e.title,
                           e.body,
                           services.now_ms()};
  services.device.put(slot, to_json(words).dump());
  if (!d.slot.empty() && d.slot != slot && services.device.remove) services.device.remove(d.slot);
  d.slot = slot;
  d.copied_edits = e.edits;
  d.copied_generation = c.editor_generation;
  ++d.writes;
}

void forget_device_copy(AppState& state, Services& services) {
  auto& d = state.clinical.device;
  d.forget_due = false;
  if (d.slot.empty() || has_unsaved_words(state)) return;
  if (services.device.remove) services.device.remove(d.slot);
  d.slot.clear();
}

void withdraw_device_offer(AppState& state) {
  auto& d = state.clinical.device;
  if (!d.offer) return;
  d.found.insert(d.found.begin(), std::move(*d.offer));
  d.offer.reset();
}

void restore_words(AppState& state, Services& services) {
  auto& c = state.clinical;
  auto& d = c.device;
  if (!d.offer || c.editor.dirty() || c.editor.save_in_flight || state.ended) return;
  // Only ever into the patient the words were typed for, with that patient's notes at hand.
  if (d.offer->words.patient_id != c.patient_id || !c.notes.ready()) return;
  auto copy = std::move(*d.offer);
  d.offer.reset();
  const auto& w = copy.words;
  const auto* note = server_note(state, w.note_id);
  open_note_with_words(state, services, note, w);
  // The words are on the device already, in this slot: the editor's next copy replaces it.
  d.slot = copy.slot;
  d.copied_edits = c.editor.edits;
  d.copied_generation = c.editor_generation;
}

void discard_words(AppState& state, Services& services) {
  auto& d = state.clinical.device;
  if (!d.offer) return;
  if (services.device.remove) services.device.remove(d.offer->slot);
  d.offer.reset();
  offer_device_copy(state, services);
}

void tick_device_copy(AppState& state, std::int64_t now_ms) {
  auto& c = state.clinical;
  auto& d = c.device;
  if (d.retry_at_ms && now_ms >= *d.retry_at_ms && !state.ended) {
    d.retry_at_ms.reset();
    state.commands.emplace_back(FetchRecoveryKey{});
  }
  if (!d.open) return;
  if (has_unsaved_words(state)) {
    const bool stale = d.copied_edits != c.editor.edits || d.copied_generation != c.editor_generation;
    if (stale && !d.due_ms) d.due_ms = state.ended ? now_ms : now_ms + kDeviceCopyDelayMs;
    if (d.due_ms && now_ms >= *d.due_ms) {
      d.due_ms.reset();
      state.commands.emplace_back(KeepDeviceCopy{});
    }
  } else {
    d.due_ms.reset();
    if (!d.slot.empty() && !d.forget_due) {
      d.forget_due = true;
      state.commands.emplace_back(ForgetDeviceCopy{});
    }
  }
}

std::optional<std::int64_t> next_device_timer(const AppState& state) {
  const auto& d = state.clinical.device;
  if (!d.open) return d.retry_at_ms;
  return d.due_ms;
}

std::int64_t unsaved_characters(const UnsavedWords& words, const ClinicalNote* server) {
  const std::string_view mine = words.body;
  if (!server) return characters(mine);
  const std::string_view theirs = server->body;
  size_t start = 0;
  while (start < mine.size() && start < theirs.size() && mine[start] == theirs[start]) ++start;
  size_t end = 0;
  while (end < mine.size() - start && end < theirs.size() - start &&
         mine[mine.size() - 1 - end] == theirs[theirs.size() - 1 - end]) {
    ++end;
  }
  // Back to whole characters: never count half a multi-byte sequence.
  while (start > 0 && start < mine.size() && (static_cast<unsigned char>(mine[start]) & 0xC0) == 0x80) --start;
  const auto changed = mine.substr(start, mine.size() - start - end);
  // A title typed but no body change still counts as something to restore.
  const auto count = characters(changed);
  return count > 0 ? count : (words.title != server->title ? characters(words.title) : 0);
}

std::string restore_question(const AppState& state) {
  const auto& d = state.clinical.device;
  if (!d.offer) return {};
  const auto& w = d.offer->words;
  const auto count = unsaved_characters(w, server_note(state, w.note_id));
  return "Restore " + std::to_string(count) + (count == 1 ? " character" : " characters") + " typed at " +
         local_clock(state.time_zone, w.typed_at_ms / 1000) + "?";
}

}  // namespace hb::web
