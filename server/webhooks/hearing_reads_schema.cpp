namespace hb {
// Migration 13: indexes that leave SQLite's planner no tie to break wrongly. With no statistics it
// read the payments of one patient's invoices through the practice's index by kind (every payment
// of the practice, 20,000 rows at 10k patients): each index now matches every equality the hearing
// record's query gives it, so the one that names the patient (or the invoice) wins.
extern const char* const kHearingReadsSchema;
const char* const kHearingReadsSchema = R"sql(
DROP INDEX hearlink_records_by_patient;
CREATE INDEX hearlink_records_by_patient ON hearlink_records (practice_id, patient_uid, kind, deleted);
DROP INDEX hearlink_records_by_order;
CREATE INDEX hearlink_records_by_order ON hearlink_records (practice_id, order_uid, kind, deleted)
  WHERE order_uid IS NOT NULL;
)sql";
}  // namespace hb
