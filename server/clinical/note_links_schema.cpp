namespace hb {
// Migration 8: addenda, authors, deleted drafts, and what takes a hearing test off the worklist.
extern const char* const kNoteLinksSchema;
const char* const kNoteLinksSchema = R"sql(
-- An addendum is a note of its own that adds to a signed note; the signed note never changes.
ALTER TABLE notes ADD COLUMN addendum_of TEXT;
-- The author's display name, as the worklist and the notes list show it. Notes written before this
-- migration take the name of their last editor (the author, unless someone else changed them).
ALTER TABLE notes ADD COLUMN created_by_name TEXT NOT NULL DEFAULT '';
UPDATE notes SET created_by_name = updated_by_name;
CREATE INDEX notes_by_addendum ON notes (practice_id, addendum_of) WHERE addendum_of IS NOT NULL;

-- Hearing tests a note refers to: started from it, or its summary inserted. A test with a row here
-- (for a note not deleted) has a note.
CREATE TABLE note_tests (
  practice_id TEXT NOT NULL,
  hearing_test_uid TEXT NOT NULL,
  note_id TEXT NOT NULL,
  PRIMARY KEY (practice_id, hearing_test_uid, note_id)
);
CREATE INDEX note_tests_by_note ON note_tests (practice_id, note_id);
INSERT INTO note_tests (practice_id, hearing_test_uid, note_id)
  SELECT practice_id, hearing_test_uid, id FROM notes WHERE hearing_test_uid IS NOT NULL;

-- Tests a clinician marked "No note needed" (who and when; the audit trail has the rest).
CREATE TABLE tests_no_note_needed (
  practice_id TEXT NOT NULL,
  hearing_test_uid TEXT NOT NULL,
  marked_by TEXT NOT NULL,
  marked_at INTEGER NOT NULL,
  PRIMARY KEY (practice_id, hearing_test_uid)
);
)sql";
}  // namespace hb
