#include "shared/hearlink_patient.hpp"

#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

using nlohmann::json;

bool present(const json& body, const char* field) { return body.contains(field) && !body.at(field).is_null(); }

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

void require_text(const json& body, const char* field, HearLinkFieldErrors& errors) {
  if (!present(body, field)) {
    errors[field] = "is required";
  } else if (!body.at(field).is_string()) {
    errors[field] = "must be a string";
  } else if (blank(body.at(field).get_ref<const std::string&>())) {
    errors[field] = "must not be empty";
  }
}

void optional_text(const json& body, const char* field, HearLinkFieldErrors& errors) {
  if (present(body, field) && !body.at(field).is_string()) errors[field] = "must be a string";
}

// The pair's id field carries the reason, whichever way the rule is broken (as HearLink reports it).
void exactly_one(const json& body, const char* id_field, const char* name_field, HearLinkFieldErrors& errors) {
  const bool has_id = present(body, id_field);
  const bool has_name = present(body, name_field);
  const std::string pair = std::string(id_field) + " or " + name_field;
  if (has_id && has_name) {
    errors[id_field] = "provide exactly one of " + pair + ", not both";
  } else if (!has_id && !has_name) {
    errors[id_field] = "exactly one of " + pair + " is required";
  } else {
    require_text(body, has_id ? id_field : name_field, errors);
  }
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string full_name(const json& p) {
  auto name = trimmed(string_at(p, "name"));
  if (!name.empty()) return name;
  auto first = trimmed(string_at(p, "first_name"));
  auto last = trimmed(string_at(p, "last_name"));
  return first.empty() || last.empty() ? first + last : first + " " + last;
}

void put_if_set(json& target, const char* field, const std::string& value) {
  if (!value.empty()) target[field] = value;
}

// Exactly one of the pair from the practice's choice (the id wins if both were stored).
bool put_choice(json& request, const HearLinkChoice& choice, const char* id_field, const char* name_field) {
  if (!trimmed(choice.id).empty()) {
    request[id_field] = trimmed(choice.id);
  } else if (!trimmed(choice.name).empty()) {
    request[name_field] = trimmed(choice.name);
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool is_hearlink_date(std::string_view text) { return text.size() == 10 && parse_date(text).has_value(); }

bool is_email_address(std::string_view text) {
  const auto at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) return false;
  if (text.find_first_of(" \t\r\n,;<>()[]\\\"") != std::string_view::npos) return false;
  const auto domain = text.substr(at + 1);
  const auto dot = domain.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 3 <= domain.size() && domain.front() != '.' &&
         domain.find("..") == std::string_view::npos;
}

HearLinkFieldErrors validate_hearlink_create_patient(const json& body) {
  HearLinkFieldErrors errors;
  if (!body.is_object()) {
    errors["body"] = "must be a JSON object";
    return errors;
  }
  require_text(body, "fullName", errors);
  require_text(body, "primaryPhoneNumber", errors);
  if (!present(body, "tracking")) {
    errors["tracking"] = "is required";
  } else if (!body.at("tracking").is_object()) {
    errors["tracking"] = "must be an object";
  } else {
    const auto& tracking = body.at("tracking");
    if (!present(tracking, "provider") || !tracking.at("provider").is_string() ||
        blank(tracking.at("provider").get_ref<const std::string&>())) {
      errors["tracking.provider"] = "is required";
    }
    if (present(tracking, "ids") && !tracking.at("ids").is_object()) errors["tracking.ids"] = "must be an object";
    for (const auto& [key, value] : tracking.items()) {
      if (key.rfind("utm_", 0) == 0 && !value.is_null() && !value.is_string())
        errors["tracking." + key] = "must be a string";
    }
  }
  exactly_one(body, "referralId", "referralName", errors);
  exactly_one(body, "primaryClinicId", "primaryClinicName", errors);
  exactly_one(body, "statusId", "statusName", errors);
  for (const char* field : {"title", "secondaryPhoneNumber", "gender", "notes"}) optional_text(body, field, errors);
  if (present(body, "emailAddress")) {
    const auto& email = body.at("emailAddress");
    if (!email.is_string() || !is_email_address(email.get_ref<const std::string&>())) {
      errors["emailAddress"] = "must be an e-mail address";
    }
  }
  if (present(body, "dob")) {
    const auto& dob = body.at("dob");
    if (!dob.is_string() || !is_hearlink_date(dob.get_ref<const std::string&>()))
      errors["dob"] = "must be a date (YYYY-MM-DD)";
  }
  if (present(body, "age")) {
    const auto& age = body.at("age");
    if (!age.is_number_integer() || age.get<int64_t>() < 0) errors["age"] = "must be an integer of 0 or more";
  }
  if (present(body, "address")) {
    const auto& address = body.at("address");
    if (!address.is_object()) {
      errors["address"] = "must be an object";
    } else {
      for (const char* field : {"line1", "line2", "city", "postcode", "country"}) {
        if (present(address, field) && !address.at(field).is_string())
          errors[std::string("address.") + field] = "must be a string";
      }
    }
  }
  return errors;
}

std::string describe_field_errors(const HearLinkFieldErrors& errors) {
  std::string text;
  for (const auto& [field, reason] : errors) text += (text.empty() ? "" : "; ") + field + ": " + reason;
  return text;
}

std::string hint_primary_phone(const json& p) {
  if (!p.is_object()) return {};
  auto phones = p.find("phones");
  if (phones == p.end() || !phones->is_array()) return {};
  for (const auto& entry : *phones) {
    auto number = trimmed(string_at(entry, "number"));
    if (string_at(entry, "type") == "mobile" && !number.empty()) return number;
  }
  for (const auto& entry : *phones) {
    auto number = trimmed(string_at(entry, "number"));
    if (!number.empty()) return number;
  }
  return {};
}

PatientMapping map_hint_patient_to_hearlink(const json& p, const HearLinkPatientDefaults& defaults) {
  PatientMapping mapping;
  json request = json::object();
  // The practice's defaults come first: without them no patient can be sent, whatever its data.
  if (!put_choice(request, defaults.clinic, "primaryClinicId", "primaryClinicName")) {
    mapping.status = PatientMappingStatus::not_configured;
    mapping.reason = "Set the default clinic in Settings.";
    return mapping;
  }
  if (!put_choice(request, defaults.referral, "referralId", "referralName")) {
    mapping.status = PatientMappingStatus::not_configured;
    mapping.reason = "Set the default referral in Settings.";
    return mapping;
  }
  if (!put_choice(request, defaults.status, "statusId", "statusName")) {
    mapping.status = PatientMappingStatus::not_configured;
    mapping.reason = "Set the default patient status in Settings.";
    return mapping;
  }
  const auto patient_id = string_at(p, "id");
  if (patient_id.empty()) {
    mapping.reason = "The Hint patient has no id.";
    return mapping;
  }
  const auto phone = hint_primary_phone(p);
  if (phone.empty()) {
    mapping.status = PatientMappingStatus::needs_phone;
    mapping.reason = "Needs a phone number: add one in Hint and HearBridge will add the patient to HearLink.";
    return mapping;
  }

  put_if_set(request, "fullName", full_name(p));
  request["primaryPhoneNumber"] = phone;
  put_if_set(request, "emailAddress", trimmed(string_at(p, "email")));
  const auto dob = trimmed(string_at(p, "dob"));
  put_if_set(request, "dob", dob);
  // Age only when there is no date of birth: the date stays right, an age goes stale.
  if (auto age = p.find("age"); dob.empty() && age != p.end() && age->is_number_integer()) request["age"] = *age;

  json address = json::object();
  put_if_set(address, "line1", trimmed(string_at(p, "address_line1")));
  put_if_set(address, "line2", trimmed(string_at(p, "address_line2")));
  put_if_set(address, "city", trimmed(string_at(p, "address_city")));
  put_if_set(address, "postcode", trimmed(string_at(p, "address_zip")));
  put_if_set(address, "country", trimmed(string_at(p, "address_country")));
  if (!address.empty()) request["address"] = std::move(address);

  request["tracking"] = {{"provider", "hint"}, {"ids", {{"hint_patient_id", patient_id}}}};

  if (auto errors = validate_hearlink_create_patient(request); !errors.empty()) {
    mapping.status = PatientMappingStatus::invalid;
    mapping.reason = "HearLink would refuse this patient (" + describe_field_errors(errors) + "): correct it in Hint.";
    return mapping;
  }
  mapping.status = PatientMappingStatus::ready;
  mapping.request = std::move(request);
  return mapping;
}

}  // namespace hb
