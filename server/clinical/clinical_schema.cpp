namespace hb {
// Migration 4: clinical notes, the outbox that carries their changes to Hint, and the audit trail.
extern const char* const kClinicalSchema;
const char* const kClinicalSchema = R"sql(
-- A note lives here; Hint holds a partner interaction pointing back to it. version increases with
-- every change (optimistic concurrency). A signed note never changes again.
CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_by_name TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  signed_by TEXT,
  signed_by_name TEXT,
  signed_at INTEGER,
  content_hash TEXT,
  hearing_test_uid TEXT,
  hint_interaction_id TEXT,
  hint_sync TEXT NOT NULL,
  hint_synced_title TEXT,
  hint_synced_status TEXT
);
CREATE INDEX notes_by_patient ON notes (practice_id, patient_id, updated_at);
CREATE INDEX notes_by_status ON notes (practice_id, status, updated_at);
CREATE UNIQUE INDEX notes_by_hearing_test ON notes (practice_id, hearing_test_uid) WHERE hearing_test_uid IS NOT NULL;

-- Work for Hint or HearLink, committed with the change that caused it; one row per (kind, object):
-- a new change to the same object re-arms the row instead of queueing a duplicate.
-- status: pending | done | failed | needs_check (Hint may already hold the result: a person looks).
-- generation counts re-arms: an attempt's outcome applies only if no change re-armed the job meanwhile.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  practice_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  object_id TEXT NOT NULL,
  session_id TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (kind, object_id)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Who did what: ids, roles and actions only (never note text or patient details). Append only.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  practice_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  roles TEXT NOT NULL,
  access_context TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  request_id TEXT NOT NULL
);
CREATE INDEX audit_by_practice ON audit (practice_id, id);
)sql";
}  // namespace hb
