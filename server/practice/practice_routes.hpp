// Activation and the practice's settings, over HTTP:
//   POST /hint/connect/:code     (Hint, server to server)  → 200 {"status": "active", "practice": {"id", "name"}}
//   GET  /hint/activate?code=…   (the admin's browser)      → a small HTML page: installed, or what went wrong
//   GET  /api/settings           (admin)                    → PracticeSettings as JSON (secrets masked)
//   PUT  /api/settings           (admin, partial update)    → the saved settings; audit "settings.update"
// Registered before the app shell's /hint/:surface so the two activation paths win.
#pragma once
#include <functional>

#include "server/http/http_app.hpp"
#include "server/practice/activation.hpp"
#include "server/practice/practice_settings.hpp"
#include "server/sessions/authenticator.hpp"

namespace hb {

struct PracticeRouteDeps {
  PracticeActivation& activation;
  PracticeSettingsStore& settings;
  const Authenticator& authenticator;
  // Called after every successful settings save (the webhook intake reloads its HearLink secrets).
  std::function<void()> settings_saved;
};

void register_practice_routes(HttpApp& http, PracticeRouteDeps deps);

// The self-contained confirmation / error page of GET /hint/activate (text is HTML-escaped).
std::string activation_page(const ActivatedPractice* practice, const Error* error);

}  // namespace hb
