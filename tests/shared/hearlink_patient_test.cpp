#include <catch2/catch_test_macros.hpp>

#include "shared/hearlink_patient.hpp"
#include "shared/json_input.hpp"
#include "tests/support/test_data.hpp"

using namespace hb;
using nlohmann::json;

namespace {

json read_data(const std::string& name) { return parse_json(hb::test::read_test_data(name)).value(); }

HearLinkPatientDefaults by_name() {
  HearLinkPatientDefaults d;
  d.clinic.name = "Manchester";
  d.referral.name = "Hint";
  d.status.name = "Patient Created";
  return d;
}

// A request that passes every rule; tests break one rule at a time.
json valid_request() {
  return {{"fullName", "Ana Lima"},
          {"primaryPhoneNumber", "+15550000001"},
          {"primaryClinicName", "Manchester"},
          {"referralName", "Hint"},
          {"statusName", "Patient Created"},
          {"tracking", {{"provider", "hint"}, {"ids", {{"hint_patient_id", "pat-1"}}}}}};
}

}  // namespace

TEST_CASE("the documented Hint example patient maps to exactly the expected HearLink request") {
  auto mapping = map_hint_patient_to_hearlink(read_data("hint_patient.json"), by_name());
  REQUIRE(mapping.status == PatientMappingStatus::ready);
  CHECK(mapping.request == read_data("hearlink_create_patient_request.json"));
  CHECK(mapping.reason.empty());
}

TEST_CASE("practice defaults given as ids are sent as ids, never with the name as well") {
  auto defaults = by_name();
  defaults.clinic = {"cl_1", ""};
  defaults.referral = {"ref_1", ""};
  defaults.status = {"st_1", ""};
  auto request = map_hint_patient_to_hearlink(read_data("hint_patient.json"), defaults).request;
  CHECK(request["primaryClinicId"] == "cl_1");
  CHECK(request["referralId"] == "ref_1");
  CHECK(request["statusId"] == "st_1");
  CHECK_FALSE(request.contains("primaryClinicName"));
  CHECK_FALSE(request.contains("referralName"));
  CHECK_FALSE(request.contains("statusName"));
}

TEST_CASE("the mobile number is the primary phone even when another number comes first") {
  json p{{"id", "pat-1"},
         {"name", "Ana Lima"},
         {"phones", json::array({{{"number", "+15550000009"}, {"type", "home"}},
                                 {{"number", "+15550000001"}, {"type", "mobile"}}})}};
  CHECK(hint_primary_phone(p) == "+15550000001");
  p["phones"][1]["type"] = "work";
  CHECK(hint_primary_phone(p) == "+15550000009");
}

TEST_CASE("a patient without a phone number is not sent and says it needs one") {
  auto p = read_data("hint_patient.json");
  p["phones"] = json::array();
  auto mapping = map_hint_patient_to_hearlink(p, by_name());
  CHECK(mapping.status == PatientMappingStatus::needs_phone);
  CHECK(mapping.reason.find("phone number") != std::string::npos);
  CHECK(mapping.request.empty());
  p["phones"] = json::array({{{"number", "  "}, {"type", "mobile"}}});
  CHECK(map_hint_patient_to_hearlink(p, by_name()).status == PatientMappingStatus::needs_phone);
}

TEST_CASE("a missing practice default is reported as something the admin sets in Settings") {
  auto defaults = by_name();
  defaults.clinic = {};
  auto mapping = map_hint_patient_to_hearlink(read_data("hint_patient.json"), defaults);
  CHECK(mapping.status == PatientMappingStatus::not_configured);
  CHECK(mapping.reason == "Set the default clinic in Settings.");
  defaults = by_name();
  defaults.referral = {};
  CHECK(map_hint_patient_to_hearlink(read_data("hint_patient.json"), defaults).reason ==
        "Set the default referral in Settings.");
  defaults = by_name();
  defaults.status = {};
  CHECK(map_hint_patient_to_hearlink(read_data("hint_patient.json"), defaults).reason ==
        "Set the default patient status in Settings.");
}

TEST_CASE("a date of birth is sent instead of the age, and a malformed one is refused before sending") {
  auto p = read_data("hint_patient.json");
  p["dob"] = "1966-10-02";
  auto mapping = map_hint_patient_to_hearlink(p, by_name());
  REQUIRE(mapping.status == PatientMappingStatus::ready);
  CHECK(mapping.request["dob"] == "1966-10-02");
  CHECK_FALSE(mapping.request.contains("age"));
  p["dob"] = "02/10/1966";
  mapping = map_hint_patient_to_hearlink(p, by_name());
  CHECK(mapping.status == PatientMappingStatus::invalid);
  CHECK(mapping.reason.find("dob: must be a date (YYYY-MM-DD)") != std::string::npos);
  CHECK(mapping.reason.find("02/10") == std::string::npos);  // never the patient's value
}

TEST_CASE("a malformed e-mail address is refused with the field named, not the address") {
  auto p = read_data("hint_patient.json");
  p["email"] = "bass_man at bumblebeeinc";
  auto mapping = map_hint_patient_to_hearlink(p, by_name());
  CHECK(mapping.status == PatientMappingStatus::invalid);
  CHECK(mapping.reason.find("emailAddress: must be an e-mail address") != std::string::npos);
  CHECK(mapping.reason.find("bass_man") == std::string::npos);
}

TEST_CASE("absent Hint fields are left out of the request rather than sent empty") {
  json p{{"id", "pat-2"},
         {"first_name", "Zoë"},
         {"last_name", "Ñúñez-Łukasz"},
         {"phones", json::array({{{"number", "+1555"}}})}};
  auto mapping = map_hint_patient_to_hearlink(p, by_name());
  REQUIRE(mapping.status == PatientMappingStatus::ready);
  CHECK(mapping.request["fullName"] == "Zoë Ñúñez-Łukasz");
  CHECK_FALSE(mapping.request.contains("emailAddress"));
  CHECK_FALSE(mapping.request.contains("dob"));
  CHECK_FALSE(mapping.request.contains("age"));
  CHECK_FALSE(mapping.request.contains("address"));
}

TEST_CASE("a valid request passes HearLink's rules") {
  CHECK(validate_hearlink_create_patient(valid_request()).empty());
}

TEST_CASE("each exactly-one-of pair: none is an error, both is an error, either one alone is fine") {
  const std::vector<std::pair<std::string, std::string>> pairs{
      {"referralId", "referralName"}, {"primaryClinicId", "primaryClinicName"}, {"statusId", "statusName"}};
  for (const auto& [id_field, name_field] : pairs) {
    INFO(id_field);
    auto none = valid_request();
    none.erase(id_field);
    none.erase(name_field);
    auto errors = validate_hearlink_create_patient(none);
    REQUIRE(errors.size() == 1);
    CHECK(errors[id_field] == "exactly one of " + id_field + " or " + name_field + " is required");

    auto both = valid_request();
    both[id_field] = "x_1";
    both[name_field] = "X";
    errors = validate_hearlink_create_patient(both);
    REQUIRE(errors.size() == 1);
    CHECK(errors[id_field] == "provide exactly one of " + id_field + " or " + name_field + ", not both");

    auto id_only = valid_request();
    id_only.erase(name_field);
    id_only[id_field] = "x_1";
    CHECK(validate_hearlink_create_patient(id_only).empty());
    auto name_only = valid_request();
    name_only.erase(id_field);
    name_only[name_field] = "X";
    CHECK(validate_hearlink_create_patient(name_only).empty());
  }
}

TEST_CASE("required fields: full name, primary phone and tracking with a provider") {
  for (const char* field : {"fullName", "primaryPhoneNumber", "tracking"}) {
    auto request = valid_request();
    request.erase(field);
    CHECK(validate_hearlink_create_patient(request).at(field) == "is required");
  }
  auto request = valid_request();
  request["fullName"] = "  ";
  CHECK(validate_hearlink_create_patient(request).at("fullName") == "must not be empty");
  request = valid_request();
  request["tracking"] = {{"ids", json::object()}};
  CHECK(validate_hearlink_create_patient(request).at("tracking.provider") == "is required");
}

TEST_CASE("dob must be a real YYYY-MM-DD date") {
  for (const char* good : {"1966-10-02", "2000-02-29"}) {
    auto request = valid_request();
    request["dob"] = good;
    CHECK(validate_hearlink_create_patient(request).empty());
  }
  for (const char* bad : {"1966-13-02", "2001-02-29", "1966-10-2", "1966-10-02T00:00:00Z", ""}) {
    INFO(bad);
    auto request = valid_request();
    request["dob"] = bad;
    CHECK(validate_hearlink_create_patient(request).count("dob") == 1);
  }
}

TEST_CASE("emailAddress must be an e-mail address") {
  auto request = valid_request();
  request["emailAddress"] = "ana@example.com";
  CHECK(validate_hearlink_create_patient(request).empty());
  for (const char* bad : {"ana", "ana@", "@example.com", "ana@example", "ana @example.com", "a@b@example.com"}) {
    INFO(bad);
    request["emailAddress"] = bad;
    CHECK(validate_hearlink_create_patient(request).count("emailAddress") == 1);
  }
}

TEST_CASE("age must be an integer of 0 or more") {
  auto request = valid_request();
  request["age"] = 0;
  CHECK(validate_hearlink_create_patient(request).empty());
  request["age"] = -1;
  CHECK(validate_hearlink_create_patient(request).count("age") == 1);
  request["age"] = 6.5;
  CHECK(validate_hearlink_create_patient(request).count("age") == 1);
  request["age"] = "60";
  CHECK(validate_hearlink_create_patient(request).count("age") == 1);
}
