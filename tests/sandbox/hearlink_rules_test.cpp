#include <catch2/catch_test_macros.hpp>

#include "sandbox/hearlink_rules.hpp"

using hbs::validate_create_patient;
using nlohmann::json;

namespace {
// The documented example body (docs/contracts/hearlink.md#create-patient): valid as it stands.
json example() {
  return json::parse(
      R"({"fullName": "John Smith", "primaryPhoneNumber": "07123456789", "emailAddress": "john@example.com",
    "dob": "1985-07-12", "statusName": "Patient Created", "primaryClinicName": "Manchester", "referralName": "Facebook",
    "tracking": {"provider": "hint"}})");
}
}  // namespace

TEST_CASE("the documented example body is valid") { CHECK(validate_create_patient(example()).empty()); }

TEST_CASE("fullName, primaryPhoneNumber and tracking.provider are required and non-empty") {
  for (const char* field : {"fullName", "primaryPhoneNumber"}) {
    auto body = example();
    body.erase(field);
    CHECK(validate_create_patient(body).count(field) == 1);
    body[field] = "   ";
    CHECK(validate_create_patient(body).count(field) == 1);
  }
  auto body = example();
  body.erase("tracking");
  CHECK(validate_create_patient(body).count("tracking") == 1);
  body["tracking"] = json::object();
  CHECK(validate_create_patient(body).count("tracking.provider") == 1);
  body["tracking"] = {{"provider", "hint"}, {"ids", "not an object"}};
  CHECK(validate_create_patient(body).count("tracking.ids") == 1);
}

TEST_CASE("every exactly-one-of pair refuses none and both, and accepts either one alone") {
  const std::pair<const char*, const char*> pairs[] = {
      {"referralId", "referralName"}, {"primaryClinicId", "primaryClinicName"}, {"statusId", "statusName"}};
  for (const auto& [id_field, name_field] : pairs) {
    INFO(id_field << " / " << name_field);
    auto none = example();
    none.erase(id_field);
    none.erase(name_field);
    CHECK(validate_create_patient(none).count(id_field) == 1);

    auto both = none;
    both[id_field] = "x_1";
    both[name_field] = "X";
    CHECK(validate_create_patient(both).count(id_field) == 1);

    auto only_id = none;
    only_id[id_field] = "x_1";
    CHECK(validate_create_patient(only_id).empty());

    auto only_name = none;
    only_name[name_field] = "X";
    CHECK(validate_create_patient(only_name).empty());

    auto null_counts_as_absent = only_name;
    null_counts_as_absent[id_field] = nullptr;
    CHECK(validate_create_patient(null_counts_as_absent).empty());
  }
}

TEST_CASE("dob must be a real date written YYYY-MM-DD") {
  for (const char* good : {"1985-07-12", "2024-02-29", "2000-02-29", "1999-12-31"}) {
    auto body = example();
    body["dob"] = good;
    CHECK(validate_create_patient(body).empty());
  }
  for (const char* bad : {"1985-7-12", "12/07/1985", "1985-02-30", "1900-02-29", "2023-02-29", "1985-13-01",
                          "1985-00-10", "1985-07-12T00:00:00Z", "", "198a-07-12"}) {
    INFO(bad);
    auto body = example();
    body["dob"] = bad;
    CHECK(validate_create_patient(body).count("dob") == 1);
  }
  auto body = example();
  body["dob"] = 19850712;
  CHECK(validate_create_patient(body).count("dob") == 1);
}

TEST_CASE("emailAddress must look like an e-mail address") {
  for (const char* good : {"john@example.com", "zoë.núñez@example.co.uk", "a+b@x.io"}) {
    auto body = example();
    body["emailAddress"] = good;
    CHECK(validate_create_patient(body).empty());
  }
  for (const char* bad : {"john", "john@", "@example.com", "john@example", "john@@example.com", "jo hn@example.com",
                          "john@.com", "john@example..com", "john@example.c"}) {
    INFO(bad);
    auto body = example();
    body["emailAddress"] = bad;
    CHECK(validate_create_patient(body).count("emailAddress") == 1);
  }
}

TEST_CASE("age must be a non-negative integer") {
  auto body = example();
  body["age"] = 0;
  CHECK(validate_create_patient(body).empty());
  body["age"] = 41;
  CHECK(validate_create_patient(body).empty());
  for (const json& bad : {json(-1), json(4.5), json("41"), json(true)}) {
    body["age"] = bad;
    CHECK(validate_create_patient(body).count("age") == 1);
  }
}

TEST_CASE("a body that is not an object is refused as a whole") {
  CHECK(validate_create_patient(json::array()).count("body") == 1);
}
