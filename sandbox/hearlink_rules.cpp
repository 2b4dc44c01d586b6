#include "sandbox/hearlink_rules.hpp"

#include "shared/iso8601.hpp"

namespace hbs {
namespace {

using nlohmann::json;

bool present(const json& body, const char* field) { return body.contains(field) && !body.at(field).is_null(); }

void require_text(const json& body, const char* field, FieldErrors& errors) {
  if (!present(body, field)) {
    errors[field] = "is required";
  } else if (!body.at(field).is_string()) {
    errors[field] = "must be a string";
  } else if (body.at(field).get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos) {
    errors[field] = "must not be empty";
  }
}

void optional_text(const json& body, const char* field, FieldErrors& errors) {
  if (present(body, field) && !body.at(field).is_string()) errors[field] = "must be a string";
}

// The pair's first name carries the reason, whichever way the rule is broken.
void exactly_one(const json& body, const char* id_field, const char* name_field, FieldErrors& errors) {
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

}  // namespace

bool is_iso_date(std::string_view text) { return hb::parse_date(text).has_value(); }

bool is_email_address(std::string_view text) {
  const auto at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) return false;
  if (text.find_first_of(" \t\r\n,;<>()[]\\\"") != std::string_view::npos) return false;
  const auto domain = text.substr(at + 1);
  const auto dot = domain.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 3 <= domain.size() && domain.front() != '.' &&
         domain.find("..") == std::string_view::npos;
}

FieldErrors validate_create_patient(const json& body) {
  FieldErrors errors;
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
    const json& tracking = body.at("tracking");
    FieldErrors inner;
    require_text(tracking, "provider", inner);
    if (inner.count("provider")) errors["tracking.provider"] = inner["provider"];
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
    const json& email = body.at("emailAddress");
    if (!email.is_string() || !is_email_address(email.get_ref<const std::string&>())) {
      errors["emailAddress"] = "must be a valid e-mail address";
    }
  }
  if (present(body, "dob")) {
    const json& dob = body.at("dob");
    if (!dob.is_string() || !is_iso_date(dob.get_ref<const std::string&>())) {
      errors["dob"] = "must be a real date written YYYY-MM-DD";
    }
  }
  if (present(body, "age")) {
    const json& age = body.at("age");
    const bool integer = age.is_number_unsigned() || (age.is_number_integer() && age.get<int64_t>() >= 0);
    if (!integer) errors["age"] = "must be an integer >= 0";
  }
  if (present(body, "address")) {
    const json& address = body.at("address");
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

}  // namespace hbs
