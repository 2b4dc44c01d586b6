// A Hint patient → HearLink's create-patient request (POST /patients/create,
// docs/contracts/hearlink.md#create-patient), and HearLink's documented rules for that request,
// checked here before anything is sent. Pure: no I/O, no clock; both builds compile it.
//
//   Hint  {"id": "pat-…", "name", "first_name", "last_name", "phones": [{"number", "type"}], "email",
//          "dob", "age", "address_line1", "address_line2", "address_city", "address_zip", "address_country"}
//   →     {"fullName", "primaryPhoneNumber", "emailAddress", "dob", "age",
//          "address": {"line1", "line2", "city", "postcode", "country"},
//          "primaryClinicId" | "primaryClinicName", "referralId" | "referralName", "statusId" | "statusName",
//          "tracking": {"provider": "hint", "ids": {"hint_patient_id": "pat-…"}}}
//
// Absent or empty Hint fields are left out of the request (never sent as "" or null).
#pragma once
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hb {

// One of HearLink's exactly-one-of pairs as the practice configured it: an id or a name.
struct HearLinkChoice {
  std::string id;
  std::string name;
};

// The practice's defaults for new HearLink patients (Settings).
struct HearLinkPatientDefaults {
  HearLinkChoice clinic;
  HearLinkChoice referral;
  HearLinkChoice status;
};

// HearLink field name → reason, ordered by field name; empty means valid.
using HearLinkFieldErrors = std::map<std::string, std::string>;

// HearLink's create-patient rules: fullName, primaryPhoneNumber and tracking.provider required;
// exactly one of referralId/referralName, primaryClinicId/primaryClinicName, statusId/statusName;
// dob YYYY-MM-DD (a real date); emailAddress an e-mail; age an integer ≥ 0; optional strings strings.
HearLinkFieldErrors validate_hearlink_create_patient(const nlohmann::json& request);

bool is_hearlink_date(std::string_view text);  // "YYYY-MM-DD", a day that exists
bool is_email_address(std::string_view text);  // local@domain.tld, no spaces

enum class PatientMappingStatus {
  ready,           // `request` can be sent
  needs_phone,     // the Hint patient has no phone number: nothing is sent
  not_configured,  // a practice default is missing: the admin must set it
  invalid,         // the Hint data breaks a HearLink rule (e.g. a malformed e-mail)
};

struct PatientMapping {
  PatientMappingStatus status = PatientMappingStatus::invalid;
  nlohmann::json request = nlohmann::json::object();
  // Fixed texts and HearLink field names only (never patient values): shown to staff and admins.
  std::string reason;
};

// The patient's primary phone: the first mobile number, else the first number; "" when none.
std::string hint_primary_phone(const nlohmann::json& hint_patient);

PatientMapping map_hint_patient_to_hearlink(const nlohmann::json& hint_patient,
                                            const HearLinkPatientDefaults& defaults);

// "fullName: is required; dob: must be a date (YYYY-MM-DD)" (field names and reasons only).
std::string describe_field_errors(const HearLinkFieldErrors& errors);

}  // namespace hb
