namespace hb {
// Migration 16: the directory's keys beside its row id, for "contains" search. Each trigram hit is
// a row id; reading its practice, sort key and patient id from the table read whole rows (names and
// search text too), one page each for most hits. This index is less than half the table's size
// (5.6 MB against 13 MB at 100k patients), so more hits share a page: 15 → 8 ms for a 3-letter
// fragment's ~4,000 hits (sqlite3 CLI, 2 MB page cache); through the API (scripts/bench api, 100k)
// its p95 fell 14.2 → 10.9 ms while the median stayed at 5.7 ms. The cost per hit falls; the number
// of hits still grows with the practice.
extern const char* const kDirectoryKeysSchema;
const char* const kDirectoryKeysSchema = R"sql(
CREATE INDEX patient_directory_keys ON patient_directory (id, practice_id, sort_key, patient_id);
)sql";
}  // namespace hb
