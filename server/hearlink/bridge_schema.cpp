namespace hb {
// Migration 6: the Hint patient ↔ HearLink patient link (HearLink has no search API, so HearBridge
// keeps the link itself; docs/contracts/hearlink.md#patient-link).
extern const char* const kBridgeSchema;
const char* const kBridgeSchema = R"sql(
-- status: pending (queued) | creating (a create may be on its way to HearLink: never send another)
--       | linked | needs_phone | failed | needs_check (a create got no answer: HearLink may hold the patient).
-- reason: a fixed text or HearLink's field names and messages (never patient values), for staff and admins.
CREATE TABLE patient_links (
  practice_id TEXT NOT NULL,
  hint_patient_id TEXT NOT NULL,
  hearlink_uid TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (practice_id, hint_patient_id)
);
CREATE INDEX patient_links_by_hearlink_uid ON patient_links (practice_id, hearlink_uid);
)sql";
}  // namespace hb
