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
#include "shared/worklist.hpp"

namespace hb {

constexpr const char* kSyncInteraction = "hint.sync_interaction";

class ClinicalNotes {
public:
  ClinicalNotes(Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

  // bad_request (field errors in the message), or the new note (version 1). An addendum
  // (`addendum_of`) must add to a signed note of the same patient (else bad_request, or not_found).
  // The started-from test and `tests` are recorded as tests the note refers to.
  Result<ClinicalNote> create(const Principal& who, const NoteCreateRequest& request);
  Result<ClinicalNote> create(const Principal& who, const std::string& patient_id, const std::string& title,
                              const std::string& body, const std::string& hearing_test_uid) {
    return create(who, NoteCreateRequest{patient_id, title, body, hearing_test_uid, {}, {}});
  }
  // conflict when `expected_version` is not current, or the note is signed or deleted; not_found
  // outside the practice. `tests` are added to the tests the note refers to.
  Result<ClinicalNote> update(const Principal& who, const std::string& note_id, int64_t expected_version,
                              const std::string& title, const std::string& body,
                              const std::vector<std::string>& tests = {});
  // Signing a signed note again is harmless (returns it); a stale version is a conflict. Signing an
  // addendum also brings the signed note's Hint interaction to `addended`.
  Result<ClinicalNote> sign(const Principal& who, const std::string& note_id, int64_t expected_version);
  // Deletes a draft (conflict for a signed note or a stale version): the row stays, as status
  // deleted with its text erased, for the audit trail and for Hint's interaction to follow; its
  // tests go back to the worklist. Deleting it again returns it.
  Result<ClinicalNote> remove(const Principal& who, const std::string& note_id, int64_t expected_version);

  // "No note needed" on a hearing test of the practice (not_found for any other), or its undo. The
  // test leaves (or rejoins) the worklist; both are audited. Marking twice is harmless.
  Result<TestNoteMark> mark_no_note_needed(const Principal& who, const std::string& test_uid, bool no_note_needed);

  // not_found for a deleted note, as for one that never was.
  Result<ClinicalNote> get(const std::string& practice_id, const std::string& note_id);
  // Drafts and signed notes (addenda too), newest first.
  // The patient's notes, newest first, a page of at most `limit`: after the note `before_id` (the
  // last of the previous page; "" from the newest). A `before_id` that is not this patient's note
  // is bad_request. `next_before` is set when older notes are left.
  Result<NoteList> list_for_patient(const std::string& practice_id, const std::string& patient_id,
                                    int limit = kNotesPageMax, const std::string& before_id = "");

private:
  Database& db_;
  Clock clock_;
};

// SHA-256 over the signed content, so later readers can check it is what was signed.
std::string note_content_hash(const std::string& title, const std::string& body);

}  // namespace hb
