// Factories for the records the sandbox serves and sends: Hint patients (the shape of
// GET /api/provider/patients/{id}, cf. tests/data/hint_patient.json) and HearLink records (the shapes
// of its webhook payloads, docs/contracts/hearlink.md#payload-shapes). Deterministic given the IdMaker's state.
#pragma once
#include <cstdint>
#include <string>

#include "sandbox/sandbox_state.hpp"

namespace hbs {

struct NewHintPatient {
  std::string first_name;
  std::string last_name;
  std::string dob;     // "YYYY-MM-DD" or empty
  std::string email;   // or empty
  std::string phone;   // or empty
  std::string gender;  // "male" | "female" | "" (unknown)
};

json make_hint_patient(IdMaker& ids, const NewHintPatient& fields, const std::string& timestamp, int reference_year);

// HearLink's slim patient reference carried by related records: {uid, fullName, tracking}.
json hearlink_patient_ref(const json& patient);
json make_hearlink_patient(IdMaker& ids, const json& hint_patient, const std::string& timestamp);
json make_hearing_test(IdMaker& ids, const json& patient_ref, const std::string& test_date, int severity);
json make_appointment(IdMaker& ids, const json& patient_ref, int64_t start_ms, const std::string& type);
json make_invoice(IdMaker& ids, const json& patient_ref, const std::string& timestamp, bool paid);
json make_transaction(IdMaker& ids, const json& invoice, const std::string& timestamp);
json make_credit_note(IdMaker& ids, const json& invoice, const std::string& timestamp);

}  // namespace hbs
