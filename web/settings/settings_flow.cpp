#include "web/settings/settings_flow.hpp"

#include <cctype>

#include "web/api_client.hpp"

namespace hb::web {
namespace {

IdOrNameField field_of(const IdOrName& value) {
  if (!value.id.empty()) return {false, value.id};
  return {true, value.name};
}

// Empty text clears the default.
IdOrName field_value(const IdOrNameField& field) {
  std::string text = field.text;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(text.begin());
  if (field.by_name) return {{}, text};
  return {text, {}};
}

void fill_form(SettingsState& s, const PracticeSettings& view) {
  s.clinic = field_of(view.default_clinic);
  s.referral = field_of(view.default_referral);
  s.status = field_of(view.default_status);
  s.auto_draft = view.auto_draft_from_hearing_tests;
  s.form_filled = true;
}

}  // namespace

PracticeSettingsUpdate settings_update(const SettingsState& s) {
  PracticeSettingsUpdate update;
  update.default_clinic = field_value(s.clinic);
  update.default_referral = field_value(s.referral);
  update.default_status = field_value(s.status);
  update.auto_draft_from_hearing_tests = s.auto_draft;
  if (!s.api_key_input.empty()) update.hearlink_api_key = s.api_key_input;
  if (s.replace_secrets) {
    std::vector<std::string> secrets;
    std::string current;
    auto flush = [&] {
      while (!current.empty() && std::isspace(static_cast<unsigned char>(current.back()))) current.pop_back();
      size_t start = 0;
      while (start < current.size() && std::isspace(static_cast<unsigned char>(current[start]))) ++start;
      if (start < current.size()) secrets.push_back(current.substr(start));
      current.clear();
    };
    for (char c : s.secrets_input) {
      if (c == '\n' || c == ',')
        flush();
      else
        current += c;
    }
    flush();
    update.hearlink_webhook_secrets = std::move(secrets);
  }
  return update;
}

std::string api_key_summary(const PracticeSettings& view) {
  if (!view.hearlink_api_key_set) return "not set";
  return view.hearlink_api_key_last4.empty() ? "set" : "set · ends with " + view.hearlink_api_key_last4;
}

std::string secrets_summary(const PracticeSettings& view) {
  const int count = view.hearlink_webhook_secret_count;
  if (count == 0) return "none saved";
  return std::to_string(count) + (count == 1 ? " secret saved" : " secrets saved");
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
             auto view = parse_practice_settings(reply.value());
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
  auto body = to_json(settings_update(settings));
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
             auto view = parse_practice_settings(reply.value());
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
             if (!test)
               s.settings.connection.fail(ticket, test.error());
             else
               s.settings.connection.resolve(ticket, test.value());
           });
}

void load_directory(AppState& state, Services& services, bool refresh) {
  auto& s = state.settings;
  s.directory_poll_ms.reset();
  auto ticket = s.directory.start();
  call_api(state, services.api, refresh ? "POST" : "GET",
           refresh ? "/api/settings/directory/refresh" : "/api/settings/directory",
           refresh ? nlohmann::json::object() : nlohmann::json(),
           [ticket](AppState& st, const Result<nlohmann::json>& reply) {
             auto progress = reply ? parse_directory_progress(reply.value()) : Result<DirectoryProgress>(reply.error());
             if (!progress) {
               st.settings.directory.fail(ticket, progress.error());
               return;
             }
             if (!st.settings.directory.resolve(ticket, progress.value())) return;
             st.settings.directory_shown = progress.value();
             if (progress.value().status == "running") st.settings.directory_poll_ms = st.now_ms + kDirectoryPollMs;
           });
}

namespace {
// 12000 → "12,000".
std::string thousands(std::int64_t n) {
  auto digits = std::to_string(n < 0 ? 0 : n);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return digits;
}
// "2026-12-02T14:32:00Z" → "2026-12-02 14:32 UTC".
std::string short_time(const std::string& iso) {
  return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC" : iso;
}
}  // namespace

std::string directory_summary(const DirectoryProgress& p) {
  if (p.status == "running") {
    if (p.hint_total == 0 && p.listed == 0) return "Starting to read Hint's patient list…";
    return "Reading Hint's patient list: " + thousands(p.listed) + " of " + thousands(p.hint_total) + " patients…";
  }
  if (p.status == "done") {
    return thousands(p.listed) + " patients listed from Hint · updated " + short_time(p.finished_at) +
           " · next check " + short_time(p.next_pass_at);
  }
  return "Not filled yet: it fills from Hint's patient list when a clinician first opens HearBridge.";
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
