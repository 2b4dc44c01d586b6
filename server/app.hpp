// Everything main wires, in one place, so tests build exactly the same server in-process:
// config → dependencies → routes. No logic lives here.
#pragma once
#include <memory>

#include "server/background_loop.hpp"
#include "server/clinical/clinical_notes.hpp"
#include "server/clinical/hint_sync.hpp"
#include "server/clinical/patient_record.hpp"
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/directory/directory_sync.hpp"
#include "server/hearlink/hearlink_client.hpp"
#include "server/hearlink/hearlink_sync.hpp"
#include "server/hint/hint_client.hpp"
#include "server/http/http_app.hpp"
#include "server/http/web_bundle.hpp"
#include "server/practice/activation.hpp"
#include "server/practice/practice_settings.hpp"
#include "server/security/hint_signature.hpp"
#include "server/security/token_cipher.hpp"
#include "server/sessions/authenticator.hpp"
#include "server/sessions/role_map.hpp"
#include "server/sessions/session_store.hpp"
#include "server/store/database.hpp"
#include "server/webhooks/webhooks.hpp"

namespace hb {

class App {
public:
  // `config` must have passed validate_config.
  static Result<std::unique_ptr<App>> create(Config config, Clock clock);

  HttpApp& http() { return http_; }
  const Config& config() const { return config_; }
  Database& database() { return *db_; }
  SessionStore& sessions() { return sessions_; }
  const Authenticator& authenticator() const { return authenticator_; }
  const TokenCipher& cipher() const { return cipher_; }
  Webhooks& webhooks() { return *webhooks_; }
  ClinicalNotes& notes() { return notes_; }
  PracticeSettingsStore& practice_settings() { return practice_settings_; }
  PracticeActivation& activation() { return activation_; }
  // Hands the settings' HearLink webhook secrets to the intake (at start and after each save).
  [[nodiscard]] Status reload_hearlink_secrets();
  HintSync& hint_sync() { return *hint_sync_; }
  HearLinkSync& hearlink_sync() { return *hearlink_sync_; }
  DirectorySync& directory() { return directory_; }
  // Links back to the app use this base (HEARBRIDGE_PUBLIC_URL, else http://<bound address>).
  void set_public_url(std::string url);
  std::string public_url() const;
  // True when this start generated the data key file (main logs it after the listening line).
  bool generated_data_key() const { return generated_data_key_; }

private:
  App(Config config, Clock clock, std::unique_ptr<Database> db, WebBundle web, std::string data_key, RoleMap roles);
  void register_routes();
  void poke_outbox();  // new work queued: both outbox runners look now

  Config config_;
  Clock clock_;
  std::unique_ptr<Database> db_;
  WebBundle web_;
  HintKeys hint_keys_;
  TokenCipher cipher_;
  bool generated_data_key_ = false;
  RoleMap roles_;
  SessionStore sessions_;
  Authenticator authenticator_;
  mutable std::mutex public_url_mutex_;
  std::string public_url_;
  std::unique_ptr<Transport> hint_transport_;
  RateLimiter hint_limiter_;
  HintClient hint_;
  ClinicalNotes notes_;
  PatientRecords records_;
  PracticeSettingsStore practice_settings_;
  PracticeActivation activation_;
  std::unique_ptr<HintSync> hint_sync_;
  DirectorySync directory_;
  std::unique_ptr<Transport> hearlink_transport_;
  std::unique_ptr<HearLinkClient> hearlink_;
  std::unique_ptr<HearLinkSync> hearlink_sync_;
  HttpApp http_;
  // Declared after http_: destroyed first (stops the workers and the inbox writer) once the server
  // has stopped serving.
  std::unique_ptr<Webhooks> webhooks_;
  // Last: stopped first, before anything they use goes away. One loop per remote side, and the
  // directory's pass on its own, so nothing slow on one side delays the others.
  std::unique_ptr<BackgroundLoop> hint_loop_;
  std::unique_ptr<BackgroundLoop> hearlink_loop_;
  std::unique_ptr<BackgroundLoop> directory_loop_;
  std::unique_ptr<BackgroundLoop> session_sweep_loop_;
};

}  // namespace hb
