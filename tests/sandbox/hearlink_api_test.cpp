#include <catch2/catch_test_macros.hpp>

#include "sandbox_fixture.hpp"

using hbs::testing::ServedSandbox;
using nlohmann::json;

namespace {
const httplib::Headers kKey = {{"x-api-key", "sandbox-hearlink-api-key"}};
json valid_body() {
  return {{"fullName", "Søren Ågård"},
          {"primaryPhoneNumber", "+15552223333"},
          {"emailAddress", "soren@example.com"},
          {"dob", "1952-11-03"},
          {"statusName", "Patient Created"},
          {"primaryClinicId", "cl_1"},
          {"referralName", "Hint"},
          {"tracking", {{"provider", "hint"}, {"ids", {{"hint_patient_id", "pat-1"}}}}}};
}
}  // namespace

TEST_CASE("creating a valid patient answers its uid, stores it readable, and queues patient.created") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  auto res = client.Post("/hearlink/api/patients/create", kKey, valid_body().dump(), "application/json");
  REQUIRE(res->status == 200);
  const auto body = json::parse(res->body);
  CHECK(body["success"] == true);
  const std::string uid = body["data"]["patientUid"];

  auto read = client.Get("/hearlink/api/patients/" + uid, kKey);
  REQUIRE(read->status == 200);
  const auto patient = json::parse(read->body)["data"];
  CHECK(patient["fullName"] == "Søren Ågård");
  CHECK(patient["phoneNumber"] == "+15552223333");  // written as primaryPhoneNumber
  CHECK(patient["primaryClinic"]["name"] == "Manchester");
  CHECK(patient["externalSystemId"] == "pat-1");

  const auto log = sandbox->hearlink_webhooks().snapshot();
  REQUIRE(log.size() == 1);
  CHECK(log[0].type == "patient.created");
  CHECK(json::parse(log[0].body)["data"]["uid"] == uid);
}

TEST_CASE("an invalid patient gets HearLink's VALIDATION_ERROR envelope with per-field details") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  auto body = valid_body();
  body["referralId"] = "ref_1";  // both of a pair
  body["dob"] = "1952-02-30";
  body.erase("fullName");
  auto res = client.Post("/hearlink/api/patients/create", kKey, body.dump(), "application/json");
  REQUIRE(res->status == 400);
  const auto answer = json::parse(res->body);
  CHECK(answer["success"] == false);
  CHECK(answer["error"]["code"] == "VALIDATION_ERROR");
  CHECK(answer["error"]["details"].contains("referralId"));
  CHECK(answer["error"]["details"].contains("dob"));
  CHECK(answer["error"]["details"].contains("fullName"));
  CHECK(sandbox->hearlink_webhooks().snapshot().empty());

  auto unknown_clinic = valid_body();
  unknown_clinic["primaryClinicId"] = "cl_404";
  auto res2 = client.Post("/hearlink/api/patients/create", kKey, unknown_clinic.dump(), "application/json");
  CHECK(res2->status == 400);
  CHECK(json::parse(res2->body)["error"]["details"].contains("primaryClinicId"));

  auto not_json = client.Post("/hearlink/api/patients/create", kKey, "{oops", "application/json");
  CHECK(not_json->status == 400);
  CHECK(json::parse(not_json->body)["error"]["code"] == "VALIDATION_ERROR");
}

TEST_CASE("without the right x-api-key HearLink answers 401 in its envelope") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  for (const auto& headers : {httplib::Headers{}, httplib::Headers{{"x-api-key", "wrong"}}}) {
    auto res = client.Get("/hearlink/api/patients/hlp_7Qx2Lm9", headers);
    REQUIRE(res->status == 401);
    const auto body = json::parse(res->body);
    CHECK(body["success"] == false);
    CHECK(body["error"]["code"] == "UNAUTHORIZED");
  }
}

TEST_CASE("seeded appointments and invoices are readable by uid; unknown uids are 404 NOT_FOUND") {
  ServedSandbox sandbox;
  auto client = sandbox.client();
  auto all = json::parse(client.Get("/api/sandbox/hearlink")->body);
  const std::string appointment = all["appointments"][0]["uid"];
  const std::string invoice = all["invoices"][0]["uid"];
  CHECK(client.Get("/hearlink/api/appointments/" + appointment, kKey)->status == 200);
  CHECK(client.Get("/hearlink/api/invoices/" + invoice, kKey)->status == 200);
  auto missing = client.Get("/hearlink/api/invoices/inv_nope", kKey);
  CHECK(missing->status == 404);
  CHECK(json::parse(missing->body)["error"]["code"] == "NOT_FOUND");
}
