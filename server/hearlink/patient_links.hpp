// The Hint patient ↔ HearLink patient link (table patient_links, migration 6) and the outbox kinds
// of the HearLink bridge. Plain functions over one connection: the caller holds that connection's
// lock (and, for writes, a transaction), so the webhook worker and the outbox runner share them.
//
// Link status as stored → as the API reports it (GET /api/patients/{id}/hearing "link.status"):
//   pending, creating → "pending";  linked → "linked";  needs_phone → "needs_phone";
//   failed, needs_check → "failed";  no row → "not_linked".
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/store/database.hpp"
#include "shared/hearing_record.hpp"

namespace hb {

// Outbox kinds. Object ids are "<practice_id>|<id>": the outbox is unique per (kind, object_id)
// across practices, and Hint or HearLink ids are only unique within their own system. The practice
// part is escaped ('%' → "%25", '|' → "%7C"), so its first '|' ends it and two different (practice,
// id) pairs never meet ("pra|x" + "pat" and "pra" + "x|pat" would otherwise both be "pra|x|pat").
// Practice ids without '%' or '|' are written as they are, so rows stored before the escaping
// read the same.
constexpr const char* kCreateHearLinkPatient = "hearlink.create_patient";  // id: the Hint patient id
constexpr const char* kDraftFromHearingTest = "hearlink.draft_from_test";  // id: the HearLink hearing test uid

std::string bridge_object_id(const std::string& practice_id, const std::string& id);
// The id part of a practice's bridge object id ("pra-1|pat-9" → "pat-9"); a row written before
// the escaping, whose practice held a '%', is read by its unescaped practice prefix.
std::string bridge_object_key(const std::string& practice_id, const std::string& object_id);

struct PatientLink {
  std::string hint_patient_id;
  std::string hearlink_uid;
  std::string status;
  std::string reason;
  int64_t updated_at = 0;
};

// The stored link row of a Hint patient, as it is. A failed read is an error, never "no link".
[[nodiscard]] Result<std::optional<PatientLink>> read_link(Connection& db, const std::string& practice_id,
                                                           const std::string& hint_patient_id);

// Which HearLink patient is this Hint patient — the one rule every reader uses:
//   1. the practice's link row decides when there is one: its uid while "linked", none otherwise;
//   2. with no row, the HearLink patient record (not deleted) that names the Hint patient
//      (hint_patient_named_by): records stored before the link table existed (migration 6).
// The link by that rule (from a record: status "linked", updated_at 0); nullopt when neither has one.
// A failed read is an error: "not linked" said of a patient who is would hide their hearing record.
[[nodiscard]] Result<std::optional<PatientLink>> resolve_link(Connection& db, const std::string& practice_id,
                                                              const std::string& hint_patient_id);
// The Hint patient a HearLink patient is linked to by the same rule ("" when none; an error when
// a read failed).
[[nodiscard]] Result<std::string> hint_patient_for(Connection& db, const std::string& practice_id,
                                                   const std::string& hearlink_uid);
// The Hint patient a HearLink patient record names: tracking.ids.hint_patient_id (what HearBridge
// writes when it creates the patient), else externalSystemId; "" if none.
std::string hint_patient_named_by(const nlohmann::json& hearlink_patient);

// Insert or overwrite the practice's link for the patient.
[[nodiscard]] Status write_link(Database& db, const std::string& practice_id, const std::string& hint_patient_id,
                                const std::string& status, const std::string& hearlink_uid, const std::string& reason,
                                int64_t now);
// Overwrite only while the link still has `expected_status` (so a webhook's "linked" is never undone).
[[nodiscard]] Status write_link_if(Database& db, const std::string& practice_id, const std::string& hint_patient_id,
                                   const std::string& expected_status, const std::string& status,
                                   const std::string& hearlink_uid, const std::string& reason, int64_t now);

enum class LinkRequest {
  created,       // Hint patient.created: a new patient, or one that needed a phone / had failed
  data_changed,  // Hint patient.updated: retry a patient that needed a phone / had failed (never a new one)
  person_retry,  // POST /api/patients/{id}/link: also retries needs_check (the person is the check)
};

// Queues the HearLink create for a Hint patient (link → pending, outbox job armed) when `why`
// allows it given the current link. Returns true when it queued, false when there was nothing to do;
// an error when a write failed (the caller must not commit then). Caller holds lock + transaction.
[[nodiscard]] Result<bool> request_link(Database& db, const std::string& practice_id,
                                        const std::string& hint_patient_id, const std::string& session_id,
                                        LinkRequest why, int64_t now);

// What the API shows of a link: status linked | pending | failed | needs_phone | not_linked, the
// HearLink uid once linked, and the reason it is not (shared/hearing_record.hpp carries it).
HearLinkLink link_view(const std::optional<PatientLink>& link);

}  // namespace hb
