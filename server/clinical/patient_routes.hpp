#pragma once
#include "server/clinical/patient_record.hpp"
#include "server/http/http_app.hpp"
#include "server/sessions/authenticator.hpp"

namespace hb {
// GET /api/patients/:id, /api/patients?query=, /api/patients/:id/hearing, /api/worklist (permission: view).
void register_patient_routes(HttpApp& http, PatientRecords& records, const Authenticator& auth);
}  // namespace hb
