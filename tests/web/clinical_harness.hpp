// The clinician's screens wired like main wires them, signed in, with replies written by the shared
// mapping the server uses (to_json of the shared messages), so the UI reads what the server writes.
#pragma once
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>

#include "shared/clinical_note.hpp"
#include "shared/hearing_record.hpp"
#include "shared/patient.hpp"
#include "shared/worklist.hpp"
#include "tests/web/fake_device_store.hpp"
#include "tests/web/launch_harness.hpp"
#include "web/clinical/device_copy.hpp"

namespace hb::web::testing {

inline ClinicalNote make_note(const std::string& id, int64_t version, const std::string& title, const std::string& body,
                              bool is_signed = false, const std::string& interaction = "") {
  ClinicalNote note;
  note.id = id;
  note.patient_id = "pat-1";
  note.title = title;
  note.body = body;
  note.version = version;
  note.signed_ = is_signed;
  note.created_at = 1'790'000'000;
  note.updated_at = 1'790'000'000 + version * 60;  // 2026-09-21T…
  note.updated_by = "Priya Natarajan";
  if (is_signed) {
    note.signed_by = "Zoë Ñúñez-Łukasz";
    note.signed_at = note.updated_at;
  }
  note.hint_interaction_id = interaction;
  return note;
}

inline Patient sample_patient() {
  return {"pat-1", "Zoë Ñúñez-Łukasz", "Zoë", "Ñúñez-Łukasz", "1961-02-03", 65, "female", "", "", "active"};
}
inline std::string patient_reply() { return to_json(PatientReply{sample_patient()}).dump(); }

// The fixture's audiogram (HearLink's webhook example), as the server reads it.
inline Audiogram fixture_audiogram() {
  return parse_audiogram(nlohmann::json::parse(R"({
      "right": {"250": 15, "500": 20, "1000": 25, "2000": 35, "3000": 45, "4000": 55, "8000": 65},
      "left": {"250": 10, "500": 15, "1000": 20, "2000": 40, "4000": 60, "6000": 65, "8000": 70}, "bil": null})"));
}

// Two tests: the fixture's audiogram (newest) and an unrecognised one; £12.00 invoiced, £2.00 paid.
inline HearingRecord hearing_record(const std::string& link = "linked") {
  HearingRecord record;
  record.link = {link, link == "linked" ? "hlp_7Qx2Lm9" : "", ""};
  record.tests = {{"ht_2", "2026-04-12", "Priya Natarajan", fixture_audiogram()},
                  {"ht_1", "2024-03-01", "", parse_audiogram(nlohmann::json{{"format", "pdf"}})}};
  record.appointments = {
      {"ap_1", "Hearing aid fitting", "2026-12-01T09:30:00Z", "", "Main", "Priya Natarajan", true, false, ""}};
  record.invoices = {{"inv_1", "INV-1001", "open", 1200, 200, 1000}};
  record.outstanding_balance = 1000;
  return record;
}
inline std::string hearing_reply(const std::string& link = "linked") { return to_json(hearing_record(link)).dump(); }

// A page of notes; `next_before` non-empty: older notes are on the next page.
inline std::string notes_reply(std::vector<ClinicalNote> items, const std::string& next_before = "") {
  return to_json(NoteList{std::move(items), next_before}).dump();
}
inline std::string note_reply(const ClinicalNote& note) { return to_json(NoteReply{note}).dump(); }
// The server's 409 for a stale version: the error body plus the note as it is now.
inline std::string conflict_reply(const ClinicalNote& current) {
  return to_json(NoteConflict{Error{ErrorCode::conflict, {}}, current}).dump();
}

struct ClinicalHarness : LaunchHarness {
  // With `device`, unsaved words are kept in it (the browser's encrypted store) and the launch asks
  // for the recovery key; without, the app keeps nothing on the device.
  explicit ClinicalHarness(SessionContext context = patient_context(), FakeDeviceStore* device = nullptr)
      : LaunchHarness("key-abc", context.surface) {
    if (device) services.device = device->store();
    after_frame();
    http.reply(200, exchange_body(context));
    advance(0);     // the first loads are queued
    after_frame();  // and sent
  }

  static SessionContext patient_context() {
    auto context = clinician_context();
    context.surface = "clinical_chart";
    context.patient_id = "pat-1";
    return context;
  }

  // Index of the first request with this method and path (-1: none).
  int find(const std::string& method, const std::string& path) const {
    for (size_t i = 0; i < http.sent.size(); ++i) {
      if (http.sent[i].request.method == method && http.sent[i].request.path == path) return static_cast<int>(i);
    }
    return -1;
  }
  // Answers the oldest unanswered request with this method and path.
  void answer(const std::string& method, const std::string& path, int status, const std::string& body) {
    int index = -1;
    for (size_t i = 0; i < http.sent.size() && index < 0; ++i) {
      const auto& s = http.sent[i];
      if (!s.answered && s.request.method == method && s.request.path == path) index = static_cast<int>(i);
    }
    REQUIRE(index >= 0);
    http.reply(status, body, index);
  }
  // Patient, hearing record and the notes list answered.
  void open_patient(std::vector<ClinicalNote> notes = {}) {
    answer("GET", "/api/patients/pat-1", 200, patient_reply());
    answer("GET", "/api/patients/pat-1/hearing", 200, hearing_reply());
    answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply(std::move(notes)));
  }
  // The recovery key answered, and the device's copies read (as the browser does after open()).
  void open_device(FakeDeviceStore& device) {
    answer("GET", "/api/session/recovery-key", 200, to_json(RecoveryKeyReply{"a2V5"}).dump());
    device_copies_read(state, services, device.read());
  }
  void type(const std::string& text) {
    state.clinical.editor.body += text;
    note_edited(state, now);
  }
  // Lets time pass and runs what became due.
  void wait(std::int64_t ms) {
    advance(ms);
    after_frame();
  }
};

}  // namespace hb::web::testing
