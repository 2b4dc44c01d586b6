// HearLink's REST API (docs/contracts/hearlink.md#rest-api), under /hearlink/api so HEARLINK_API_URL is
// http://127.0.0.1:PORT/hearlink/api:
//   POST /patients/create  -> {"success": true, "data": {"patientUid": "…"}} or VALIDATION_ERROR details
//   GET  /patients/{uid}, /appointments/{uid}, /invoices/{uid}
// Auth: x-api-key; anything else is 401 in HearLink's envelope. A created patient fires patient.created.
#include "sandbox/hearlink_rules.hpp"
#include "sandbox/http_util.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/time_format.hpp"

namespace hbs {
namespace {

using httplib::Request;
using httplib::Response;

bool authorised(Sandbox& sandbox, const Request& req, Response& res) {
  const std::string key = req.get_header_value("x-api-key");
  if (!key.empty() && key == sandbox.config().hearlink_api_key) return true;
  reply_hearlink_error(res, 401, "UNAUTHORIZED", "Missing or invalid API key");
  return false;
}

// {uid, name} from a lookup list, by id or by name (an unknown name is added, as the portal does).
std::optional<json> resolve(json& list, const json& body, const char* id_field, const char* name_field,
                            const char* prefix, IdMaker& ids) {
  if (body.contains(id_field) && !body[id_field].is_null()) {
    for (const auto& entry : list) {
      if (entry["uid"] == body[id_field]) return entry;
    }
    return std::nullopt;
  }
  const std::string name = body.value(name_field, "");
  for (const auto& entry : list) {
    if (entry["name"] == name) return entry;
  }
  json entry = {{"uid", std::string(prefix) + ids.base62(4)}, {"name", name}};
  list.push_back(entry);
  return entry;
}

void handle_create_patient(Sandbox& sandbox, const Request& req, Response& res) {
  if (!authorised(sandbox, req, res)) return;
  auto body = json_object_body(req);
  if (!body) {
    return reply_hearlink_error(res, 400, "VALIDATION_ERROR", "The body must be a JSON object",
                                {{"body", "must be a JSON object"}});
  }
  if (auto errors = validate_create_patient(*body); !errors.empty()) {
    return reply_hearlink_error(res, 400, "VALIDATION_ERROR", "Validation failed", errors);
  }
  json patient;
  {
    std::lock_guard lock(sandbox.state().mutex);
    auto& state = sandbox.state();
    auto referral = resolve(state.hearlink_referrals, *body, "referralId", "referralName", "ref_", state.ids);
    auto clinic = resolve(state.hearlink_clinics, *body, "primaryClinicId", "primaryClinicName", "cl_", state.ids);
    auto status = resolve(state.hearlink_statuses, *body, "statusId", "statusName", "st_", state.ids);
    json details = json::object();
    if (!referral) details["referralId"] = "unknown referral";
    if (!clinic) details["primaryClinicId"] = "unknown clinic";
    if (!status) details["statusId"] = "unknown status";
    if (!details.empty()) return reply_hearlink_error(res, 400, "VALIDATION_ERROR", "Validation failed", details);

    const std::string now = hearlink_timestamp(sandbox.now_ms());
    const json& tracking = (*body)["tracking"];
    const json& hint_ids = tracking.contains("ids") ? tracking["ids"] : json();
    // Written as primaryPhoneNumber, read back as phoneNumber: HearLink's read shape names it so.
    patient = {
        {"uid", "hlp_" + state.ids.base62(7)},
        {"title", body->value("title", json())},
        {"fullName", (*body)["fullName"]},
        {"phoneNumber", (*body)["primaryPhoneNumber"]},
        {"secondaryPhoneNumber", body->value("secondaryPhoneNumber", json())},
        {"emailAddress", body->value("emailAddress", json())},
        {"dob", body->value("dob", json())},
        {"age", body->value("age", json())},
        {"gender", body->value("gender", json())},
        {"notes", body->value("notes", json())},
        {"referral", *referral},
        {"primaryClinic", *clinic},
        {"address", body->value("address", json())},
        {"status", {{"status", (*status)["name"]}, {"subStatus", nullptr}}},
        {"lastTestDate", nullptr},
        {"externalSystemId", hint_ids.is_object() ? hint_ids.value("hint_patient_id", json()) : json()},
        {"tracking", tracking},
        {"created", {{"at", now}, {"by", {{"uid", "usr_1"}, {"fullName", "API"}}}}},
    };
    state.hearlink["patients"].push_back(patient);
  }
  sandbox.emit_hearlink_event("patient.created", patient);
  reply_json(res, 200, {{"success", true}, {"data", {{"patientUid", patient["uid"]}}}});
}

Response& get_record(Sandbox& sandbox, const Request& req, Response& res, const char* collection, const char* what) {
  if (!authorised(sandbox, req, res)) return res;
  std::lock_guard lock(sandbox.state().mutex);
  const json* record = sandbox.state().hearlink_record(collection, req.path_params.at("uid"));
  if (!record) {
    reply_hearlink_error(res, 404, "NOT_FOUND", std::string(what) + " not found");
  } else {
    reply_json(res, 200, {{"success", true}, {"data", *record}});
  }
  return res;
}

}  // namespace

void register_hearlink_api(Sandbox& sandbox) {
  auto& http = sandbox.http();
  http.Post("/hearlink/api/patients/create",
            [&sandbox](const Request& req, Response& res) { handle_create_patient(sandbox, req, res); });
  http.Get("/hearlink/api/patients/:uid",
           [&sandbox](const Request& req, Response& res) { get_record(sandbox, req, res, "patients", "Patient"); });
  http.Get("/hearlink/api/appointments/:uid", [&sandbox](const Request& req, Response& res) {
    get_record(sandbox, req, res, "appointments", "Appointment");
  });
  http.Get("/hearlink/api/invoices/:uid",
           [&sandbox](const Request& req, Response& res) { get_record(sandbox, req, res, "invoices", "Invoice"); });
}

}  // namespace hbs
