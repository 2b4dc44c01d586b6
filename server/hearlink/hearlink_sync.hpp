// The HearLink bridge's outbox runner (the outbox loop runs it beside HintSync):
//
// hearlink.create_patient — a Hint patient becomes a HearLink patient:
//   1. linked already → done (duplicate webhooks, repeated opens);
//   2. the link says "creating" → an earlier run stopped between sending and storing: never send
//      again; the link shows needs_check (reported as failed with a reason) until HearLink's
//      patient.created webhook names the patient (the link then becomes linked) or a person retries;
//   3. no API key / a missing default → retried with back-off, link failed "Set … in Settings.";
//      no phone → link needs_phone, job done; Hint data breaking a HearLink rule → failed;
//   4. commit "creating", POST /patients/create, store patientUid as the link.
//   HearLink's refusal (400 VALIDATION_ERROR) keeps its field names and messages in the link's
//   reason and the job's last_error (GET /api/admin/outbox); an answer lost after sending → needs_check.
//
// hearlink.draft_from_test — with the practice's auto_draft_from_hearing_tests on, a hearing test of
//   a linked patient becomes a draft note "Hearing test <YYYY-MM-DD>" whose body is the plain-language
//   summary (shared/hearing_record), written by ClinicalNotes::create as the system user "HearLink";
//   the notes' UNIQUE (practice, hearing_test_uid) makes a repeat a conflict, which counts as done.
#pragma once
#include <mutex>
#include <string>

#include "server/clinical/clinical_notes.hpp"
#include "server/clinical/outbox.hpp"
#include "server/clock.hpp"
#include "server/hearlink/hearlink_client.hpp"
#include "server/practice/practice_settings.hpp"

namespace hb {

class HearLinkSync {
public:
  HearLinkSync(Database& db, PracticeSettingsStore& settings, HearLinkClient& hearlink, ClinicalNotes& notes,
               Clock clock);

  // Runs the bridge's jobs due now; returns how many it ran. A job whose outcome could not be
  // stored ends the round (it stays due as it was, and the loop comes back later).
  int run_due(int limit = 20);

private:
  // false when an outcome could not be stored.
  bool create_patient(const OutboxJob& job);
  bool draft_from_test(const OutboxJob& job);

  Database& db_;
  PracticeSettingsStore& settings_;
  HearLinkClient& hearlink_;
  ClinicalNotes& notes_;
  Clock clock_;
  std::mutex running_;
};

// The principal system drafts are written as: user "hearlink" / "HearLink", permission draft.
Principal hearlink_system_principal(const std::string& practice_id);

}  // namespace hb
