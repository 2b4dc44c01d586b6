// A clinical note as the API carries it (GET/POST/PUT /api/interactions…). The note lives in
// HearBridge; Hint keeps a partner interaction that points back to it.
//   {"id": "note-…", "patient_id": "pat-…", "title": "…", "body": "…", "version": 3,
//    "status": "draft" | "signed" | "deleted", "created_at": "…Z", "created_by": "Name",
//    "updated_at": "…Z", "updated_by": "Name", "signed_by": "Name" | null, "signed_at": "…Z" | null,
//    "content_hash": "<sha256 hex>" | null, "hearing_test_uid": "ht_…" | null,
//    "addendum_of": "note-…" | null (the signed note this one adds to),
//    "hint": {"interaction_id": "inter-…" | null, "sync": "pending" | "synced" | "failed" | "needs_check"}}
//
// The messages around it (web/clinical/clinical_flow.hpp lists the routes):
//   POST /api/interactions {"patient_id", "title", "body", "hearing_test_uid"?, "addendum_of"?, "tests"?}
//                                                                                 → 201 {"note"}
//   PUT  /api/interactions/{id} {"title", "body", "version"?, "tests"?} (If-Match: "<version>") → 200 {"note"}
//   POST /api/interactions/{id}/sign {"version"?} (or If-Match)                  → 200 {"note"}
//   DELETE /api/interactions/{id} (If-Match: "<version>"; drafts only)           → 200 {"note"} (status deleted)
//   GET  /api/interactions?patient_id=… → {"items": [note…]}; GET /api/interactions/{id} → {"note"}
//   409 → {"error": {"code": "conflict", "message"}, "current": note | absent}
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

constexpr size_t kMaxNoteTitle = 200;       // characters (bytes of UTF-8)
constexpr size_t kMaxNoteBody = 64 * 1024;  // bytes

struct ClinicalNote {
  std::string id;
  std::string patient_id;
  std::string title;
  std::string body;
  int64_t version = 0;
  bool signed_ = false;
  bool deleted = false;    // a draft the clinician deleted: listed nowhere, kept for the audit trail
  int64_t created_at = 0;  // unix seconds
  std::string created_by;  // display name of the author
  int64_t updated_at = 0;
  std::string updated_by;  // display name
  std::string signed_by;
  int64_t signed_at = 0;
  std::string content_hash;
  std::string hearing_test_uid;
  std::string addendum_of;  // the signed note this addendum adds to ("" for a note of its own)
  std::string hint_interaction_id;
  std::string hint_sync = "pending";

  bool operator==(const ClinicalNote&) const = default;
};

// Strict: every member to_json writes must be there with its type (an error names the first that
// is not); "status" is draft or signed, timestamps ISO-8601 or null.
nlohmann::json to_json(const ClinicalNote& note);
Result<ClinicalNote> parse_clinical_note(const nlohmann::json& json);

struct NoteCreateRequest {
  std::string patient_id;
  std::string title;
  std::string body;
  std::string hearing_test_uid;  // the test the note was started from; "" none
  std::string addendum_of;       // a signed note of the same patient this one adds to; "" none
  // Hearing tests the note refers to (their summary was inserted): they leave the worklist. Optional.
  std::vector<std::string> tests;

  bool operator==(const NoteCreateRequest&) const = default;
};
nlohmann::json to_json(const NoteCreateRequest& request);
Result<NoteCreateRequest> parse_note_create_request(const nlohmann::json& json);

struct NoteUpdateRequest {
  std::string title;
  std::string body;
  std::optional<int64_t> version;  // when the request has no If-Match; at least 1
  std::vector<std::string> tests;  // hearing tests the note now refers to (added, never removed)

  bool operator==(const NoteUpdateRequest&) const = default;
};
nlohmann::json to_json(const NoteUpdateRequest& request);
Result<NoteUpdateRequest> parse_note_update_request(const nlohmann::json& json);

struct NoteSignRequest {
  std::optional<int64_t> version;  // when the request has no If-Match; at least 1

  bool operator==(const NoteSignRequest&) const = default;
};
nlohmann::json to_json(const NoteSignRequest& request);
Result<NoteSignRequest> parse_note_sign_request(const nlohmann::json& json);

struct NoteReply {
  ClinicalNote note;

  bool operator==(const NoteReply&) const = default;
};
nlohmann::json to_json(const NoteReply& reply);
Result<NoteReply> parse_note_reply(const nlohmann::json& json);

// A patient's notes list pages: at most this many per answer.
constexpr int kNotesPageMax = 100;

struct NoteList {
  std::vector<ClinicalNote> items;  // newest first
  std::string next_before;          // the `before` of the next (older) page; "" ↔ null: the last page

  bool operator==(const NoteList&) const = default;
};
nlohmann::json to_json(const NoteList& list);
Result<NoteList> parse_note_list(const nlohmann::json& json);

// A 409: the catalogue's error body plus the note as it stands (absent when it is gone).
struct NoteConflict {
  Error error{ErrorCode::conflict, {}};
  std::optional<ClinicalNote> current;

  bool operator==(const NoteConflict&) const = default;
};
nlohmann::json to_json(const NoteConflict& conflict);
// A conflict body; "current" may be absent (nullopt), but when present it must be a note.
Result<NoteConflict> parse_note_conflict(const nlohmann::json& json);

// At most this many tests per request, each id at most kMaxTestUid bytes.
constexpr size_t kMaxNoteTests = 50;
constexpr size_t kMaxTestUid = 100;

// Field errors for a title and body a clinician may save (empty title, oversize, invalid UTF-8).
struct FieldError {
  std::string field;
  std::string message;
};
std::vector<FieldError> validate_note_text(const std::string& title, const std::string& body);

bool is_valid_utf8(std::string_view text);

}  // namespace hb
