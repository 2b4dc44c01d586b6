namespace hb {
// Migration 5: practices (activation state) and their HearBridge settings. The HearLink API key is
// stored only encrypted (AES-256-GCM, bound to the practice row); the UI sees its last 4 characters.
extern const char* const kPracticeSchema;
const char* const kPracticeSchema = R"sql(
CREATE TABLE practices (
  practice_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  integration_id TEXT,
  activated_at INTEGER,
  deactivated_at INTEGER
);

CREATE TABLE practice_settings (
  practice_id TEXT PRIMARY KEY,
  hearlink_api_key_enc BLOB,
  hearlink_api_key_last4 TEXT,
  hearlink_webhook_secrets_enc BLOB,
  default_clinic_id TEXT,
  default_clinic_name TEXT,
  default_referral_id TEXT,
  default_referral_name TEXT,
  default_status_id TEXT,
  default_status_name TEXT,
  auto_draft_from_hearing_tests INTEGER NOT NULL DEFAULT 0,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
)sql";
}  // namespace hb
