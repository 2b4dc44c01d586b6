namespace hb {
// Migration 9: the patient directory that search reads. Names are stored folded (name_fold.hpp), so
// every lookup is an index range: a word's prefix in patient_directory_words, a whole name in the
// same table ('=' before it), a date of birth in patient_directory, and any part of a name through
// the trigram index patient_directory_text. Only active patients are listed.
extern const char* const kDirectorySchema;
const char* const kDirectorySchema = R"sql(
CREATE TABLE patient_directory (
  id INTEGER PRIMARY KEY,
  practice_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  name TEXT NOT NULL,
  dob TEXT,
  age INTEGER,
  sort_key TEXT NOT NULL,
  search_text TEXT NOT NULL,
  seen_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (practice_id, patient_id)
);
CREATE INDEX patient_directory_by_name ON patient_directory (practice_id, sort_key, patient_id);
CREATE INDEX patient_directory_by_dob ON patient_directory (practice_id, dob, sort_key, patient_id);
-- seen_at: when Hint last said the patient is listed (a webhook, a read, or a pass of its patient list).
CREATE INDEX patient_directory_by_seen ON patient_directory (practice_id, seen_at);

-- Every folded word of a patient's names, and '=' + each whole form of the name ("first last",
-- "last first", the chosen name…); sort_key orders results without a second read.
CREATE TABLE patient_directory_words (
  practice_id TEXT NOT NULL,
  word TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  PRIMARY KEY (practice_id, word, patient_id)
) WITHOUT ROWID;
CREATE INDEX patient_directory_words_by_patient ON patient_directory_words (practice_id, patient_id);

CREATE VIRTUAL TABLE patient_directory_text USING fts5(
  search_text, content='patient_directory', content_rowid='id', tokenize='trigram');
CREATE TRIGGER patient_directory_text_insert AFTER INSERT ON patient_directory BEGIN
  INSERT INTO patient_directory_text (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER patient_directory_text_delete AFTER DELETE ON patient_directory BEGIN
  INSERT INTO patient_directory_text (patient_directory_text, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER patient_directory_text_update AFTER UPDATE ON patient_directory BEGIN
  INSERT INTO patient_directory_text (patient_directory_text, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
  INSERT INTO patient_directory_text (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Another practice's patient is found by id alone (ids are Hint's, unique across practices).
CREATE INDEX hint_patients_by_patient ON hint_patients (patient_id);
)sql";
}  // namespace hb
