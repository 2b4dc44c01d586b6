// HearLink's documented rules for POST /patients/create, as field -> reason (empty: valid).
// Required: fullName, primaryPhoneNumber, tracking {provider}. Exactly one of each pair:
// referralId/referralName, primaryClinicId/primaryClinicName, statusId/statusName.
// Optional: dob "YYYY-MM-DD" (a real date), emailAddress (an e-mail), age (integer >= 0),
// title/secondaryPhoneNumber/gender/notes (strings), address {line1, line2, city, postcode, country}.
// Written from HearLink's documentation on its own, not shared with shared/hearlink_patient.cpp (our
// client-side check of the same request) on purpose: the sandbox stands in for HearLink, and were it
// to reuse our validator, a rule we got wrong would pass against it unnoticed.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hbs {

using FieldErrors = std::map<std::string, std::string>;

FieldErrors validate_create_patient(const nlohmann::json& body);

bool is_iso_date(std::string_view text);       // "YYYY-MM-DD" and a day that exists
bool is_email_address(std::string_view text);  // local@domain.tld (2+ letter tld), no spaces

}  // namespace hbs
