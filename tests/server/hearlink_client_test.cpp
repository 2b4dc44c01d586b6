#include "server/hearlink/hearlink_client.hpp"

#include <catch2/catch_test_macros.hpp>

#include "tests/support/fake_transport.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

namespace {

struct Fixture {
  RecordingTransport transport;
  FakePacing pacing;
  HearLinkClient client{transport, pacing.pacing(), RetryPolicy{3, {500, 4000}}, [] { return 0.5; }};
  json request{{"fullName", "Ana Lima"}, {"primaryPhoneNumber", "+1555"}};
};

}  // namespace

TEST_CASE("create_patient posts the body with the practice's x-api-key and returns patientUid") {
  Fixture f;
  f.transport.answer(200, R"({"success": true, "data": {"patientUid": "hlp_1"}})");
  auto uid = f.client.create_patient("key-123", f.request);
  REQUIRE(uid.ok());
  CHECK(uid.value() == "hlp_1");
  REQUIRE(f.transport.requests.size() == 1);
  const auto& sent = f.transport.requests[0];
  CHECK(sent.method == "POST");
  CHECK(sent.path == "/patients/create");
  CHECK(sent.headers.find("x-api-key")->second == "key-123");
  CHECK(sent.headers.find("Content-Type")->second == "application/json");
  CHECK(json::parse(sent.body) == f.request);
}

TEST_CASE("HearLink's validation refusal keeps its field names and messages, and is not retried") {
  Fixture f;
  f.transport.answer(400, R"({"success": false, "error": {"code": "VALIDATION_ERROR", "message": "Validation failed",
                          "details": {"statusId": "unknown status", "primaryClinicId": "unknown clinic"}}})");
  auto uid = f.client.create_patient("key", f.request);
  REQUIRE_FALSE(uid.ok());
  CHECK(uid.error().code == ErrorCode::upstream_rejected);
  CHECK(uid.error().message ==
        "HearLink refused the patient: primaryClinicId: unknown clinic; statusId: unknown status");
  CHECK(f.transport.requests.size() == 1);
}

TEST_CASE("a create whose answer was lost is reported as upstream_timeout and never repeated") {
  Fixture f;
  f.transport.fail(TransportFailure::maybe_applied);
  auto uid = f.client.create_patient("key", f.request);
  REQUIRE_FALSE(uid.ok());
  CHECK(uid.error().code == ErrorCode::upstream_timeout);
  CHECK(f.transport.requests.size() == 1);
}

TEST_CASE("a 5xx to the create may have been applied, so it is not repeated either") {
  Fixture f;
  f.transport.answer(502, "");
  auto uid = f.client.create_patient("key", f.request);
  REQUIRE_FALSE(uid.ok());
  CHECK(uid.error().code == ErrorCode::upstream_timeout);
  CHECK(f.transport.requests.size() == 1);
}

TEST_CASE("a create that surely was not sent is retried with back-off") {
  Fixture f;
  f.transport.fail(TransportFailure::not_sent);
  f.transport.answer(200, R"({"success": true, "data": {"patientUid": "hlp_2"}})");
  auto uid = f.client.create_patient("key", f.request);
  REQUIRE(uid.ok());
  CHECK(uid.value() == "hlp_2");
  CHECK(f.transport.requests.size() == 2);
  CHECK(*f.pacing.sleeps == std::vector<int64_t>{250});  // 0.5 × the first retry's 500 ms
}

TEST_CASE("a success without a patient uid counts as a lost answer") {
  Fixture f;
  f.transport.answer(200, R"({"success": true, "data": {}})");
  CHECK(f.client.create_patient("key", f.request).error().code == ErrorCode::upstream_timeout);
}

TEST_CASE("a refused API key is named as such") {
  Fixture f;
  f.transport.answer(
      401, R"({"success": false, "error": {"code": "UNAUTHORIZED", "message": "Missing or invalid API key"}})");
  auto uid = f.client.create_patient("bad", f.request);
  CHECK(uid.error().code == ErrorCode::upstream_rejected);
  CHECK(uid.error().message == "HearLink refused the API key.");
}

TEST_CASE("GETs are retried on 5xx and 429, then answer from the envelope's data") {
  Fixture f;
  f.transport.answer(503, "");
  f.transport.answer(429, "");
  f.transport.answer(200, R"({"success": true, "data": {"uid": "hlp_1", "fullName": "Ana Lima"}})");
  auto patient = f.client.get_patient("key", "hlp_1");
  REQUIRE(patient.ok());
  CHECK(patient.value()["uid"] == "hlp_1");
  CHECK(f.transport.requests.size() == 3);
  CHECK(f.transport.requests[2].path == "/patients/hlp_1");
}

TEST_CASE("the key check: 404 means the key works, 401 or 403 means it does not, no answer is an error") {
  Fixture f;
  f.transport.answer(404, R"({"success": false, "error": {"code": "NOT_FOUND", "message": "Patient not found"}})");
  CHECK(f.client.key_works("key").value() == true);
  f.transport.answer(401, "");
  CHECK(f.client.key_works("key").value() == false);
  f.transport.answer(403, "");
  CHECK(f.client.key_works("key").value() == false);
  for (int i = 0; i < 3; ++i) f.transport.fail(TransportFailure::not_sent);
  auto unreachable = f.client.key_works("key");
  REQUIRE_FALSE(unreachable.ok());
  CHECK(unreachable.error().code == ErrorCode::upstream_unavailable);
}
