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
    "content_hash, hearing_test_uid, hint_interaction_id, hint_sync, created_by_name, addendum_of";

ClinicalNote note_from_row(const Statement& row) {
  ClinicalNote n;
  n.id = row.text(0);
  n.patient_id = row.text(1);
  n.title = row.text(2);
  n.body = row.text(3);
  n.version = row.integer(4);
  n.signed_ = row.text(5) == "signed";
  n.deleted = row.text(5) == "deleted";
  n.created_at = row.integer(6);
  n.updated_at = row.integer(7);
  n.updated_by = row.text(8);
  n.signed_by = row.text(9);
  n.signed_at = row.integer(10);
  n.content_hash = row.text(11);
  n.hearing_test_uid = row.text(12);
  n.hint_interaction_id = row.text(13);
  n.hint_sync = row.text(14);
  n.created_by = row.text(15);
  n.addendum_of = row.text(16);
  return n;
}

// Caller holds the lock. not_found outside the practice; internal when the read failed.
Result<ClinicalNote> load(Connection& db, const std::string& practice_id, const std::string& note_id) {
  auto query = db.prepare(std::string("SELECT ") + kNoteColumns + " FROM notes WHERE practice_id = ? AND id = ?");
  query.bind(1, practice_id).bind(2, note_id);
  if (!query.step()) return Error{query.failed() ? ErrorCode::internal : ErrorCode::not_found, {}};
  return note_from_row(query);
}

// Caller holds the lock and a transaction. Records the tests a note refers to (again is harmless).
Status refer_to_tests(Database& db, const std::string& practice_id, const std::string& note_id,
                      const std::vector<std::string>& tests) {
  for (const auto& uid : tests) {
    if (uid.empty()) continue;
    auto insert =
        db.prepare("INSERT OR IGNORE INTO note_tests (practice_id, hearing_test_uid, note_id) VALUES (?, ?, ?)");
    if (auto stored = insert.bind(1, practice_id).bind(2, uid).bind(3, note_id).run(); !stored) return stored;
  }
  return ok_status();
}

// The conflict a change to a note that cannot change any more gets.
std::optional<Error> unchangeable(const ClinicalNote& note) {
  if (note.deleted) return Error{ErrorCode::conflict, "This draft was deleted."};
  if (note.signed_) return Error{ErrorCode::conflict, "The note is signed and can no longer change."};
  return std::nullopt;
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

Result<ClinicalNote> ClinicalNotes::create(const Principal& who, const NoteCreateRequest& request) {
  const auto& [patient_id, title, body, hearing_test_uid, addendum_of, tests] = request;
  if (patient_id.empty()) return Error{ErrorCode::missing_field, "patient_id is required."};
  if (auto errors = validate_note_text(title, body); !errors.empty()) return field_errors(errors);
  const auto now = clock_();
  const auto id = "note-" + base64url_encode(random_bytes(12));
  const auto& c = who.context;
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  if (!addendum_of.empty()) {
    auto original = load(db_, c.practice_id, addendum_of);
    if (!original) return original.error();
    if (!original.value().signed_ || original.value().patient_id != patient_id || !original.value().addendum_of.empty())
      return Error{ErrorCode::bad_request, "An addendum adds to a signed note of the same patient."};
  }
  auto insert = db_.prepare(
      "INSERT INTO notes (id, practice_id, patient_id, title, body, version, status, created_by, created_by_name, "
      "created_at, updated_by, updated_by_name, updated_at, hearing_test_uid, addendum_of, hint_sync) "
      "VALUES (?, ?, ?, ?, ?, 1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, 'pending')");
  insert.bind(1, id)
      .bind(2, c.practice_id)
      .bind(3, patient_id)
      .bind(4, title)
      .bind(5, body)
      .bind(6, c.user_id)
      .bind(7, c.user_name)
      .bind(8, now)
      .bind(9, c.user_id)
      .bind(10, c.user_name)
      .bind(11, now)
      .bind_optional(12, hearing_test_uid)
      .bind_optional(13, addendum_of);
  if (auto stored = insert.run(); !stored) {
    // Only the (practice, hearing test) uniqueness is a conflict; any other failure is ours.
    if (insert.extended_error_code() == SQLITE_CONSTRAINT_UNIQUE) {
      return Error{ErrorCode::conflict, "A note for this hearing test exists."};
    }
    return stored.error();
  }
  auto referred = tests;
  referred.push_back(hearing_test_uid);
  if (auto stored = refer_to_tests(db_, c.practice_id, id, referred); !stored) return stored.error();
  if (auto audited = append_audit(db_, audit_entry(who, "note.create", "note", id), now); !audited)
    return audited.error();
  if (auto queued = enqueue_outbox(db_, c.practice_id, kSyncInteraction, id, who.session_id, now); !queued) {
    return queued.error();
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return load(db_, c.practice_id, id);
}

Result<ClinicalNote> ClinicalNotes::update(const Principal& who, const std::string& note_id, int64_t expected_version,
                                           const std::string& title, const std::string& body,
                                           const std::vector<std::string>& tests) {
  if (auto errors = validate_note_text(title, body); !errors.empty()) return field_errors(errors);
  const auto now = clock_();
  const auto& c = who.context;
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto loaded = load(db_, c.practice_id, note_id);
  if (!loaded) return loaded.error();
  const auto& current = loaded.value();
  if (auto refused = unchangeable(current)) return *refused;
  if (current.version != expected_version) return Error{ErrorCode::conflict, {}};
  if (auto stored = refer_to_tests(db_, c.practice_id, note_id, tests); !stored) return stored.error();
  if (current.title == title && current.body == body) {  // an autosave with nothing new
    if (auto committed = tx.value().commit(); !committed) return committed.error();
    return current;
  }

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
  if (current.deleted) return *unchangeable(current);
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
  // The signed note it adds to now has an addendum: its Hint interaction goes to `addended`.
  if (!current.addendum_of.empty()) {
    if (auto audited = append_audit(db_, audit_entry(who, "note.addend", "note", current.addendum_of), now); !audited)
      return audited.error();
    auto queued = enqueue_outbox(db_, c.practice_id, kSyncInteraction, current.addendum_of, who.session_id, now);
    if (!queued) return queued.error();
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return load(db_, c.practice_id, note_id);
}

Result<ClinicalNote> ClinicalNotes::remove(const Principal& who, const std::string& note_id, int64_t expected_version) {
  const auto now = clock_();
  const auto& c = who.context;
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto loaded = load(db_, c.practice_id, note_id);
  if (!loaded) return loaded.error();
  const auto& current = loaded.value();
  if (current.deleted) return current;
  if (current.signed_) return Error{ErrorCode::conflict, "A signed note cannot be deleted; write an addendum."};
  if (current.version != expected_version) return Error{ErrorCode::conflict, {}};
  // The text goes (the clinician deleted it); who wrote it, when, and that it was deleted stay.
  // Freeing the started-from test lets a new note be started from it.
  auto update = db_.prepare(
      "UPDATE notes SET status = 'deleted', body = '', hearing_test_uid = NULL, version = version + 1, "
      "updated_by = ?, updated_by_name = ?, updated_at = ? "
      "WHERE practice_id = ? AND id = ? AND version = ? AND status = 'draft'");
  update.bind(1, c.user_id).bind(2, c.user_name).bind(3, now).bind(4, c.practice_id).bind(5, note_id);
  update.bind(6, expected_version);
  if (auto stored = update.run(); !stored) return stored.error();
  if (db_.changes() != 1) return Error{ErrorCode::conflict, {}};
  auto unrefer = db_.prepare("DELETE FROM note_tests WHERE practice_id = ? AND note_id = ?");
  if (auto stored = unrefer.bind(1, c.practice_id).bind(2, note_id).run(); !stored) return stored.error();
  if (auto audited = append_audit(db_, audit_entry(who, "note.delete", "note", note_id), now); !audited) {
    return audited.error();
  }
  if (auto queued = enqueue_outbox(db_, c.practice_id, kSyncInteraction, note_id, who.session_id, now); !queued) {
    return queued.error();
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return load(db_, c.practice_id, note_id);
}

Result<TestNoteMark> ClinicalNotes::mark_no_note_needed(const Principal& who, const std::string& test_uid,
                                                        bool no_note_needed) {
  const auto now = clock_();
  const auto& c = who.context;
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto test = db_.prepare(
      "SELECT 1 FROM hearlink_records WHERE practice_id = ? AND kind = 'hearing_test' AND uid = ? AND deleted = 0");
  test.bind(1, c.practice_id).bind(2, test_uid);
  if (!test.step()) return Error{test.failed() ? ErrorCode::internal : ErrorCode::not_found, {}};
  auto change = db_.prepare(no_note_needed ? "INSERT OR IGNORE INTO tests_no_note_needed (practice_id, "
                                             "hearing_test_uid, marked_by, marked_at) VALUES (?, ?, ?, ?)"
                                           : "DELETE FROM tests_no_note_needed WHERE practice_id = ? AND "
                                             "hearing_test_uid = ?");
  change.bind(1, c.practice_id).bind(2, test_uid);
  if (no_note_needed) change.bind(3, c.user_id).bind(4, now);
  if (auto stored = change.run(); !stored) return stored.error();
  const char* action = no_note_needed ? "hearing_test.no_note_needed" : "hearing_test.note_needed";
  if (auto audited = append_audit(db_, audit_entry(who, action, "hearing_test", test_uid), now); !audited)
    return audited.error();
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return TestNoteMark{test_uid, no_note_needed};
}

Result<ClinicalNote> ClinicalNotes::get(const std::string& practice_id, const std::string& note_id) {
  auto reader = db_.read();
  auto note = load(*reader, practice_id, note_id);
  if (note && note.value().deleted) return Error{ErrorCode::not_found, {}};
  return note;
}

Result<NoteList> ClinicalNotes::list_for_patient(const std::string& practice_id, const std::string& patient_id,
                                                 int limit, const std::string& before_id) {
  auto reader = db_.read();
  // Keyset paging on the index's order (created_at, id): a page costs its own rows, however many
  // notes come before it, and a note saved meanwhile never shifts a page.
  int64_t before_created = INT64_MAX;
  std::string before = "\xff";  // after every id
  if (!before_id.empty()) {
    auto cursor = reader->prepare("SELECT created_at FROM notes WHERE practice_id = ? AND patient_id = ? AND id = ?");
    cursor.bind(1, practice_id).bind(2, patient_id).bind(3, before_id);
    if (!cursor.step()) {
      if (cursor.failed()) return Error{ErrorCode::internal, {}};
      return Error{ErrorCode::bad_request, "before: not a note of this patient."};
    }
    before_created = cursor.integer(0);
    before = before_id;
  }
  auto query = reader->prepare(std::string("SELECT ") + kNoteColumns +
                               " FROM notes WHERE practice_id = ? AND patient_id = ? AND (created_at, id) < (?, ?) "
                               "AND status != 'deleted' ORDER BY created_at DESC, id DESC LIMIT ?");
  query.bind(1, practice_id).bind(2, patient_id).bind(3, before_created).bind(4, before);
  query.bind(5, int64_t{limit} + 1);  // one more than the page: are older notes left?
  NoteList page;
  while (query.step()) page.items.push_back(note_from_row(query));
  if (query.failed()) return Error{ErrorCode::internal, {}};  // never a shorter list as if it were all
  if (page.items.size() > static_cast<size_t>(limit)) {
    page.items.resize(static_cast<size_t>(limit));
    page.next_before = page.items.back().id;
  }
  return page;
}

}  // namespace hb
