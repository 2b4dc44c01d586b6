// What the webhook worker does for the HearLink bridge, inside its transaction on its own
// connection (the caller holds it), after the event was applied to the read models:
//   Hint patient.created            → queue the HearLink create (hearlink.create_patient)
//   Hint patient.updated            → retry a patient that needed a phone or had failed
//   HearLink patient.created|updated naming a Hint patient (hint_patient_named_by in
//                                     patient_links.hpp) → the link becomes "linked" to its uid
//   HearLink patient.deleted        → a link to that uid fails with a reason
//   HearLink hearing_test.created   → queue hearlink.draft_from_test (the runner checks the
//                                     practice's auto-draft setting and the link when it runs)
// Each returns an error only when a write failed: the worker then rolls the event's savepoint back
// and retries the event later.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/store/database.hpp"

namespace hb {

[[nodiscard]] Status on_hint_patient_event(Database& db, const std::string& practice_id, const std::string& patient_id,
                                           std::string_view action, int64_t now);

[[nodiscard]] Status on_hearlink_event(Database& db, const std::string& practice_id, std::string_view kind,
                                       std::string_view action, const std::string& uid, const nlohmann::json& data,
                                       int64_t now);

}  // namespace hb
