namespace hb {
// Migration 10: what lets every read be an index lookup. HearLink records get the fields the
// hearing record and the worklist select on, taken out of the body when stored (event_processor),
// and the hot queries get indexes whose order is the order they read in, so no read scans a
// practice or sorts it (tests/server/query_plan_test.cpp checks every query the routes run).
extern const char* const kIndexedReadsSchema;
const char* const kIndexedReadsSchema = R"sql(
-- order_uid: the invoice a transaction or credit note pays (body.orderUid).
-- named_hint_patient_id: for a HearLink patient, the Hint patient its record names (patient_links.hpp).
-- test_date: for a hearing test, body.testDate.
ALTER TABLE hearlink_records ADD COLUMN order_uid TEXT;
ALTER TABLE hearlink_records ADD COLUMN named_hint_patient_id TEXT;
ALTER TABLE hearlink_records ADD COLUMN test_date TEXT;
UPDATE hearlink_records SET order_uid = json_extract(body, '$.orderUid')
  WHERE kind IN ('transaction', 'credit_note') AND json_valid(body);
UPDATE hearlink_records SET named_hint_patient_id = COALESCE(
    NULLIF(json_extract(body, '$.tracking.ids.hint_patient_id'), ''), NULLIF(json_extract(body, '$.externalSystemId'), ''))
  WHERE kind = 'patient' AND json_valid(body);
UPDATE hearlink_records SET test_date = json_extract(body, '$.testDate')
  WHERE kind = 'hearing_test' AND json_valid(body);
CREATE INDEX hearlink_records_by_order ON hearlink_records (practice_id, order_uid) WHERE order_uid IS NOT NULL;
CREATE INDEX hearlink_records_by_named_patient ON hearlink_records (practice_id, named_hint_patient_id, uid)
  WHERE named_hint_patient_id IS NOT NULL;
CREATE INDEX hearlink_tests_by_date ON hearlink_records (practice_id, kind, deleted, test_date, uid DESC);

DROP INDEX notes_by_patient;
CREATE INDEX notes_by_patient ON notes (practice_id, patient_id, created_at, id);
DROP INDEX notes_by_status;
CREATE INDEX notes_by_status ON notes (practice_id, status, updated_at, id);
DROP INDEX patient_links_by_hearlink_uid;
CREATE INDEX patient_links_by_hearlink_uid ON patient_links (practice_id, hearlink_uid, status, updated_at);
CREATE INDEX outbox_open_by_practice ON outbox (practice_id, id) WHERE status != 'done';
-- The worker claims pending rows in arrival order: (status, seq) reads them in that order.
DROP INDEX webhook_inbox_by_status;
CREATE INDEX webhook_inbox_by_status ON webhook_inbox (status, seq);
CREATE INDEX session_tokens_by_expiry ON session_tokens (expires_at);
CREATE INDEX session_tokens_by_last_use ON session_tokens (last_used_at);
CREATE INDEX sessions_unexchanged ON sessions (launch_expires_at) WHERE exchanged_at IS NULL;
)sql";
}  // namespace hb
