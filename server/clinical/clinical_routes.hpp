#pragma once
#include "server/clinical/clinical_notes.hpp"
#include "server/clinical/patient_record.hpp"
#include "server/http/http_app.hpp"
#include "server/sessions/authenticator.hpp"

namespace hb {

// /api/interactions… (drafting and signing) and the admin views /api/admin/audit, /api/admin/outbox.
void register_clinical_routes(HttpApp& http, ClinicalNotes& notes, PatientRecords& records, const Authenticator& auth,
                              Database& db, std::function<void()> outbox_changed);

// `If-Match: "3"` (also W/"3" or 3) → 3; nullopt when absent or unreadable.
std::optional<int64_t> parse_if_match(std::string_view header);

}  // namespace hb
