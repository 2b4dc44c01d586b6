// The practice settings screen's state (the `settings` surface, admins only). Part of AppState;
// edited by the settings page's widgets, filled by replies (web/settings/settings_flow.*).
// Secrets typed here (HearLink API key, webhook secrets) are write-only: they go out in one PUT
// and are cleared from memory once saved; the server only ever answers "set · ends with 9f2a".
#pragma once
#include <string>

#include <cstdint>
#include <optional>

#include "shared/directory_progress.hpp"
#include "shared/practice_settings.hpp"
#include "web/remote.hpp"

namespace hb::web {

// One "id or name" field: the toggle says which the text is.
struct IdOrNameField {
  bool by_name = true;
  std::string text;
};

struct SettingsState {
  Remote<PracticeSettings> loaded;    // GET /api/settings (then replaced by each save's answer)
  Remote<PracticeSettings> saving;    // PUT /api/settings
  Remote<ConnectionTest> connection;  // POST /api/settings/test-connection
  bool form_filled = false;           // the form was filled from `loaded` once

  // The form.
  std::string api_key_input;  // "" leaves the stored key as it is
  bool replace_secrets = false;
  std::string secrets_input;  // one secret per line (or comma-separated)
  IdOrNameField clinic;
  IdOrNameField referral;
  IdOrNameField status;
  bool auto_draft = false;

  // The server's field error from the last save ("default_clinic" + its message), shown beside it.
  std::string error_field;
  std::string error_message;
  bool saved_once = false;  // "Saved" after a successful save, until the next edit

  // The patient directory's fill from Hint (GET /api/settings/directory), asked again every
  // kDirectoryPollMs while a pass runs; the last answer stays on screen while the next is asked.
  Remote<DirectoryProgress> directory;
  std::optional<DirectoryProgress> directory_shown;
  std::optional<std::int64_t> directory_poll_ms;
};

constexpr std::int64_t kDirectoryPollMs = 2000;

}  // namespace hb::web
