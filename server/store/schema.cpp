#include "server/store/schema.hpp"

namespace hb {

// Each feature owns its schema text, next to the code that queries it.
extern const char* const kSessionsSchema;          // server/sessions/sessions_schema.cpp
extern const char* const kWebhooksSchema;          // server/webhooks/webhooks_schema.cpp
extern const char* const kClinicalSchema;          // server/clinical/clinical_schema.cpp
extern const char* const kPracticeSchema;          // server/practice/practice_schema.cpp
extern const char* const kBridgeSchema;            // server/hearlink/bridge_schema.cpp
extern const char* const kPatientFreshnessSchema;  // server/clinical/patient_freshness_schema.cpp
extern const char* const kNoteLinksSchema;         // server/clinical/note_links_schema.cpp
extern const char* const kDirectorySchema;         // server/directory/directory_schema.cpp
extern const char* const kIndexedReadsSchema;      // server/webhooks/indexed_reads_schema.cpp
extern const char* const kDirectoryPassSchema;     // server/directory/directory_pass_schema.cpp
extern const char* const kHousekeepingSchema;      // server/store/housekeeping_schema.cpp
extern const char* const kHearingReadsSchema;      // server/webhooks/hearing_reads_schema.cpp
std::string worklist_schema();                     // server/clinical/worklist_schema.cpp
extern const char* const kDirectorySizeSchema;     // server/directory/directory_size_schema.cpp
extern const char* const kDirectoryKeysSchema;     // server/directory/directory_keys_schema.cpp
Status fill_patient_directory(Database& db);       // server/directory/patient_directory.cpp

const std::vector<Migration>& schema_migrations() {
  // Every table holding practice data has a non-null practice_id (Hint's tenancy rule).
  static const std::vector<Migration> kMigrations{
      {"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"},
      {kSessionsSchema},
      {kWebhooksSchema},
      {kClinicalSchema},
      {kPracticeSchema},
      {kBridgeSchema},
      {kPatientFreshnessSchema},
      {kNoteLinksSchema},
      {kDirectorySchema, fill_patient_directory},
      {kIndexedReadsSchema},
      {kDirectoryPassSchema},
      {kHousekeepingSchema},
      {kHearingReadsSchema},
      {worklist_schema()},
      {kDirectorySizeSchema},
      {kDirectoryKeysSchema},
  };
  return kMigrations;
}

}  // namespace hb
