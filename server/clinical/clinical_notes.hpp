// Drafting and signing. Every change is one small transaction that also writes its audit row and
// (re)arms the outbox job that brings Hint's partner interaction in line; the answer goes out only
// after the commit. Every query is scoped to the caller's practice.
#pragma once
#include <string>
#include <vector>

#include "server/clock.hpp"
#include "server/sessions/session_store.hpp"
#include "server/store/database.hpp"
#include "shared/clinical_note.hpp"

namespace hb {

constexpr const char* kSyncInteraction = "hint.sync_interaction";

class ClinicalNotes {
public:
  ClinicalNotes(Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

  // bad_request (field errors in the message), or the new note (version 1).
  Result<ClinicalNote> create(const Principal& who, const std::string& patient_id, const std::string& title,
                              const std::string& body, const std::string& hearing_test_uid);
  // conflict when `expected_version` is not current or the note is signed; not_found outside the practice.
  Result<ClinicalNote> update(const Principal& who, const std::string& note_id, int64_t expected_version,
                              const std::string& title, const std::string& body);
  // Signing a signed note again is harmless (returns it); a stale version is a conflict.
  Result<ClinicalNote> sign(const Principal& who, const std::string& note_id, int64_t expected_version);

  Result<ClinicalNote> get(const std::string& practice_id, const std::string& note_id);
  Result<std::vector<ClinicalNote>> list_for_patient(const std::string& practice_id, const std::string& patient_id);
  // Unsigned drafts of the practice, most recently changed first.
  Result<std::vector<ClinicalNote>> drafts(const std::string& practice_id, int limit);

private:
  Database& db_;
  Clock clock_;
};

// SHA-256 over the signed content, so later readers can check it is what was signed.
std::string note_content_hash(const std::string& title, const std::string& body);

}  // namespace hb
