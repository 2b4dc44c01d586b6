#pragma once
#include "server/clinical/clinical_notes.hpp"
#include "server/clinical/patient_record.hpp"
#include "server/http/http_app.hpp"
#include "server/sessions/authenticator.hpp"

namespace hb {

// /api/interactions… (drafting and signing) and the admin views /api/admin/audit, /api/admin/outbox.
void register_clinical_routes(HttpApp& http, ClinicalNotes& notes, PatientRecords& records, const Authenticator& auth,
                              Database& db, std::function<void()> outbox_changed);

}  // namespace hb
