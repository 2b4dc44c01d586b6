// The clinician's screens wired like main wires them, signed in, with replies built from the
// API's documented shapes (web/clinical/clinical_flow.hpp).
#pragma once
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>

#include "shared/clinical_note.hpp"
#include "tests/web/launch_harness.hpp"

namespace hb::web::testing {

inline nlohmann::json note_json(const std::string& id, int64_t version, const std::string& title,
                                const std::string& body, bool is_signed = false, const std::string& interaction = "") {
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
  return to_json(note);
}

inline std::string patient_reply() {
  return R"({"patient": {"id": "pat-1", "name": "Zoë Ñúñez-Łukasz", "first_name": "Zoë", "last_name": "Ñúñez-Łukasz",
             "dob": "1961-02-03", "age": 65, "sex": "female", "email": null, "phone": null, "status": "active"}})";
}

// Two tests: the fixture's audiogram (newest) and an unrecognised one.
inline std::string hearing_reply(const std::string& link = "linked") {
  return R"({"link": {"status": ")" + link + R"(", "hearlink_uid": "hlp_7Qx2Lm9", "reason": null},
    "hearing_tests": [
      {"uid": "ht_2", "test_date": "2026-04-12", "audiologist": "Priya Natarajan",
       "audiogram": {"right": {"250": 15, "500": 20, "1000": 25, "2000": 35, "3000": 45, "4000": 55, "8000": 65},
                     "left": {"250": 10, "500": 15, "1000": 20, "2000": 40, "4000": 60, "6000": 65, "8000": 70}, "bil": null}},
      {"uid": "ht_1", "test_date": "2024-03-01", "audiologist": null, "audiogram": {"format": "pdf"}}],
    "appointments": [{"uid": "ap_1", "type": "Hearing aid fitting", "start": "2026-12-01T09:30:00Z", "end": null,
                      "clinic": "Main", "with": "Priya Natarajan", "confirmed": true, "cancelled": false, "outcome": null}],
    "invoices": [{"uid": "inv_1", "order_number": "INV-1001", "status": "open", "total": 1200, "paid": 200, "balance": 1000}],
    "outstanding_balance": 1000})";
}

inline std::string notes_reply(const nlohmann::json& items) { return nlohmann::json{{"items", items}}.dump(); }
inline std::string note_reply(const nlohmann::json& note) { return nlohmann::json{{"note", note}}.dump(); }
// The server's 409 for a stale version: the error body plus the note as it is now.
inline std::string conflict_reply(const nlohmann::json& current) {
  nlohmann::json conflict = error_body(Error{ErrorCode::conflict, {}});
  conflict["current"] = current;
  return conflict.dump();
}

struct ClinicalHarness : LaunchHarness {
  explicit ClinicalHarness(SessionContext context = patient_context()) : LaunchHarness("key-abc", context.surface) {
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
  void answer(const std::string& method, const std::string& path, int status, const std::string& body) {
    const int index = find(method, path);
    REQUIRE(index >= 0);
    http.reply(status, body, index);
  }
  // Patient, hearing record and the notes list answered.
  void open_patient(const nlohmann::json& notes = nlohmann::json::array()) {
    answer("GET", "/api/patients/pat-1", 200, patient_reply());
    answer("GET", "/api/patients/pat-1/hearing", 200, hearing_reply());
    answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply(notes));
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
