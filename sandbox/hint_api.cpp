// Hint's REST API, as docs/contracts/hint.md#rest-api and #activation describe it:
//   GET   /api/provider/patients                       (limit ≤ 100, offset, exact filters, sort; X-Total-Count, X-Count)
//   GET   /api/provider/patients/{id}
//   POST  /api/provider/patients/{patient_id}/interactions/partner
//   GET|PATCH /api/provider/patients/{patient_id}/interactions/partner/{id}
//   POST  /api/oauth/tokens                            (partner key; activation code -> practice token)
//   POST  /api/partner/installations/connect           (partner key; activation code -> api_keys[0].token)
// Bearer auth per practice; a partner key on /api/provider gets 428; 20 requests/s per partner -> 429.
#include <algorithm>
#include <charconv>

#include "sandbox/http_util.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/signing.hpp"

namespace hbs {
namespace {

using httplib::Request;
using httplib::Response;

enum class Caller { none, partner, practice };
struct Auth {
  Caller caller = Caller::none;
  std::string practice_id;
};

Auth authenticate(Sandbox& sandbox, const Request& req) {
  const std::string token = bearer_token(req);
  if (token.empty()) return {};
  if (token == sandbox.config().hint_api_key) return {Caller::partner, {}};
  std::lock_guard lock(sandbox.state().mutex);
  auto it = sandbox.state().tokens.find(token);
  if (it == sandbox.state().tokens.end()) return {};
  if (it->second.expires_ms != 0 && sandbox.now_ms() >= it->second.expires_ms)
    return {};  // short-lived handshake token
  return {Caller::practice, it->second.practice_id};
}

// Every /api request counts against the partner's budget (all its keys share it), before auth.
bool within_rate_limit(Sandbox& sandbox, Response& res) {
  if (sandbox.rate_limiter().allow(sandbox.config().hint_partner_id, sandbox.now_ms())) return true;
  reply_hint_error(res, 429, "Enhance your calm");  // and deliberately no Retry-After
  return false;
}

// Practice routes: a practice token, or 401; the partner key gets 428 (it must act as a practice).
bool practice_caller(Sandbox& sandbox, const Request& req, Response& res, Auth& auth) {
  if (!within_rate_limit(sandbox, res)) return false;
  auth = authenticate(sandbox, req);
  if (auth.caller == Caller::partner) {
    reply_hint_error(res, 428, "This endpoint needs a practice access token, not the partner API key");
    return false;
  }
  if (auth.caller != Caller::practice) {
    reply_hint_error(res, 401, "Invalid or missing access token");
    return false;
  }
  return true;
}

bool partner_caller(Sandbox& sandbox, const Request& req, Response& res) {
  if (!within_rate_limit(sandbox, res)) return false;
  if (authenticate(sandbox, req).caller != Caller::partner) {
    reply_hint_error(res, 401, "Invalid or missing partner API key");
    return false;
  }
  return true;
}

std::optional<int> query_int(const Request& req, const char* name, int fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::string scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

// Filters Hint matches exactly on a patient list; other query names are ignored, as Hint does.
constexpr const char* kPatientFilters[] = {"id",  "first_name",        "last_name",       "email",
                                           "dob", "membership_status", "external_link_id"};

void handle_list_patients(Sandbox& sandbox, const Request& req, Response& res) {
  Auth auth;
  if (!practice_caller(sandbox, req, res, auth)) return;
  const auto limit = query_int(req, "limit", 10);
  const auto offset = query_int(req, "offset", 0);
  if (!limit || !offset) {
    reply_hint_error(res, 400, "limit and offset must be non-negative integers");
    return;
  }
  std::vector<json> matches;
  {
    std::lock_guard lock(sandbox.state().mutex);
    for (const auto& record : sandbox.state().patients) {
      if (record.practice_id != auth.practice_id) continue;
      bool match = true;
      for (const char* filter : kPatientFilters) {
        if (req.has_param(filter) && scalar_text(record.object.value(filter, json())) != req.get_param_value(filter))
          match = false;
      }
      if (match) matches.push_back(record.object);
    }
  }
  if (req.has_param("sort")) {
    std::string key = req.get_param_value("sort");
    const bool descending = !key.empty() && key[0] == '-';
    if (descending) key.erase(0, 1);
    std::stable_sort(matches.begin(), matches.end(), [&](const json& a, const json& b) {
      const auto x = scalar_text(a.value(key, json()));
      const auto y = scalar_text(b.value(key, json()));
      return descending ? y < x : x < y;
    });
  }
  const size_t page_size = static_cast<size_t>(std::clamp(*limit, 1, 100));
  const size_t from = std::min(matches.size(), static_cast<size_t>(*offset));
  const size_t to = std::min(matches.size(), from + page_size);
  json page = json::array();
  for (size_t i = from; i < to; ++i) page.push_back(matches[i]);
  res.set_header("X-Total-Count", std::to_string(matches.size()));
  res.set_header("X-Count", std::to_string(page.size()));
  reply_json(res, 200, page);
}

void handle_get_patient(Sandbox& sandbox, const Request& req, Response& res) {
  Auth auth;
  if (!practice_caller(sandbox, req, res, auth)) return;
  std::lock_guard lock(sandbox.state().mutex);
  auto* record = sandbox.state().patient(auth.practice_id, req.path_params.at("id"));
  if (!record) return reply_hint_error(res, 404, "Patient not found");
  reply_json(res, 200, record->object);
}

// Body fields a partner may set (docs/contracts/hint.md#partner-interactions).
constexpr const char* kInteractionStatuses[] = {"draft", "signed", "addended", "deleted", "failed"};
constexpr const char* kInteractionTextFields[] = {"title", "integration_record_id", "integration_web_link",
                                                  "integration_error_message"};

bool known_status(const std::string& status) {
  return std::any_of(std::begin(kInteractionStatuses), std::end(kInteractionStatuses),
                     [&](const char* s) { return status == s; });
}

// Applies the text fields of `body` to `object`; an error message when a field has the wrong type.
std::string apply_interaction_fields(const json& body, json& object) {
  for (const char* field : kInteractionTextFields) {
    if (!body.contains(field)) continue;
    if (!body[field].is_null() && !body[field].is_string()) return std::string(field) + " must be a string or null";
    object[field] = body[field];
  }
  return {};
}

// Status rules: draft (and failed) may become anything; signed may only be addended; addended
// and deleted are final. Any change to a signed interaction other than addending is refused (422).
std::string check_transition(const std::string& from, const std::string& to) {
  if (from == "draft" || from == "failed") return {};
  if (from == "signed" && to == "addended") return {};
  return (from == "addended" ? "An " : "A ") + from + " interaction cannot be edited";
}

void handle_create_interaction(Sandbox& sandbox, const Request& req, Response& res) {
  Auth auth;
  if (!practice_caller(sandbox, req, res, auth)) return;
  auto body = json_object_body(req);
  if (!body) return reply_hint_error(res, 400, "The body must be a JSON object");
  const std::string status =
      body->value("status", json("draft")).is_string() ? body->value("status", std::string("draft")) : "";
  if (status != "draft") return reply_hint_error(res, 422, "A partner interaction is created with status draft");
  if (body->contains("type") && body->value("type", json()) != "partner")
    return reply_hint_error(res, 422, "type must be partner");
  std::lock_guard lock(sandbox.state().mutex);
  const std::string patient_id = req.path_params.at("patient_id");
  if (!sandbox.state().patient(auth.practice_id, patient_id)) return reply_hint_error(res, 404, "Patient not found");
  json object = {
      {"id", "inter-" + sandbox.state().ids.base62(12)},
      {"type", "partner"},
      {"patient_id", patient_id},
      {"status", "draft"},
      {"title", nullptr},
      {"body", nullptr},
      {"integration_record_id", nullptr},
      {"integration_sync_status", "enabled"},
      {"integration_error_message", nullptr},
      {"integration_web_link", nullptr},
      {"integration_last_synced_at", nullptr},
  };
  if (auto error = apply_interaction_fields(*body, object); !error.empty()) return reply_hint_error(res, 422, error);
  object["integration_last_synced_at"] = sandbox.hint_now();
  sandbox.state().interactions.push_back({auth.practice_id, object});
  reply_json(res, 201, object);
}

PracticeRecord* find_interaction(SandboxState& state, const std::string& practice_id, const std::string& patient_id,
                                 const std::string& id) {
  for (auto& record : state.interactions) {
    if (record.practice_id == practice_id && record.object.value("id", "") == id &&
        record.object.value("patient_id", "") == patient_id) {
      return &record;
    }
  }
  return nullptr;
}

void handle_get_interaction(Sandbox& sandbox, const Request& req, Response& res) {
  Auth auth;
  if (!practice_caller(sandbox, req, res, auth)) return;
  std::lock_guard lock(sandbox.state().mutex);
  auto* record =
      find_interaction(sandbox.state(), auth.practice_id, req.path_params.at("patient_id"), req.path_params.at("id"));
  if (!record) return reply_hint_error(res, 404, "Interaction not found");
  reply_json(res, 200, record->object);
}

void handle_update_interaction(Sandbox& sandbox, const Request& req, Response& res) {
  Auth auth;
  if (!practice_caller(sandbox, req, res, auth)) return;
  auto body = json_object_body(req);
  if (!body) return reply_hint_error(res, 400, "The body must be a JSON object");
  std::lock_guard lock(sandbox.state().mutex);
  auto* record =
      find_interaction(sandbox.state(), auth.practice_id, req.path_params.at("patient_id"), req.path_params.at("id"));
  if (!record) return reply_hint_error(res, 404, "Interaction not found");
  const std::string from = record->object.value("status", "draft");
  std::string to = from;
  if (body->contains("status")) {
    if (!(*body)["status"].is_string() || !known_status((*body)["status"].get<std::string>())) {
      return reply_hint_error(res, 422, "status must be one of draft, signed, addended, deleted, failed");
    }
    to = (*body)["status"].get<std::string>();
  }
  if (auto error = check_transition(from, to); !error.empty()) return reply_hint_error(res, 422, error);
  json updated = record->object;
  if (auto error = apply_interaction_fields(*body, updated); !error.empty()) return reply_hint_error(res, 422, error);
  updated["status"] = to;
  updated["integration_last_synced_at"] = sandbox.hint_now();
  record->object = updated;
  reply_json(res, 200, updated);
}

// Both activation exchanges: a single-use code from the page's "mint" button -> a practice token.
std::optional<std::pair<std::string, std::string>> redeem_code(Sandbox& sandbox, const std::string& code,
                                                               Response& res) {
  std::lock_guard lock(sandbox.state().mutex);
  auto it = sandbox.state().activation_codes.find(code);
  if (code.empty() || it == sandbox.state().activation_codes.end() || it->second.used) {
    reply_hint_error(res, 422, "The code is invalid or was already used");
    return std::nullopt;
  }
  it->second.used = true;
  const std::string token = random_base62(36);
  sandbox.state().tokens[token] = {it->second.practice_id, "activation", 0};
  Practice* practice = sandbox.state().practice(it->second.practice_id);
  const bool reinstall = practice && !practice->installed;
  if (practice) practice->installed = true;
  auto redeemed = std::make_pair(it->second.practice_id, token);
  if (reinstall) {
    sandbox.emit_hint_event(practice->id, "integration.activated",
                            {{"id", practice->integration_id},
                             {"status", "active"},
                             {"practice", {{"id", practice->id}, {"name", practice->name}}}});
  }
  return redeemed;
}

json practice_json(Sandbox& sandbox, const std::string& practice_id) {
  std::lock_guard lock(sandbox.state().mutex);
  const Practice* p = sandbox.state().practice(practice_id);
  return p ? json{{"id", p->id}, {"name", p->name}} : json{{"id", practice_id}};
}

std::string integration_of(Sandbox& sandbox, const std::string& practice_id) {
  std::lock_guard lock(sandbox.state().mutex);
  const Practice* p = sandbox.state().practice(practice_id);
  return p ? p->integration_id : "";
}

void handle_oauth_tokens(Sandbox& sandbox, const Request& req, Response& res) {
  if (!partner_caller(sandbox, req, res)) return;
  auto body = json_object_body(req);
  if (!body || !body->value("code", json()).is_string()) return reply_hint_error(res, 400, "code is required");
  if (body->value("grant_type", json()) != "authorization_code")
    return reply_hint_error(res, 400, "grant_type must be authorization_code");
  auto redeemed = redeem_code(sandbox, (*body)["code"].get<std::string>(), res);
  if (!redeemed) return;
  reply_json(res, 200,
             {{"id", integration_of(sandbox, redeemed->first)},
              {"access_token", redeemed->second},
              {"token_type", "bearer"},
              {"expires_in", nullptr},
              {"status", "active"},
              {"practice", practice_json(sandbox, redeemed->first)}});
}

void handle_installations_connect(Sandbox& sandbox, const Request& req, Response& res) {
  if (!partner_caller(sandbox, req, res)) return;
  auto body = json_object_body(req);
  if (!body || !body->value("code", json()).is_string()) return reply_hint_error(res, 400, "code is required");
  auto redeemed = redeem_code(sandbox, (*body)["code"].get<std::string>(), res);
  if (!redeemed) return;
  reply_json(res, 200,
             {{"id", "inst-" + random_base62(12)},
              {"status", "active"},
              {"practice", practice_json(sandbox, redeemed->first)},
              {"api_keys", json::array({{{"token", redeemed->second}}})}});
}

}  // namespace

void register_hint_api(Sandbox& sandbox) {
  auto& http = sandbox.http();
  auto route = [&sandbox](void (*handler)(Sandbox&, const Request&, Response&)) {
    return [&sandbox, handler](const Request& req, Response& res) { handler(sandbox, req, res); };
  };
  http.Get("/api/provider/patients", route(handle_list_patients));
  http.Get("/api/provider/patients/:id", route(handle_get_patient));
  http.Post("/api/provider/patients/:patient_id/interactions/partner", route(handle_create_interaction));
  http.Get("/api/provider/patients/:patient_id/interactions/partner/:id", route(handle_get_interaction));
  http.Patch("/api/provider/patients/:patient_id/interactions/partner/:id", route(handle_update_interaction));
  http.Post("/api/oauth/tokens", route(handle_oauth_tokens));
  http.Post("/api/partner/installations/connect", route(handle_installations_connect));
}

}  // namespace hbs
