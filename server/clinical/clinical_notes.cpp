#include "server/clinical/clinical_notes.hpp"

#include "server/clinical/audit.hpp"
#include "server/clinical/outbox.hpp"
#include "server/security/base64.hpp"
#include "server/security/hash.hpp"
#include "server/security/random.hpp"

namespace hb {
namespace {

constexpr const char* kNoteColumns =
    "id, patient_id, title, body, version, status, created_at, updated_at, updated_by_name, signed_by_name, signed_at, "
    "content_hash, hearing_test_uid, hint_interaction_id, hint_sync";

ClinicalNote note_from_row(const Statement& row) {
  ClinicalNote n;
  n.id = row.text(0);
  n.patient_id = row.text(1);
  n.title = row.text(2);
  n.body = row.text(3);
  n.version = row.integer(4);
  n.signed_ = row.text(5) == "signed";
  n.created_at = row.integer(6);
  n.updated_at = row.integer(7);
  n.updated_by = row.text(8);
  n.signed_by = row.text(9);
  n.signed_at = row.integer(10);
  n.content_hash = row.text(11);
  n.hearing_test_uid = row.text(12);
  n.hint_interaction_id = row.text(13);
  n.hint_sync = row.text(14);
  return n;
}

// Caller holds the lock. not_found outside the practice; internal when the read failed.
Result<ClinicalNote> load(Database& db, const std::string& practice_id, const std::string& note_id) {
  auto query = db.prepare(std::string("SELECT ") + kNoteColumns + " FROM notes WHERE practice_id = ? AND id = ?");
  query.bind(1, practice_id).bind(2, note_id);
  if (!query.step()) return Error{query.failed() ? ErrorCode::internal : ErrorCode::not_found, {}};
  return note_from_row(query);
}

Error field_errors(const std::vector<FieldError>& errors) {
  std::string message;
  for (const auto& e : errors) message += (message.empty() ? "" : " ") + e.message;
  return Error{ErrorCode::bad_request, message};
}

}  // namespace

std::string note_content_hash(const std::string& title, const std::string& body) {
  return sha256_hex(nlohmann::json{{"title", title}, {"body", body}}.dump());
}

Result<ClinicalNote> ClinicalNotes::create(const Principal& who, const std::string& patient_id,
                                           const std::string& title, const std::string& body,
                                           const std::string& hearing_test_uid) {
  if (patient_id.empty()) return Error{ErrorCode::missing_field, "patient_id is required."};
  if (auto errors = validate_note_text(title, body); !errors.empty()) return field_errors(errors);
  const auto now = clock_();
  const auto id = "note-" + base64url_encode(random_bytes(12));
  const auto& c = who.context;
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto insert = db_.prepare(
      "INSERT INTO notes (id, practice_id, patient_id, title, body, version, status, created_by, created_at, "
      "updated_by, "
      "updated_by_name, updated_at, hearing_test_uid, hint_sync) VALUES (?, ?, ?, ?, ?, 1, 'draft', ?, ?, ?, ?, ?, ?, "
      "'pending')");
  insert.bind(1, id)
      .bind(2, c.practice_id)
      .bind(3, patient_id)
      .bind(4, title)
      .bind(5, body)
      .bind(6, c.user_id)
      .bind(7, now)
      .bind(8, c.user_id)
      .bind(9, c.user_name)
      .bind(10, now)
      .bind_optional(11, hearing_test_uid);
  if (auto stored = insert.run(); !stored) {
    // Only the (practice, hearing test) uniqueness is a conflict; any other failure is ours.
    if (insert.extended_error_code() == SQLITE_CONSTRAINT_UNIQUE) {
      return Error{ErrorCode::conflict, "A note for this hearing test exists."};
    }
    return stored.error();
  }
  if (auto audited = append_audit(db_, audit_entry(who, "note.create", "note", id), now); !audited)
    return audited.error();
  if (auto queued = enqueue_outbox(db_, c.practice_id, kSyncInteraction, id, who.session_id, now); !queued) {
    return queued.error();
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return load(db_, c.practice_id, id);
}

Result<ClinicalNote> ClinicalNotes::update(const Principal& who, const std::string& note_id, int64_t expected_version,
                                           const std::string& title, const std::string& body) {
  if (auto errors = validate_note_text(title, body); !errors.empty()) return field_errors(errors);
  const auto now = clock_();
  const auto& c = who.context;
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto loaded = load(db_, c.practice_id, note_id);
  if (!loaded) return loaded.error();
  const auto& current = loaded.value();
  if (current.signed_) return Error{ErrorCode::conflict, "The note is signed and can no longer change."};
  if (current.version != expected_version) return Error{ErrorCode::conflict, {}};
  if (current.title == title && current.body == body) return current;  // an autosave with nothing new

  // The version check is in the WHERE clause too, so a racing writer cannot slip between.
  auto update = db_.prepare(
      "UPDATE notes SET title = ?, body = ?, version = version + 1, updated_by = ?, updated_by_name = ?, updated_at = "
      "? "
      "WHERE practice_id = ? AND id = ? AND version = ? AND status = 'draft'");
  update.bind(1, title).bind(2, body).bind(3, c.user_id).bind(4, c.user_name).bind(5, now);
  update.bind(6, c.practice_id).bind(7, note_id).bind(8, expected_version);
  if (auto stored = update.run(); !stored) return stored.error();
  if (db_.changes() != 1) return Error{ErrorCode::conflict, {}};
  if (auto audited = append_audit(db_, audit_entry(who, "note.update", "note", note_id), now); !audited) {
    return audited.error();
  }
  // Hint shows the title: bring it along when it changed (body edits stay local).
  if (current.title != title) {
    if (auto queued = enqueue_outbox(db_, c.practice_id, kSyncInteraction, note_id, who.session_id, now); !queued) {
      return queued.error();
    }
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return load(db_, c.practice_id, note_id);
}

Result<ClinicalNote> ClinicalNotes::sign(const Principal& who, const std::string& note_id, int64_t expected_version) {
  const auto now = clock_();
  const auto& c = who.context;
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto loaded = load(db_, c.practice_id, note_id);
  if (!loaded) return loaded.error();
  const auto& current = loaded.value();
  if (current.signed_) return current;
  if (current.version != expected_version) return Error{ErrorCode::conflict, {}};
  auto update = db_.prepare(
      "UPDATE notes SET status = 'signed', version = version + 1, signed_by = ?, signed_by_name = ?, signed_at = ?, "
      "content_hash = ?, updated_by = ?, updated_by_name = ?, updated_at = ?, hint_sync = 'pending' "
      "WHERE practice_id = ? AND id = ? AND version = ? AND status = 'draft'");
  update.bind(1, c.user_id).bind(2, c.user_name).bind(3, now).bind(4, note_content_hash(current.title, current.body));
  update.bind(5, c.user_id)
      .bind(6, c.user_name)
      .bind(7, now)
      .bind(8, c.practice_id)
      .bind(9, note_id)
      .bind(10, expected_version);
  if (auto stored = update.run(); !stored) return stored.error();
  if (db_.changes() != 1) return Error{ErrorCode::conflict, {}};
  if (auto audited = append_audit(db_, audit_entry(who, "note.sign", "note", note_id), now); !audited) {
    return audited.error();
  }
  if (auto queued = enqueue_outbox(db_, c.practice_id, kSyncInteraction, note_id, who.session_id, now); !queued) {
    return queued.error();
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return load(db_, c.practice_id, note_id);
}

Result<ClinicalNote> ClinicalNotes::get(const std::string& practice_id, const std::string& note_id) {
  auto lock = db_.lock();
  return load(db_, practice_id, note_id);
}

Result<std::vector<ClinicalNote>> ClinicalNotes::list_for_patient(const std::string& practice_id,
                                                                  const std::string& patient_id) {
  auto lock = db_.lock();
  auto query = db_.prepare(std::string("SELECT ") + kNoteColumns +
                           " FROM notes WHERE practice_id = ? AND patient_id = ? ORDER BY created_at DESC, id DESC");
  query.bind(1, practice_id).bind(2, patient_id);
  std::vector<ClinicalNote> notes;
  while (query.step()) notes.push_back(note_from_row(query));
  if (query.failed()) return Error{ErrorCode::internal, {}};  // never a shorter list as if it were all
  return notes;
}

Result<std::vector<ClinicalNote>> ClinicalNotes::drafts(const std::string& practice_id, int limit) {
  auto lock = db_.lock();
  auto query =
      db_.prepare(std::string("SELECT ") + kNoteColumns +
                  " FROM notes WHERE practice_id = ? AND status = 'draft' ORDER BY updated_at DESC, id DESC LIMIT ?");
  query.bind(1, practice_id).bind(2, int64_t{limit});
  std::vector<ClinicalNote> notes;
  while (query.step()) notes.push_back(note_from_row(query));
  if (query.failed()) return Error{ErrorCode::internal, {}};  // never a shorter list as if it were all
  return notes;
}

}  // namespace hb
