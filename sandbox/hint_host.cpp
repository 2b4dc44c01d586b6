// Hint as the host: the chart page (/), the SDK stand-in (/hint-sdk.js), the delivery log page, and
// the launch: the page asks POST /api/sandbox/launch, the backend signs and POSTs the handshake to
// HearBridge server-to-server (docs/contracts/hint.md#launch-handshake) and answers the iframe URL
// with the session_key.
#include <algorithm>

#include "sandbox/embedded_files.hpp"
#include "sandbox/http_util.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/signing.hpp"
#include "shared/url_encode.hpp"

namespace hbs {
namespace {

using httplib::Request;
using httplib::Response;

constexpr const char* kSurfaces[] = {"core_page", "clinical_interaction", "clinical_chart", "settings"};

bool is_surface(const std::string& name) {
  return std::any_of(std::begin(kSurfaces), std::end(kSurfaces), [&](const char* s) { return name == s; });
}

void serve_file(Response& res, const std::string& name, const char* content_type, const std::string& origin = {}) {
  const auto& files = embedded_files();
  auto it = files.find(name);
  if (it == files.end()) return reply_hint_error(res, 404, "Not found");
  std::string body(it->second);
  // The SDK knows the host's origin: it posts to it and accepts messages only from it.
  if (!origin.empty()) {
    for (auto at = body.find("__SANDBOX_ORIGIN__"); at != std::string::npos; at = body.find("__SANDBOX_ORIGIN__", at)) {
      body.replace(at, 18, origin);
    }
  }
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(body, content_type);
}

json sandbox_user(const json& roles) {
  return {{"id", "user-sandbox01"},   {"email", "maya.lindqvist@maple-street.example"},
          {"first_name", "Maya"},     {"last_name", "Lindqvist"},
          {"name", "Maya Lindqvist"}, {"partner_roles", roles}};
}

void handle_launch(Sandbox& sandbox, const Request& req, Response& res) {
  auto body = json_object_body(req);
  if (!body) return reply_hint_error(res, 400, "The body must be a JSON object");
  const std::string surface = text_field(*body, "surface", "core_page");
  if (!is_surface(surface)) return reply_hint_error(res, 422, "Unknown surface");
  json roles = body->contains("roles") ? (*body)["roles"] : json::array({"admin"});
  if (!roles.is_array() || !std::all_of(roles.begin(), roles.end(), [](const json& r) { return r.is_string(); })) {
    return reply_hint_error(res, 422, "roles must be a list of strings");
  }
  const bool clinical = surface == "clinical_interaction" || surface == "clinical_chart";

  json handshake;
  json context;
  {
    std::lock_guard lock(sandbox.state().mutex);
    auto& state = sandbox.state();
    const Practice* practice = state.practice(text_field(*body, "practice_id", state.practices.front().id));
    if (!practice) return reply_hint_error(res, 404, "Practice not found");
    if (!practice->installed)
      return reply_hint_error(res, 409, "HearBridge is not installed in this practice (mint an activation code)");
    const std::string access_token = random_base62(36);  // fresh for every launch; a practice token
    const int64_t ttl_s = sandbox.config().access_token_ttl_s;
    state.tokens[access_token] = {practice->id, "handshake", ttl_s > 0 ? sandbox.now_ms() + ttl_s * 1000 : 0};
    handshake = {
        {"timestamp", sandbox.hint_now()},
        {"user", sandbox_user(roles)},
        {"practice", {{"id", practice->id}, {"name", practice->name}}},
        {"integration", {{"id", practice->integration_id}}},
        {"access_token", access_token},
        {"access_context",
         text_field(*body, "access_context", "standard") == "platform_support" ? "platform_support" : "standard"},
        {"browser_allow_list", json::array()},
    };
    context = {{"user", sandbox_user(roles)}, {"currentPatient", nullptr}, {"interaction", nullptr}};
    const std::string patient_id = text_field(*body, "patient_id");
    if (!patient_id.empty()) {
      const auto* patient = state.patient(practice->id, patient_id);
      if (!patient) return reply_hint_error(res, 404, "Patient not found in this practice");
      context["currentPatient"] = {{"id", patient_id}, {"name", patient->object.value("name", "")}};
    } else if (clinical) {
      return reply_hint_error(res, 422, "A clinical surface needs a patient");
    }
    if (clinical) handshake["patient"] = {{"id", patient_id}};
    if (surface == "clinical_interaction") {
      std::string interaction_id = text_field(*body, "interaction_id");
      if (interaction_id.empty()) interaction_id = "inter-" + state.ids.base62(12);
      handshake["interaction"] = {{"id", interaction_id}};
      context["interaction"] = {{"id", interaction_id}};
    }
  }

  // Server to server, signed over the exact bytes sent.
  const std::string payload = handshake.dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string base = sandbox.config().hearbridge_url;
  json launch_log = {{"at", handshake["timestamp"]},
                     {"surface", surface},
                     {"practice_id", handshake["practice"]["id"]},
                     {"roles", roles},
                     {"patient_id", handshake.value("patient", json::object()).value("id", json())}};
  auto [status, answer] = sandbox.post_to_hearbridge(
      "/hint/handshake", {{"X-Hint-Signature", hint_signature(sandbox.config().hint_webhook_secret, payload)}},
      payload);
  launch_log["handshake_status"] = status;
  std::string session_key;
  if (status == 200) {
    json parsed = json::parse(answer, nullptr, false);
    if (parsed.is_object() && parsed.value("session_key", json()).is_string())
      session_key = parsed["session_key"].get<std::string>();
  }
  {
    std::lock_guard lock(sandbox.state().mutex);
    sandbox.state().launches.push_back(launch_log);
  }
  if (session_key.empty()) {
    const std::string why =
        status == 0 ? "HearBridge did not answer at " + base + "/hint/handshake (" + answer + ")"
                    : "HearBridge answered the handshake with " + std::to_string(status) + ": " + answer.substr(0, 300);
    return reply_json(res, 502, {{"status", 502}, {"message", why}, {"handshake_status", status}});
  }
  reply_json(res, 200,
             {{"iframe_url", base + "/hint/" + surface + "?session_key=" + hb::url_encode(session_key)},
              {"surface", surface},
              {"handshake_status", status},
              {"hearbridge_origin", sandbox.hearbridge_origin()},
              {"context", context}});
}

}  // namespace

void register_hint_host(Sandbox& sandbox) {
  auto& http = sandbox.http();
  http.Get("/", [](const Request&, Response& res) { serve_file(res, "index.html", "text/html; charset=utf-8"); });
  http.Get("/deliveries",
           [](const Request&, Response& res) { serve_file(res, "deliveries.html", "text/html; charset=utf-8"); });
  http.Get("/sandbox.js",
           [](const Request&, Response& res) { serve_file(res, "sandbox.js", "text/javascript; charset=utf-8"); });
  http.Get("/sandbox.css",
           [](const Request&, Response& res) { serve_file(res, "sandbox.css", "text/css; charset=utf-8"); });
  http.Get("/hint-sdk.js", [&sandbox](const Request&, Response& res) {
    serve_file(res, "hint-sdk.js", "text/javascript; charset=utf-8", sandbox.public_origin());
  });
  http.Get("/healthz", [](const Request&, Response& res) { reply_json(res, 200, {{"status", "ok"}}); });
  http.Post("/api/sandbox/launch", [&sandbox](const Request& req, Response& res) { handle_launch(sandbox, req, res); });
}

}  // namespace hbs
