namespace hb {
// Migration 15: how many patients each practice's directory lists, kept by triggers, so the empty
// search (the directory by name, one page) says "of 100,000" without counting 100,000 index entries
// on every request (4–9 ms at 100k patients, where its page takes a tenth of a millisecond).
extern const char* const kDirectorySizeSchema;
const char* const kDirectorySizeSchema = R"sql(
CREATE TABLE patient_directory_sizes (
  practice_id TEXT PRIMARY KEY,
  listed INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO patient_directory_sizes (practice_id, listed)
  SELECT practice_id, COUNT(*) FROM patient_directory GROUP BY practice_id;
CREATE TRIGGER patient_directory_size_insert AFTER INSERT ON patient_directory BEGIN
  INSERT INTO patient_directory_sizes (practice_id, listed) VALUES (new.practice_id, 1)
    ON CONFLICT (practice_id) DO UPDATE SET listed = listed + 1;
END;
CREATE TRIGGER patient_directory_size_delete AFTER DELETE ON patient_directory BEGIN
  UPDATE patient_directory_sizes SET listed = listed - 1 WHERE practice_id = old.practice_id;
END;
CREATE TRIGGER patient_directory_size_move AFTER UPDATE OF practice_id ON patient_directory
  WHEN new.practice_id != old.practice_id BEGIN
  UPDATE patient_directory_sizes SET listed = listed - 1 WHERE practice_id = old.practice_id;
  INSERT INTO patient_directory_sizes (practice_id, listed) VALUES (new.practice_id, 1)
    ON CONFLICT (practice_id) DO UPDATE SET listed = listed + 1;
END;
)sql";
}  // namespace hb
