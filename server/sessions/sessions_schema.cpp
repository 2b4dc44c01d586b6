namespace hb {
// Migration 2: sessions from Hint handshakes, the working tokens exchanged for their launch keys,
// and practices' activation tokens. Credentials are stored only as SHA-256 hashes (they are 256
// random bits: a fast hash is enough); Hint tokens only encrypted (AES-256-GCM, see TokenCipher).
extern const char* const kSessionsSchema;
const char* const kSessionsSchema = R"sql(
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL,
  practice_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  integration_id TEXT,
  roles TEXT NOT NULL,
  platform_support INTEGER NOT NULL,
  patient_id TEXT,
  interaction_id TEXT,
  surface TEXT,
  access_token_enc BLOB,
  launch_key_hash TEXT NOT NULL UNIQUE,
  launch_expires_at INTEGER NOT NULL,
  exchanged_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_practice ON sessions (practice_id);

CREATE TABLE session_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  practice_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX session_tokens_by_session ON session_tokens (session_id);
CREATE INDEX session_tokens_by_practice ON session_tokens (practice_id);

CREATE TABLE practice_tokens (
  practice_id TEXT PRIMARY KEY,
  token_enc BLOB NOT NULL,
  source TEXT NOT NULL,
  integration_id TEXT,
  created_at INTEGER NOT NULL
);
)sql";
}  // namespace hb
