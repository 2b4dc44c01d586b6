namespace hb {
// Migration 7: when the local copy of a Hint patient was last confirmed (a webhook, or a read from
// Hint), so reads can refresh a copy that has gone stale.
extern const char* const kPatientFreshnessSchema;
const char* const kPatientFreshnessSchema =
    "ALTER TABLE hint_patients ADD COLUMN synced_at INTEGER NOT NULL DEFAULT 0;";
}  // namespace hb
