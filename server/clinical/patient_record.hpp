// What the clinician reads: the Hint patient (the local copy kept by webhooks, fetched from Hint
// when missing), a name search, the HearLink hearing record and the practice's worklist. Every
// query is scoped to the caller's practice; a patient of another practice is simply not found.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "server/clock.hpp"
#include "server/hint/hint_client.hpp"
#include "server/sessions/session_store.hpp"
#include "server/store/database.hpp"
#include "shared/hearing_record.hpp"
#include "shared/patient.hpp"
#include "shared/worklist.hpp"

namespace hb {

// A local copy not confirmed by a webhook or by Hint for this long is re-read from Hint on open.
constexpr int64_t kPatientStaleAfterS = 24 * 3600;
// How far past a page the worklist counts tests without a note (Worklist::tests_total_at_least).
constexpr int64_t kWorklistCountAhead = 1000;

class PatientRecords {
public:
  PatientRecords(Database& db, SessionStore& sessions, HintClient& hint, Clock clock)
      : db_(db), sessions_(sessions), hint_(hint), clock_(std::move(clock)) {}

  // The API's messages (shared/patient.hpp, shared/hearing_record.hpp, shared/worklist.hpp).
  Result<PatientReply> patient(const Principal& who, const std::string& patient_id);
  Result<PatientSearchResults> search(const Principal& who, const std::string& query, int limit, int offset);
  Result<HearingRecord> hearing(const Principal& who, const std::string& patient_id);
  // One page of each list: `limit` rows from each offset, with each list's total.
  Result<Worklist> worklist(const Principal& who, int64_t drafts_offset = 0, int64_t tests_offset = 0,
                            int limit = kWorklistPage);

private:
  // `synced_at` (optional) receives when the copy was last confirmed by a webhook or by Hint. No
  // local copy is nullopt; a failed read is an error.
  Result<std::optional<Patient>> local_patient(const std::string& practice_id, const std::string& patient_id,
                                               int64_t* synced_at = nullptr);
  Result<std::string> patient_name(const std::string& practice_id, const std::string& patient_id);

  Database& db_;
  SessionStore& sessions_;
  HintClient& hint_;
  Clock clock_;
};

// A Hint patient object → the summary the UI shows.
Patient patient_summary(const nlohmann::json& hint_patient, const std::string& status);

}  // namespace hb
