// Sandbox-only endpoints (no auth, no rate limit; never part of either platform's API): what the
// host page's buttons call, and what tests read back.
//   GET   /api/sandbox/state                      practices, patients, origins
//   GET   /api/sandbox/interactions               partner interactions HearBridge created
//   GET   /api/sandbox/launches                   every handshake sent and its answer
//   GET   /api/sandbox/deliveries                 both webhook logs (status, attempts, last answer)
//   POST  /api/sandbox/patients                   create a Hint patient      -> patient.created
//   PATCH /api/sandbox/patients/{id}              update it                  -> patient.updated
//   POST  /api/sandbox/patients/{id}/archive      archive it                 -> patient.inactive
//   POST  /api/sandbox/practices/{id}/uninstall   revoke its tokens       -> integration.deactivated
//   POST  /api/sandbox/activation_codes           mint a single-use activation code (redeeming re-installs)
//   POST  /api/sandbox/activation_codes/{code}/deliver   POST it to HearBridge's /hint/connect/{code}
//   GET   /api/sandbox/hearlink                   every HearLink record
//   POST  /api/sandbox/hearlink/{collection}      add a record for a patient -> <type>.created
//   PATCH /api/sandbox/hearlink/{collection}/{uid}                          -> <type>.updated
//   DELETE /api/sandbox/hearlink/{collection}/{uid}                         -> <type>.deleted
//   POST  /api/sandbox/hearlink/test_event        the portal's "Test" button
//   POST  /api/sandbox/hearlink/enable            re-enable a webhook disabled after 50 failures
//   POST  /api/sandbox/replay_seed                HearLink webhooks for every record again
#include <algorithm>
#include <map>

#include "sandbox/http_util.hpp"
#include "sandbox/records.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/seed.hpp"
#include "sandbox/signing.hpp"
#include "sandbox/time_format.hpp"
#include "shared/url_encode.hpp"

namespace hbs {
namespace {

using httplib::Request;
using httplib::Response;

json queue_json(WebhookQueue& queue) {
  json deliveries = json::array();
  for (const auto& d : queue.snapshot()) {
    deliveries.push_back({{"seq", d.seq},
                          {"event_id", d.event_id},
                          {"type", d.type},
                          {"url", d.url},
                          {"status", to_string(d.status)},
                          {"attempts", d.attempts},
                          {"last_http_status", d.last_http_status},
                          {"last_answer", d.last_answer},
                          {"created_ms", d.created_ms},
                          {"last_attempt_ms", d.last_attempt_ms},
                          {"next_attempt_ms", d.next_attempt_ms}});
  }
  return {{"disabled", queue.disabled()},
          {"consecutive_failures", queue.consecutive_failures()},
          {"deliveries", deliveries}};
}

// The HearLink patient linked to a Hint patient (tracking.ids.hint_patient_id), if any.
const json* hearlink_twin(SandboxState& state, const std::string& hint_patient_id) {
  for (const auto& p : state.hearlink["patients"]) {
    if (p.value("externalSystemId", json()) == hint_patient_id) return &p;
  }
  return nullptr;
}

json state_json(Sandbox& sandbox) {
  std::lock_guard lock(sandbox.state().mutex);
  auto& state = sandbox.state();
  json practices = json::array();
  for (const auto& p : state.practices) {
    practices.push_back(
        {{"id", p.id}, {"name", p.name}, {"integration_id", p.integration_id}, {"installed", p.installed}});
  }
  json patients = json::array();
  for (const auto& r : state.patients) {
    const json* twin = hearlink_twin(state, r.object.value("id", ""));
    patients.push_back({{"practice_id", r.practice_id},
                        {"id", r.object.value("id", "")},
                        {"name", r.object.value("name", "")},
                        {"dob", r.object.value("dob", json())},
                        {"membership_status", r.object.value("membership_status", json())},
                        {"hearlink_uid", twin ? (*twin)["uid"] : json()}});
  }
  return {{"practices", practices},
          {"patients", patients},
          {"hearlink_practice_id", state.hearlink_practice_id},
          {"sandbox_origin", sandbox.public_origin()},
          {"hearbridge_url", sandbox.config().hearbridge_url},
          {"hearbridge_origin", sandbox.hearbridge_origin()},
          {"surfaces", {"core_page", "clinical_interaction", "clinical_chart", "settings"}},
          {"roles", {"admin", "clinician", "staff"}}};
}

void handle_create_patient(Sandbox& sandbox, const Request& req, Response& res) {
  auto body = json_object_body(req);
  if (!body) return reply_hint_error(res, 400, "The body must be a JSON object");
  NewHintPatient fields{text_field(*body, "first_name"), text_field(*body, "last_name"), text_field(*body, "dob"),
                        text_field(*body, "email"),      text_field(*body, "phone"),     text_field(*body, "gender")};
  if (fields.first_name.empty() || fields.last_name.empty())
    return reply_hint_error(res, 422, "first_name and last_name are required");
  json patient;
  std::string practice_id;
  {
    std::lock_guard lock(sandbox.state().mutex);
    auto& state = sandbox.state();
    practice_id = text_field(*body, "practice_id");
    if (practice_id.empty()) practice_id = state.practices.front().id;
    if (!state.practice(practice_id)) return reply_hint_error(res, 404, "Practice not found");
    patient = make_hint_patient(state.ids, fields, sandbox.hint_now(), kSeedReferenceYear);
    state.patients.push_back({practice_id, patient});
  }
  sandbox.emit_hint_event(practice_id, "patient.created", patient);
  reply_json(res, 201, patient);
}

PracticeRecord* find_patient_anywhere(SandboxState& state, const std::string& id) {
  for (auto& r : state.patients) {
    if (r.object.value("id", "") == id) return &r;
  }
  return nullptr;
}

void handle_update_patient(Sandbox& sandbox, const Request& req, Response& res, bool archive) {
  auto body = archive ? std::optional<json>(json::object()) : json_object_body(req);
  if (!body) return reply_hint_error(res, 400, "The body must be a JSON object");
  json patient;
  std::string practice_id;
  {
    std::lock_guard lock(sandbox.state().mutex);
    auto* record = find_patient_anywhere(sandbox.state(), req.path_params.at("id"));
    if (!record) return reply_hint_error(res, 404, "Patient not found");
    for (const char* field : {"first_name", "last_name"}) {
      if (!text_field(*body, field).empty()) record->object[field] = (*body)[field];
    }
    for (const char* field : {"dob", "email", "gender", "middle_name"}) {  // these may be cleared with null
      if (body->contains(field) && ((*body)[field].is_string() || (*body)[field].is_null()))
        record->object[field] = (*body)[field];
    }
    if (body->contains("phone") && (*body)["phone"].is_string()) {
      record->object["phones"] = json::array({{{"number", (*body)["phone"]}, {"type", "mobile"}}});
    }
    const std::string middle = text_field(record->object, "middle_name");
    record->object["name"] = text_field(record->object, "first_name") + (middle.empty() ? " " : " " + middle + " ") +
                             text_field(record->object, "last_name");
    if (archive) record->object["membership_status"] = "inactive";
    record->object["updated_at"] = sandbox.hint_now();
    patient = record->object;
    practice_id = record->practice_id;
  }
  // Hint's docs name the archive event patient.inactive (one page says patient.archived).
  sandbox.emit_hint_event(practice_id, archive ? "patient.inactive" : "patient.updated", patient);
  reply_json(res, 200, patient);
}

// The practice uninstalls the app: Hint revokes its tokens and tells the partner
// (integration.deactivated, docs/contracts/hint.md#webhook-events).
void handle_uninstall(Sandbox& sandbox, const Request& req, Response& res) {
  json object;
  std::string practice_id = req.path_params.at("id");
  {
    std::lock_guard lock(sandbox.state().mutex);
    auto& state = sandbox.state();
    Practice* practice = state.practice(practice_id);
    if (!practice) return reply_hint_error(res, 404, "Practice not found");
    if (!practice->installed) return reply_hint_error(res, 409, "HearBridge is not installed in this practice");
    practice->installed = false;
    std::erase_if(state.tokens, [&](const auto& entry) { return entry.second.practice_id == practice_id; });
    object = {{"id", practice->integration_id},
              {"status", "inactive"},
              {"practice", {{"id", practice->id}, {"name", practice->name}}}};
  }
  sandbox.emit_hint_event(practice_id, "integration.deactivated", object);
  reply_json(res, 200, object);
}

void handle_mint_code(Sandbox& sandbox, const Request& req, Response& res) {
  auto body = json_object_body(req);
  std::lock_guard lock(sandbox.state().mutex);
  auto& state = sandbox.state();
  std::string practice_id = body ? text_field(*body, "practice_id") : "";
  if (practice_id.empty()) practice_id = state.practices.front().id;
  if (!state.practice(practice_id)) return reply_hint_error(res, 404, "Practice not found");
  const std::string code = random_base62(24);
  state.activation_codes[code] = {practice_id, false};
  reply_json(res, 201,
             {{"code", code},
              {"practice_id", practice_id},
              {"connect_url", sandbox.config().hearbridge_url + "/hint/connect/" + code}});
}

// Headless install: Hint POSTs the code to the partner's redirect URL (docs/contracts/hint.md#activation).
void handle_deliver_code(Sandbox& sandbox, const Request& req, Response& res) {
  const std::string code = req.path_params.at("code");
  const auto reply = sandbox.post_to_hearbridge("/hint/connect/" + hb::url_encode(code), {}, "");
  reply_json(res, 200, {{"hearbridge_status", reply.status}, {"hearbridge_answer", reply.body.substr(0, 300)}});
}

std::string event_name(const std::string& collection) {
  for (const auto& [name, event] : hearlink_collections()) {
    if (name == collection) return event;
  }
  return {};
}

// Adds a record of `collection` for a HearLink patient (by uid, or by linked Hint patient id).
void handle_add_hearlink(Sandbox& sandbox, const Request& req, Response& res) {
  const std::string collection = req.path_params.at("collection");
  const std::string event = event_name(collection);
  if (event.empty() || collection == "patients") return reply_hint_error(res, 404, "Unknown HearLink collection");
  auto body = json_object_body(req);
  if (!body) return reply_hint_error(res, 400, "The body must be a JSON object");
  json record;
  {
    std::lock_guard lock(sandbox.state().mutex);
    auto& state = sandbox.state();
    const json* patient = nullptr;
    if (auto uid = text_field(*body, "patient_uid"); !uid.empty()) patient = state.hearlink_record("patients", uid);
    if (auto id = text_field(*body, "hint_patient_id"); !patient && !id.empty()) patient = hearlink_twin(state, id);
    if (!patient) return reply_hint_error(res, 404, "No HearLink patient for that patient");
    const json ref = hearlink_patient_ref(*patient);
    const int64_t now = sandbox.now_ms();
    if (collection == "hearing_tests") {
      record = make_hearing_test(state.ids, ref, iso_date(now / 1000), static_cast<int>(state.ids.next(5)));
      if (auto* p = state.hearlink_record("patients", ref["uid"])) (*p)["lastTestDate"] = record["testDate"];
    } else if (collection == "appointments") {
      record = make_appointment(state.ids, ref, (now / 3600000 + 48) * 3600000, "Hearing assessment");
    } else {
      // Transactions and credit notes belong to the patient's latest invoice (one is made if none).
      const json* invoice = nullptr;
      for (const auto& inv : state.hearlink["invoices"]) {
        if (inv["patient"]["uid"] == ref["uid"]) invoice = &inv;
      }
      if (collection == "invoices" || !invoice) {
        json fresh = make_invoice(state.ids, ref, hearlink_timestamp(now), false);
        state.hearlink["invoices"].push_back(fresh);
        if (collection == "invoices") {
          record = fresh;
        } else {
          invoice = &state.hearlink["invoices"].back();
          sandbox.emit_hearlink_event("invoice.created", fresh);
        }
      }
      if (collection == "transactions") record = make_transaction(state.ids, *invoice, hearlink_timestamp(now));
      if (collection == "credit_notes") record = make_credit_note(state.ids, *invoice, hearlink_timestamp(now));
    }
    if (collection != "invoices") state.hearlink[collection].push_back(record);
  }
  sandbox.emit_hearlink_event(event + ".created", record);
  reply_json(res, 201, record);
}

void handle_change_hearlink(Sandbox& sandbox, const Request& req, Response& res, bool remove) {
  const std::string collection = req.path_params.at("collection");
  const std::string event = event_name(collection);
  if (event.empty()) return reply_hint_error(res, 404, "Unknown HearLink collection");
  auto body = remove ? std::optional<json>(json::object()) : json_object_body(req);
  if (!body) return reply_hint_error(res, 400, "The body must be a JSON object");
  json record;
  {
    std::lock_guard lock(sandbox.state().mutex);
    auto& records = sandbox.state().hearlink[collection];
    auto it = std::find_if(records.begin(), records.end(),
                           [&](const json& r) { return r.value("uid", "") == req.path_params.at("uid"); });
    if (it == records.end()) return reply_hint_error(res, 404, "Record not found");
    if (remove) {
      record = *it;
      records.erase(it);
    } else {
      for (const auto& [key, value] : body->items()) {
        if (key != "uid") (*it)[key] = value;
      }
      (*it)["updated"] = {{"at", hearlink_timestamp(sandbox.now_ms())},
                          {"by", {{"uid", "usr_9"}, {"fullName", "Priya Natarajan"}}}};
      record = *it;
    }
  }
  sandbox.emit_hearlink_event(event + (remove ? ".deleted" : ".updated"), record);
  reply_json(res, 200, record);
}

}  // namespace

void register_sandbox_controls(Sandbox& sandbox) {
  auto& http = sandbox.http();
  Sandbox* s = &sandbox;
  http.Get("/api/sandbox/state", [s](const Request&, Response& res) { reply_json(res, 200, state_json(*s)); });
  http.Get("/api/sandbox/interactions", [s](const Request&, Response& res) {
    std::lock_guard lock(s->state().mutex);
    json out = json::array();
    for (const auto& r : s->state().interactions) {
      json item = r.object;
      item["practice_id"] = r.practice_id;
      out.push_back(item);
    }
    reply_json(res, 200, out);
  });
  http.Get("/api/sandbox/launches", [s](const Request&, Response& res) {
    std::lock_guard lock(s->state().mutex);
    reply_json(res, 200, s->state().launches);
  });
  http.Get("/api/sandbox/deliveries", [s](const Request&, Response& res) {
    reply_json(res, 200, {{"hint", queue_json(s->hint_webhooks())}, {"hearlink", queue_json(s->hearlink_webhooks())}});
  });
  http.Post("/api/sandbox/patients", [s](const Request& req, Response& res) { handle_create_patient(*s, req, res); });
  http.Patch("/api/sandbox/patients/:id",
             [s](const Request& req, Response& res) { handle_update_patient(*s, req, res, false); });
  http.Post("/api/sandbox/patients/:id/archive",
            [s](const Request& req, Response& res) { handle_update_patient(*s, req, res, true); });
  http.Post("/api/sandbox/practices/:id/uninstall",
            [s](const Request& req, Response& res) { handle_uninstall(*s, req, res); });
  http.Post("/api/sandbox/activation_codes",
            [s](const Request& req, Response& res) { handle_mint_code(*s, req, res); });
  http.Post("/api/sandbox/activation_codes/:code/deliver",
            [s](const Request& req, Response& res) { handle_deliver_code(*s, req, res); });
  http.Get("/api/sandbox/hearlink", [s](const Request&, Response& res) {
    std::lock_guard lock(s->state().mutex);
    reply_json(res, 200, s->state().hearlink);
  });
  http.Post("/api/sandbox/hearlink/test_event", [s](const Request&, Response& res) {
    // Always delivered, whatever the webhook's event filter or state (docs/contracts/hearlink.md#test-event).
    s->emit_hearlink_event(
        "test", {{"message", "This is a test webhook from HearLink"}, {"triggeredBy", "Priya Natarajan"}}, true);
    reply_json(res, 202, {{"queued", true}});
  });
  http.Post("/api/sandbox/hearlink/enable", [s](const Request&, Response& res) {
    s->hearlink_webhooks().enable();
    reply_json(res, 200, {{"disabled", false}});
  });
  http.Post("/api/sandbox/replay_seed", [s](const Request&, Response& res) {
    reply_json(res, 202, {{"queued", s->replay_hearlink_seed()}});
  });
  http.Post("/api/sandbox/hearlink/:collection",
            [s](const Request& req, Response& res) { handle_add_hearlink(*s, req, res); });
  http.Patch("/api/sandbox/hearlink/:collection/:uid",
             [s](const Request& req, Response& res) { handle_change_hearlink(*s, req, res, false); });
  http.Delete("/api/sandbox/hearlink/:collection/:uid",
              [s](const Request& req, Response& res) { handle_change_hearlink(*s, req, res, true); });
}

}  // namespace hbs
