// A clinical note as the API carries it (GET/POST/PUT /api/interactions…). The note lives in
// HearBridge; Hint keeps a partner interaction that points back to it.
//   {"id": "note-…", "patient_id": "pat-…", "title": "…", "body": "…", "version": 3,
//    "status": "draft" | "signed", "created_at": "…Z", "updated_at": "…Z", "updated_by": "Name",
//    "signed_by": "Name" | null, "signed_at": "…Z" | null, "content_hash": "<sha256 hex>" | null,
//    "hearing_test_uid": "ht_…" | null,
//    "hint": {"interaction_id": "inter-…" | null, "sync": "pending" | "synced" | "failed" | "needs_check"}}
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

constexpr size_t kMaxNoteTitle = 200;        // characters (bytes of UTF-8)
constexpr size_t kMaxNoteBody = 64 * 1024;   // bytes

struct ClinicalNote {
  std::string id;
  std::string patient_id;
  std::string title;
  std::string body;
  int64_t version = 0;
  bool signed_ = false;
  int64_t created_at = 0;  // unix seconds
  int64_t updated_at = 0;
  std::string updated_by;  // display name
  std::string signed_by;
  int64_t signed_at = 0;
  std::string content_hash;
  std::string hearing_test_uid;
  std::string hint_interaction_id;
  std::string hint_sync = "pending";
};

nlohmann::json to_json(const ClinicalNote& note);
Result<ClinicalNote> parse_clinical_note(const nlohmann::json& json);

// Field errors for a title and body a clinician may save (empty title, oversize, invalid UTF-8).
struct FieldError {
  std::string field;
  std::string message;
};
std::vector<FieldError> validate_note_text(const std::string& title, const std::string& body);

bool is_valid_utf8(std::string_view text);

}  // namespace hb
