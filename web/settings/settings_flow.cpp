#include "web/settings/settings_flow.hpp"

#include <cctype>

#include "shared/json_input.hpp"
#include "web/api_client.hpp"

namespace hb::web {
namespace {

IdOrNameValue id_or_name(const nlohmann::json& json, const char* field) {
  const auto* object = object_at(json, field);
  if (!object) return {};
  return {string_at(*object, "id"), string_at(*object, "name")};
}

IdOrNameField field_of(const IdOrNameValue& value) {
  if (!value.id.empty()) return {false, value.id};
  return {true, value.name};
}

nlohmann::json field_json(const IdOrNameField& field) {
  std::string text = field.text;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(text.begin());
  if (text.empty()) return nlohmann::json::object();  // clears the default
  return {{field.by_name ? "name" : "id", text}};
}

void fill_form(SettingsState& s, const SettingsView& view) {
  s.clinic = field_of(view.default_clinic);
  s.referral = field_of(view.default_referral);
  s.status = field_of(view.default_status);
  s.auto_draft = view.auto_draft;
  s.form_filled = true;
}

}  // namespace

Result<SettingsView> parse_settings_view(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("hearlink_api_key")) {
    return Error{ErrorCode::internal, "The settings answer is not readable."};
  }
  SettingsView view;
  if (const auto* key = object_at(json, "hearlink_api_key")) {
    view.api_key_set = bool_at(*key, "set");
    view.api_key_last4 = string_at(*key, "last4");
  }
  if (const auto* secrets = object_at(json, "hearlink_webhook_secrets")) {
    auto count = secrets->find("count");
    if (count != secrets->end() && count->is_number_integer()) view.webhook_secret_count = count->get<int>();
  }
  view.default_clinic = id_or_name(json, "default_clinic");
  view.default_referral = id_or_name(json, "default_referral");
  view.default_status = id_or_name(json, "default_status");
  view.auto_draft = bool_at(json, "auto_draft_from_hearing_tests");
  return view;
}

Result<ConnectionTest> parse_connection_test(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("ok") || !json["ok"].is_boolean()) {
    return Error{ErrorCode::internal, "The connection test's answer is not readable."};
  }
  return ConnectionTest{json["ok"].get<bool>(), string_at(json, "reason")};
}

nlohmann::json settings_update_body(const SettingsState& s) {
  nlohmann::json body{{"default_clinic", field_json(s.clinic)},
                      {"default_referral", field_json(s.referral)},
                      {"default_status", field_json(s.status)},
                      {"auto_draft_from_hearing_tests", s.auto_draft}};
  if (!s.api_key_input.empty()) body["hearlink_api_key"] = s.api_key_input;
  if (s.replace_secrets) {
    nlohmann::json secrets = nlohmann::json::array();
    std::string current;
    auto flush = [&] {
      while (!current.empty() && std::isspace(static_cast<unsigned char>(current.back()))) current.pop_back();
      size_t start = 0;
      while (start < current.size() && std::isspace(static_cast<unsigned char>(current[start]))) ++start;
      if (start < current.size()) secrets.push_back(current.substr(start));
      current.clear();
    };
    for (char c : s.secrets_input) {
      if (c == '\n' || c == ',') flush();
      else current += c;
    }
    flush();
    body["hearlink_webhook_secrets"] = secrets;
  }
  return body;
}

std::string api_key_summary(const SettingsView& view) {
  if (!view.api_key_set) return "not set";
  return view.api_key_last4.empty() ? "set" : "set · ends with " + view.api_key_last4;
}

std::string secrets_summary(const SettingsView& view) {
  if (view.webhook_secret_count == 0) return "none saved";
  return std::to_string(view.webhook_secret_count) + (view.webhook_secret_count == 1 ? " secret saved" : " secrets saved");
}

std::pair<std::string, std::string> split_field_error(const std::string& message) {
  const auto colon = message.find(": ");
  if (colon == std::string::npos || colon == 0 || message.find(' ') < colon) return {"", message};
  std::string text = message.substr(colon + 2);
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return {message.substr(0, colon), text};
}

void load_settings(AppState& state, Services& services) {
  auto ticket = state.settings.loaded.start();
  call_api(state, services.api, "GET", "/api/settings", nullptr,
           [ticket](AppState& s, const Result<nlohmann::json>& reply) {
             if (!reply) {
               s.settings.loaded.fail(ticket, reply.error());
               return;
             }
             auto view = parse_settings_view(reply.value());
             if (!view) {
               s.settings.loaded.fail(ticket, view.error());
               return;
             }
             if (s.settings.loaded.resolve(ticket, view.value()) && !s.settings.form_filled) {
               fill_form(s.settings, view.value());
             }
           });
}

void save_settings(AppState& state, Services& services) {
  auto& settings = state.settings;
  if (settings.saving.pending()) return;
  auto body = settings_update_body(settings);
  settings.error_field.clear();
  settings.error_message.clear();
  settings.saved_once = false;
  auto ticket = settings.saving.start();
  call_api(state, services.api, "PUT", "/api/settings", body,
           [ticket](AppState& s, const Result<nlohmann::json>& reply) {
             auto& st = s.settings;
             if (!reply) {
               if (!st.saving.fail(ticket, reply.error())) return;
               if (reply.error().code == ErrorCode::bad_request) {
                 auto [field, message] = split_field_error(std::string(reply.error().text()));
                 st.error_field = field;
                 st.error_message = message;
               }
               return;
             }
             auto view = parse_settings_view(reply.value());
             if (!view) {
               st.saving.fail(ticket, view.error());
               return;
             }
             if (!st.saving.resolve(ticket, view.value())) return;
             // Saved: the typed secrets leave memory; the form shows what is stored now.
             st.api_key_input.clear();
             st.secrets_input.clear();
             st.replace_secrets = false;
             st.saved_once = true;
             auto loaded_ticket = st.loaded.start();
             st.loaded.resolve(loaded_ticket, view.value());
             fill_form(st, view.value());
           });
}

void test_connection(AppState& state, Services& services) {
  if (state.settings.connection.pending()) return;
  auto ticket = state.settings.connection.start();
  call_api(state, services.api, "POST", "/api/settings/test-connection", nlohmann::json::object(),
           [ticket](AppState& s, const Result<nlohmann::json>& reply) {
             if (!reply) {
               s.settings.connection.fail(ticket, reply.error());
               return;
             }
             auto test = parse_connection_test(reply.value());
             if (!test) s.settings.connection.fail(ticket, test.error());
             else s.settings.connection.resolve(ticket, test.value());
           });
}

void settings_edited(AppState& state, const char* field) {
  auto& s = state.settings;
  s.saved_once = false;
  if (s.error_field == field) {
    s.error_field.clear();
    s.error_message.clear();
  }
}

}  // namespace hb::web
