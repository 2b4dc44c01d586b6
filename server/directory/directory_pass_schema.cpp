namespace hb {
// Migration 11: the directory is filled from Hint's patient list, page by page, and reconciled daily
// (directory_sync.hpp).
extern const char* const kDirectoryPassSchema;
const char* const kDirectoryPassSchema = R"sql(
-- One row per practice: the pass under way (or the last one). status: running | done.
-- A page that fails leaves the pass running, due again at next_attempt_at.
CREATE TABLE directory_passes (
  practice_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  next_offset INTEGER NOT NULL,
  hint_total INTEGER NOT NULL,
  listed INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  finished_at INTEGER,
  previous_started_at INTEGER
);
CREATE INDEX directory_passes_due ON directory_passes (next_attempt_at);
-- The newest live session of a practice lends its Hint token when the practice has no activation token.
CREATE INDEX sessions_by_practice_created ON sessions (practice_id, created_at);
-- Practices already active get their first pass at once.
INSERT INTO directory_passes (practice_id, status, started_at, next_offset, hint_total, listed, attempts,
                              next_attempt_at)
  SELECT practice_id, 'running', 0, 0, 0, 0, 0, 0 FROM practices WHERE status = 'active';
)sql";
}  // namespace hb
