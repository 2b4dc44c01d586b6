// The settings screen's logic: what each command sends and how replies land in SettingsState.
// No drawing here; tests drive it with the fake HTTP client.
//
// The bodies are shared messages (shared/practice_settings.hpp):
//   GET  /api/settings                  → PracticeSettings
//   PUT  /api/settings PracticeSettingsUpdate → PracticeSettings; 400 {"error": {"message": "<field>: <what is wrong>"}}
//   POST /api/settings/test-connection  → ConnectionTest
//   GET  /api/settings/directory, POST /api/settings/directory/refresh → DirectoryProgress
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"
#include "web/app_state.hpp"
#include "web/services.hpp"

namespace hb::web {

// The PUT request for the form: the key only when typed, the secrets only when being replaced, the
// defaults and the checkbox always.
PracticeSettingsUpdate settings_update(const SettingsState& settings);

// "set · ends with 9f2a" / "not set".
std::string api_key_summary(const PracticeSettings& view);
// "2 secrets saved" / "1 secret saved" / "none saved".
std::string secrets_summary(const PracticeSettings& view);

// "default_clinic: give an id or a name, not both." → {"default_clinic", "Give an id or a name, not both."}
std::pair<std::string, std::string> split_field_error(const std::string& message);

// Commands (web/commands.hpp).
void load_settings(AppState& state, Services& services);
void save_settings(AppState& state, Services& services);
void test_connection(AppState& state, Services& services);
// GET /api/settings/directory, or (`refresh`) POST …/refresh; while the pass runs, polled again.
void load_directory(AppState& state, Services& services, bool refresh);

// "Reading Hint's patient list: 1,200 of 12,000 patients" and the like (one line for the page).
std::string directory_summary(const DirectoryProgress& progress);

// A form field changed: clears "Saved" and a stale error for that field.
void settings_edited(AppState& state, const char* field);

}  // namespace hb::web
