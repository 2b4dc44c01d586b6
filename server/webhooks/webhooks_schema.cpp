namespace hb {
// Migration 3: webhook intake (the inbox) and the read models the worker builds from it.
extern const char* const kWebhooksSchema;
const char* const kWebhooksSchema = R"sql(
-- Every verified delivery, committed before it is acknowledged. UNIQUE (source, event_id) makes a
-- re-delivery a no-op. body is the raw request bytes, cleared by the retention purge once processed.
-- status: pending → processed | ignored | failed (after the last retry). practice_id is '' only for
-- a Hint event without one (kept, never processed for a practice).
CREATE TABLE webhook_inbox (
  seq INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  practice_id TEXT NOT NULL,
  delivery_id TEXT,
  received_at INTEGER NOT NULL,
  body TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  processed_at INTEGER,
  last_error TEXT,
  UNIQUE (source, event_id)
);
CREATE INDEX webhook_inbox_by_status ON webhook_inbox (status, next_attempt_at, seq);
CREATE INDEX webhook_inbox_by_received ON webhook_inbox (received_at);
CREATE INDEX webhook_inbox_by_practice ON webhook_inbox (practice_id, seq);

-- Hint patients per practice, newest version wins (version = the object's updated_at, else the
-- envelope's created_at, in unix milliseconds). status: active | destroyed | inactive | archived.
CREATE TABLE hint_patients (
  practice_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (practice_id, patient_id)
);

-- HearLink read model: one row per (practice, kind, uid); kind is patient | appointment | invoice |
-- transaction | credit_note | hearing_test. patient_uid is data.uid for patients, data.patient.uid
-- for the others (NULL when absent, e.g. transactions). body is the event's data object.
CREATE TABLE hearlink_records (
  practice_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  uid TEXT NOT NULL,
  patient_uid TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (practice_id, kind, uid)
);
CREATE INDEX hearlink_records_by_patient ON hearlink_records (practice_id, patient_uid, kind);
)sql";
}  // namespace hb
